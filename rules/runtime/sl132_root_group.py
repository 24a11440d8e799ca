"""SL132 root-group: the container's process runs with group ID 0."""

from __future__ import annotations

from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.kubernetes import k8s_value
from linter.yaml import YScalar

from ..kubernetes.examples import container, pod
from ..kubernetes.pss import obj_label, user_namespace, who, windows_pod

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:  # the models are named by their modules: a run imports only its kinds'
    from typing import Iterator
    from linter.compose import Service
    from linter.kubernetes import PodTemplate

RULE = Rule(
    code="SL132",
    name="root-group",
    severity=Severity.LOW,
    summary="Container runs with the root group (GID 0)",
    rationale=(
        "Even as a non-root user, a process whose primary or supplementary group is 0 can "
        "read and write every file the image or a mounted volume leaves group-root "
        "accessible (often /etc, application directories, sockets), which helps an attacker "
        "tamper with the container or escalate."),
    remediation=(
        "Kubernetes: set `runAsGroup` and `fsGroup` to a non-zero GID and leave 0 out of "
        "`supplementalGroups`. Compose: give a non-zero group in `user: \"10001:10001\"`."),
    references=["https://kubernetes.io/docs/tasks/configure-pod-container/security-context/",
                "https://docs.docker.com/reference/compose-file/services/#user"],
    aliases={"trivy": "KSV-0116"},
    related={"kube-linter": "run-as-non-root", "trivy": "KSV-0021", "kubesec": "RunAsGroup"},
    tags=["security", "privilege"],
    failing=lambda: [
        Example("compose.yaml", "services:\n  app:\n    image: app:1.0\n    user: \"10001:0\"\n"),
        Example("pod.yaml", pod("securityContext: {runAsUser: 10001, runAsGroup: 0}\n" + container())),
    ],
    passing=lambda: [
        Example("compose.yaml", "services:\n  app:\n    image: app:1.0\n    user: \"10001:10001\"\n"),
        Example("pod.yaml", pod("securityContext: {runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001}\n"
                                + container())),
    ],
    fragments=True,
)


_FIX = "use a non-zero GID (runAsGroup, fsGroup, supplementalGroups)"


def _zero(node: YScalar | None) -> bool:
    if node is None:
        return False
    v = k8s_value(node)
    return v == 0 and not isinstance(v, bool)


@RULE.check("linter.kubernetes.tree:PodTemplate")
def pod_template(pt: PodTemplate) -> Iterator[Hit]:
    if windows_pod(pt) or user_namespace(pt):
        return
    psc = pt.security_context
    if psc is not None:
        if _zero(psc.fs_group):
            yield Hit(psc.fs_group, f"{obj_label(pt.owner)} sets fsGroup: 0, so every container "
                                    "runs with the root group and volumes are owned by it", fix=_FIX)
        for item in (psc.supplemental_groups.items if psc.supplemental_groups is not None else []):
            if isinstance(item, YScalar) and _zero(item):
                yield Hit(item, f"{obj_label(pt.owner)} adds the root group (0) to supplementalGroups",
                          fix=_FIX)
    for c in pt.all_containers():
        g = c.effective_security_context.run_as_group
        u = c.effective_security_context.run_as_user
        if g is not None and _zero(g.node) and not (u is not None and _zero(u.node)):
            where = "the pod's" if g.level == "pod" else "its"
            yield Hit(g.node, f"{who(c)} runs with the root group: runAsGroup is 0 in {where} "
                              "securityContext", fix=_FIX)


@RULE.check("linter.compose.tree:Service")
def compose_service(service: Service) -> Iterator[Hit]:
    user = service.user
    if user is None or not user.known or not user.value or ":" not in user.value:
        return
    name, _, group = user.value.strip().strip("\"'").partition(":")
    if name.strip() in ("root", "0"):
        return  # SL101 reports a root user
    if group.strip() in ("root", "0"):
        yield Hit(user, f"service '{service.name}' runs with the root group (user: {user.value})",
                  fix='give a non-zero group, e.g. `user: "10001:10001"`')
