"""SL128 seccomp-unconfined: Seccomp filtering explicitly disabled (Unconfined)."""

from __future__ import annotations

from linter.engine import Example, Hit, Rule
from linter.findings import Severity

from ..kubernetes.examples import container, pod
from ..kubernetes.pss import (
    PSS_DOC,
    mapping,
    obj_label,
    scalar,
)
from .lsm import profile_types, unconfined

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:  # the models are named by their modules: a run imports only its kinds'
    from typing import Iterator
    from linter.compose import Service
    from linter.kubernetes import PodTemplate

RULE = Rule(
    code="SL128",
    name="seccomp-unconfined",
    severity=Severity.HIGH,
    summary="Seccomp filtering explicitly disabled (Unconfined)",
    rationale=(
        "The runtime's default seccomp profile blocks a few dozen system calls that "
        "containers do not need and that many kernel exploits and container escapes rely on "
        "(keyctl, unshare, bpf, ptrace on old kernels, mount...). Running Unconfined removes "
        "that layer."),
    remediation=(
        "Remove the Unconfined setting so the runtime default applies, or set "
        "`seccompProfile: {type: RuntimeDefault}` (Kubernetes) / a custom profile "
        "(`security_opt: [\"seccomp=profile.json\"]`) that allows just the extra calls needed."),
    references=[
        PSS_DOC + "#baseline",
        "https://kubernetes.io/docs/tutorials/security/seccomp/",
        "https://docs.docker.com/engine/security/seccomp/",
        "CIS Docker Benchmark 5.21: Ensure the default seccomp profile is not disabled",
    ],
    aliases={"cis": "5.7.2", "pss": "baseline/seccomp", "trivy": ["KSV-0104", "KSV-0030"],
             "kics": "Default Seccomp Profile Disabled"},
    related={"checkov": "CKV_K8S_31"},
    tags=["security", "hardening"],
    failing=lambda: [
        Example("compose.yaml", "services:\n  app:\n    image: app:1.0\n"
                                "    security_opt: [\"seccomp:unconfined\"]\n"),
        Example("pod.yaml", pod("securityContext:\n  seccompProfile: {type: Unconfined}\n" + container())),
        Example("pod.yaml", pod(container(), metadata="name: p\nannotations:\n"
                                "  seccomp.security.alpha.kubernetes.io/pod: unconfined")),
    ],
    passing=lambda: [
        Example("compose.yaml", "services:\n  app:\n    image: app:1.0\n"
                                "    security_opt: [\"seccomp=./profile.json\"]\n"),
        Example("pod.yaml", pod("securityContext:\n  seccompProfile: {type: RuntimeDefault}\n" + container())),
    ],
    fragments=True,
)


_SECCOMP_ANN = "seccomp.security.alpha.kubernetes.io/pod"


_SECCOMP_CTR_ANN = "container.seccomp.security.alpha.kubernetes.io/"


@RULE.check("linter.kubernetes.tree:PodTemplate")
def seccomp_pod(pt: PodTemplate) -> Iterator[Hit]:
    yield from profile_types(pt, "seccompProfile", "Seccomp")
    ann = mapping(pt.metadata, "annotations")
    if ann is None:
        return
    for e in ann.entries:
        key = str(e.name or "")
        if key == _SECCOMP_ANN or key.startswith(_SECCOMP_CTR_ANN):
            v = scalar(ann, key)
            if v is not None and v.as_str().strip().lower() == "unconfined":
                yield Hit(v, f"{obj_label(pt.owner)} disables seccomp with the annotation "
                             f"'{key}: unconfined'; PSS baseline 'Seccomp' forbids it",
                          fix="remove the annotation; set securityContext.seccompProfile.type: "
                              "RuntimeDefault")


@RULE.check("linter.compose.tree:Service")
def seccomp_compose(service: Service) -> Iterator[Hit]:
    yield from unconfined(service, "seccomp", "seccomp",
                           "remove it, or point seccomp= at a profile allowing the extra calls")
