"""SL120 privileged-container: a container runs with every host privilege."""

from __future__ import annotations

from linter.engine import Example, Hit, Rule
from linter.findings import Severity

from ..kubernetes.examples import container, pod
from ..kubernetes.pss import PSS_DOC, is_true, who

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:  # the models are named by their modules: a run imports only its kinds'
    from typing import Iterator
    from linter.compose import Service
    from linter.kubernetes import PodTemplate

RULE = Rule(
    code="SL120",
    name="privileged-container",
    severity=Severity.CRITICAL,
    summary="Container runs privileged",
    rationale=(
        "A privileged container gets every capability, all host devices and no seccomp, "
        "AppArmor or SELinux confinement: root in it is root on the node, and escaping is a "
        "matter of mounting the host's disk."),
    remediation=(
        "Remove `privileged: true`. Grant only the capability the workload needs "
        "(`cap_add` / `securityContext.capabilities.add`) or the one device it needs "
        "(`devices:`); run node agents that truly need the host in a dedicated, "
        "audited namespace."),
    references=[
        PSS_DOC + "#baseline",
        "https://docs.docker.com/reference/cli/docker/container/run/#privileged",
        "CIS Docker Benchmark 5.4: Ensure that privileged containers are not used",
    ],
    aliases={"cis": "5.2.2", "pss": "baseline/privileged-containers", "checkov": "CKV_K8S_16",
             "trivy": "KSV-0017", "kube-linter": "privileged-container",
             "polaris": "runAsPrivileged",
             "kube-score": "container-security-context-privileged", "kubesec": "Privileged",
             "kics": "Privileged Containers Enabled"},
    related={"checkov": "CKV_K8S_2", "kube-linter": "privilege-escalation-container"},
    tags=["security", "privilege"],
    failing=lambda: [
        Example("compose.yaml", "services:\n  agent:\n    image: agent:1.0\n    privileged: true\n"),
        Example("pod.yaml",
                "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n"
                "  - name: app\n    image: app:1.0\n    securityContext: {privileged: true}\n"),
        Example("pod.yaml", pod(container() + "ephemeralContainers:\n- name: debug\n"
                                "  image: busybox:1.36\n  securityContext: {privileged: yes}\n")),
    ],
    passing=lambda: [
        Example("compose.yaml", "services:\n  web:\n    image: nginx:1.27\n    privileged: false\n"),
        Example("pod.yaml",
                "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n"
                "  - name: app\n    image: app:1.0\n    securityContext: {privileged: false}\n"),
    ],
    fragments=True,
)


@RULE.check("linter.kubernetes.tree:PodTemplate")
def pod_template(pt: PodTemplate) -> Iterator[Hit]:
    for c in pt.all_containers():
        f = c.effective_security_context.privileged
        if f is not None and is_true(f.node):
            yield Hit(f.node, f"{who(c)} runs privileged (privileged: true); PSS baseline "
                              "'Privileged Containers' forbids it",
                      fix="remove `privileged: true`; add only the capabilities it needs")


@RULE.check("linter.compose.tree:Service")
def compose_service(service: Service) -> Iterator[Hit]:
    p = service.privileged
    if p is not None and p.as_bool() is True:
        yield Hit(p, f"service '{service.name}' runs privileged (privileged: true)",
                  fix="remove `privileged: true`; use `cap_add` or `devices` for what it needs")
