"""SL661 kubelet-authorization-always-allow: kubelet authorizes every request (AlwaysAllow)."""

from __future__ import annotations

from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.kubernetes import KubernetesSet

from .controls import CIS, DOCS, KubeletSetting, differs, cis
from .examples import kubelet_config
from .flags import KUBELET

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

CONTROL = KubeletSetting(("authorization", "mode"), "authorization-mode", differs("AlwaysAllow"),
                         "Webhook", "--authorization-mode=Webhook", config_default="Webhook",
                         flag_default="AlwaysAllow", risk="every caller that authenticates "
                         "to the kubelet may exec into, read and control the node's pods")

RULE = Rule(
    code="SL661",
    name="kubelet-authorization-always-allow",
    severity=Severity.HIGH,
    summary='kubelet authorizes every request (AlwaysAllow)',
    rationale=(
        "With authorization mode AlwaysAllow (the flag's default; a "
        "KubeletConfiguration defaults to Webhook) the kubelet lets any authenticated "
        "caller, or an anonymous one if anonymous auth is on, run commands in every "
        "container of the node."),
    remediation=(
        "Set `authorization.mode: Webhook` in the KubeletConfiguration (or "
        "`--authorization-mode=Webhook`), so the API server's RBAC decides."),
    references=[
        DOCS[KUBELET],
        cis('4.2.2', 'Ensure that the --authorization-mode argument is not set to AlwaysAllow'),
        CIS,
    ],
    aliases={'cis': '4.2.2'},
    related={'checkov': 'CKV_K8S_139', 'trivy': 'KCV-0080', 'kics': 'Authorization Mode Set To Always Allow'},
    tags=["control-plane"],
    failing=lambda: [
        Example("kubelet-config.yaml", kubelet_config("authorization:\n  mode: AlwaysAllow\n")),
    ],
    passing=lambda: [
        Example("kubelet-config.yaml", kubelet_config("authorization:\n  mode: Webhook\n")),
        Example("kubelet-config.yaml", kubelet_config("")),
    ],
)


@RULE.check(KubernetesSet)
def check(kset: KubernetesSet) -> Iterator[Hit]:
    yield from CONTROL.hits(kset)
