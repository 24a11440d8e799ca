"""SL130 selinux-relaxed: SELinux confinement disabled or replaced by a custom user, role or type.
"""

from __future__ import annotations

from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.yaml import YMapping

from ..kubernetes.examples import container, pod
from ..kubernetes.pss import (
    PSS_DOC,
    SELINUX_TYPES,
    mapping,
    sc_levels,
    scalar,
)
from .lsm import security_opt

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:  # the models are named by their modules: a run imports only its kinds'
    from typing import Iterator
    from linter.compose import Service
    from linter.kubernetes import PodTemplate

RULE = Rule(
    code="SL130",
    name="selinux-relaxed",
    severity=Severity.MEDIUM,
    summary="SELinux confinement disabled or replaced by a custom user, role or type",
    rationale=(
        "On SELinux hosts (RHEL, Fedora, OpenShift) the container_t type keeps a container "
        "away from host files and other containers' files even when it runs as root. "
        "Disabling labelling, or choosing a privileged type such as spc_t or unconfined_t, a "
        "custom user or role, removes that separation."),
    remediation=(
        "Kubernetes: remove `seLinuxOptions.user`/`role` and keep `type` empty or one of "
        "container_t, container_init_t, container_kvm_t, container_engine_t (a `level` is "
        "fine). Compose: remove `label:disable` / `label=type:spc_t`."),
    references=[
        PSS_DOC + "#baseline",
        "https://kubernetes.io/docs/tasks/configure-pod-container/security-context/"
        "#assign-selinux-labels-to-a-container",
        "https://docs.docker.com/reference/cli/docker/container/run/#security-opt",
        "CIS Docker Benchmark 5.2: Ensure that, if applicable, SELinux security options are set",
    ],
    aliases={"pss": "baseline/selinux", "trivy": "KSV-0025"},
    tags=["security", "hardening"],
    failing=lambda: [
        Example("compose.yaml", "services:\n  app:\n    image: app:1.0\n    security_opt: [\"label:disable\"]\n"),
        Example("pod.yaml", pod(container("securityContext:\n  seLinuxOptions: {type: spc_t}"))),
        Example("pod.yaml", pod("securityContext:\n  seLinuxOptions: {user: system_u}\n" + container())),
    ],
    passing=lambda: [
        Example("compose.yaml", "services:\n  app:\n    image: app:1.0\n"
                                "    security_opt: [\"label=level:s0:c100,c200\"]\n"),
        Example("pod.yaml", pod(container("securityContext:\n  seLinuxOptions: {level: 's0:c123,c456'}"))),
    ],
    fragments=True,
)


@RULE.check("linter.kubernetes.tree:PodTemplate")
def selinux_pod(pt: PodTemplate) -> Iterator[Hit]:
    for where, sc, _ in sc_levels(pt):
        opts = mapping(sc, "seLinuxOptions")
        if not isinstance(opts, YMapping):
            continue
        t = scalar(opts, "type")
        if t is not None and t.as_str() not in SELINUX_TYPES:
            yield Hit(t, f"{where} sets SELinux type '{t.as_str()}'; PSS baseline 'SELinux' "
                         "allows only container_t, container_init_t, container_kvm_t or "
                         "container_engine_t", fix="remove seLinuxOptions.type")
        for key in ("user", "role"):
            v = scalar(opts, key)
            if v is not None and v.as_str():
                yield Hit(v, f"{where} sets a custom SELinux {key} '{v.as_str()}'; PSS baseline "
                             f"'SELinux' forbids setting seLinuxOptions.{key}",
                          fix=f"remove seLinuxOptions.{key}")


_PRIVILEGED_TYPES = ("spc_t", "unconfined_t", "container_runtime_t", "kernel_t")


@RULE.check("linter.compose.tree:Service")
def selinux_compose(service: Service) -> Iterator[Hit]:
    for v, _, value in security_opt(service, ("label",)):
        if value == "disable" or value.replace("=", ":") in {f"type:{t}" for t in _PRIVILEGED_TYPES}:
            yield Hit(v, f"service '{service.name}' disables SELinux separation "
                         f"(label:{value})", fix="remove the label option")
