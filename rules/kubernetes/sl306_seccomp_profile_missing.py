"""SL306 seccomp-profile-missing: No seccomp profile set (RuntimeDefault or Localhost)."""

from __future__ import annotations

from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.kubernetes import PodTemplate

from .examples import container, pod
from .fixes import pod_setting
from .pss import (
    PSS_DOC,
    obj_label,
    profile_type,
    who,
    windows_pod,
)

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

RULE = Rule(
    code="SL306",
    name="seccomp-profile-missing",
    severity=Severity.LOW,
    summary="No seccomp profile set (RuntimeDefault or Localhost)",
    rationale=(
        "Kubernetes runs containers Unconfined by default unless the kubelet's "
        "SeccompDefault is on, so without `seccompProfile` the kernel's whole system-call "
        "surface is open to the container. PSS restricted requires RuntimeDefault or "
        "Localhost on the pod or on every container."),
    remediation="Set `securityContext.seccompProfile: {type: RuntimeDefault}` in the pod spec.",
    references=[PSS_DOC + "#restricted", "https://kubernetes.io/docs/tutorials/security/seccomp/"],
    aliases={"cis": "5.7.2", "pss": "restricted/seccomp", "trivy": ["KSV-0030", "KSV-0104"],
             "kube-score": "container-seccomp-profile"},
    related={"checkov": "CKV_K8S_31", "polaris": "linuxHardening", "kubesec": "SeccompAny",
             "kics": "Seccomp Profile Is Not Configured"},
    tags=["security", "hardening"],
    failing=lambda: [Example("pod.yaml", pod(container())),
             Example("pod.yaml", pod(container("securityContext:\n  seccompProfile: {type: RuntimeDefault}")
                                     + "initContainers:\n- name: init\n  image: busybox:1.36\n"))],
    passing=lambda: [Example("pod.yaml", pod("securityContext:\n  seccompProfile: {type: RuntimeDefault}\n" + container())),
             Example("pod.yaml", pod("os: {name: windows}\n" + container()))],
    opt_in="hardening",
    fixable="unsafe",  # a program that makes a system call the profile refuses stops working
)


_SECCOMP_FIX = "set securityContext.seccompProfile.type: RuntimeDefault on the pod"


@RULE.check(PodTemplate)
def seccomp_unset(pt: PodTemplate) -> Iterator[Hit]:
    if windows_pod(pt):
        return  # exempt since Kubernetes 1.25
    psc = pt.security_context
    if psc is not None and profile_type(psc.seccomp_profile) is not None:
        return  # set at pod level (an Unconfined value there is SL128's)
    lacking = [c for c in pt.all_containers()
               if profile_type(c.security_context.seccomp_profile if c.security_context else None) is None]
    if not lacking:
        return
    fix = pod_setting(pt, ("seccompProfile", "type"), "RuntimeDefault", _SECCOMP_FIX)
    if len(lacking) == len(pt.all_containers()):
        yield Hit(pt.node.entry("containers").key if pt.node.entry("containers") else pt,
                  f"{obj_label(pt.owner)} sets no seccomp profile on the pod or its containers; "
                  "PSS restricted 'Seccomp' requires RuntimeDefault or Localhost", fix=_SECCOMP_FIX,
                  autofix=fix)
        return
    for c in lacking:
        yield Hit(c.name_span, f"{who(c)} has no seccomp profile and the pod sets none; PSS restricted "
                     "'Seccomp' requires RuntimeDefault or Localhost", fix=_SECCOMP_FIX,
                  autofix=fix)
