"""SL302 unmasked-proc-mount: Container sees an unmasked /proc (procMount other than Default)."""

from __future__ import annotations

from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.kubernetes import PodTemplate
from linter.kubernetes import schema as k8s_schema

from .examples import container, pod
from .apiversions import userns_relaxed
from .pss import (
    PSS_DOC,
    user_namespace,
    who,
)

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

_SC = "https://kubernetes.io/docs/tasks/configure-pod-container/security-context/"


RULE = Rule(
    code="SL302",
    name="unmasked-proc-mount",
    severity=Severity.HIGH,
    summary="Container sees an unmasked /proc (procMount other than Default)",
    rationale=(
        "The runtime masks and makes read-only parts of /proc (/proc/kcore, /proc/sys, "
        "/proc/sysrq-trigger...) that expose kernel memory and host-wide settings. "
        "`procMount: Unmasked` removes that protection."),
    remediation="Remove `securityContext.procMount` or set it to `Default`.",
    references=[PSS_DOC + "#baseline", _SC],
    aliases={"pss": ["baseline/proc-mount-type", "restricted/proc-mount-type"],
             "trivy": "KSV-0027", "kube-linter": "unsafe-proc-mount", "polaris": "procMount"},
    tags=["security", "hardening"],
    failing=lambda: [Example("pod.yaml", pod(container("securityContext: {procMount: Unmasked}")))],
    passing=lambda: [Example("pod.yaml", pod(container("securityContext: {procMount: Default}")))],
    fragments=True,
    options={"kubernetes-version": k8s_schema.DEFAULT_VERSION},
)


@RULE.check(PodTemplate)
def proc_mount(pt: PodTemplate) -> Iterator[Hit]:
    # PSS 1.35+ relaxes the baseline control (not the restricted one) in a user namespace
    userns = user_namespace(pt) and userns_relaxed(RULE)
    for c in pt.all_containers():
        f = c.effective_security_context.proc_mount
        if f is None or f.node.as_str() == "Default":
            continue
        level = ("restricted '/proc Mount Type' forbids it even in a user namespace" if userns
                 else "baseline '/proc Mount Type' forbids it")
        yield Hit(f.node, f"{who(c)} sets procMount: {f.node.as_str()}; PSS {level}",
                  severity=Severity.MEDIUM if userns else None, fix="remove procMount")
