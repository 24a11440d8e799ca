"""SL340 net-raw-not-dropped: a container keeps the NET_RAW capability (off by default)."""

from __future__ import annotations

from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.kubernetes import PodTemplate

from .examples import container, pod
from .pss import PSS_DOC, cap_name, who, windows_pod

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

RULE = Rule(
    code="SL340",
    name="net-raw-not-dropped",
    severity=Severity.LOW,
    summary="Container does not drop NET_RAW (off by default: SL123 asks for drop ALL)",
    rationale=(
        "Container runtimes grant NET_RAW by default: raw and packet sockets, with which a "
        "compromised container can spoof traffic and poison ARP or DNS on its node's network. "
        "Dropping it (or ALL) costs nothing for programs that do not ping. Off by default and "
        "in no group, because SL123 (capabilities-not-dropped, hardening) asks for the "
        "stronger `drop: [ALL]` and would report the same container: select this rule (or "
        "kube-linter's drop-net-raw-capability, Checkov's CKV_K8S_28) to check only NET_RAW."),
    remediation="Add NET_RAW (better: ALL) to `securityContext.capabilities.drop`.",
    references=[PSS_DOC + "#restricted",
                "https://kubernetes.io/docs/tasks/configure-pod-container/security-context/"
                "#set-capabilities-for-a-container"],
    aliases={"cis": "5.2.8", "kube-linter": "drop-net-raw-capability", "checkov": "CKV_K8S_28",
             "kics": "NET_RAW Capabilities Not Being Dropped"},
    tags=["security", "privilege"],
    failing=lambda: [Example("pod.yaml", pod(container())),
             Example("pod.yaml", pod(container("securityContext:\n  capabilities:\n    drop: [CHOWN]")))],
    passing=lambda: [Example("pod.yaml", pod(container("securityContext:\n  capabilities:\n    drop: [NET_RAW]"))),
             Example("pod.yaml", pod(container("securityContext:\n  capabilities:\n    drop: [ALL]")))],
    enabled_by_default=False,
    fragments=True,  # a patch's `drop:` list replaces the base's, so it is judged as written
)


@RULE.check(PodTemplate)
def net_raw(pt: PodTemplate) -> Iterator[Hit]:
    if windows_pod(pt):
        return
    for c in pt.init_containers + pt.containers:
        drop = c.effective_security_context.capabilities_drop
        if drop is None and pt.partial:
            continue  # a patch that leaves capabilities to its base
        names = {cap_name(n) for n in drop.value} if drop is not None else set()
        added = c.effective_security_context.capabilities_add
        if added is not None and {cap_name(n) for n in added.value} & {"NET_RAW", "ALL"}:
            continue  # it asks for NET_RAW: SL122 reports the addition
        if not names & {"NET_RAW", "ALL"}:
            yield Hit(drop.node if drop is not None else c.name_span,
                      f"{who(c)} keeps the NET_RAW capability (capabilities.drop "
                      f"{'lists neither NET_RAW nor ALL' if drop is not None else 'is not set'})",
                      fix='add "NET_RAW" (or "ALL") to securityContext.capabilities.drop')
