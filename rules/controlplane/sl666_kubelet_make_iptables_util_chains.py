"""SL666 kubelet-make-iptables-util-chains: kubelet does not manage its iptables chains."""

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

CONTROL = KubeletSetting(("makeIPTablesUtilChains",), "make-iptables-util-chains", differs("false"),
                         "true", "--make-iptables-util-chains=true", config_default="true",
                         flag_default="true", risk="the kubelet does not manage its iptables "
                         "chains, which drift out of step with the pods' networking")

RULE = Rule(
    code="SL666",
    name="kubelet-make-iptables-util-chains",
    severity=Severity.LOW,
    summary='kubelet does not manage its iptables chains',
    rationale=(
        "With `makeIPTablesUtilChains: false` the kubelet stops maintaining the "
        "iptables chains it relies on (KUBE-FIREWALL and the masquerade marks); left "
        "to hand edits they drift from what pods' networking needs."),
    remediation=(
        "Remove `makeIPTablesUtilChains: false` (true is the default)."),
    references=[
        DOCS[KUBELET],
        cis('4.2.7', 'Ensure that the --make-iptables-util-chains argument is set to true'),
        CIS,
    ],
    aliases={'cis': '4.2.7'},
    related={'checkov': 'CKV_K8S_145', 'trivy': 'KCV-0084', 'kics': 'Kubelet Not Managing Ip Tables'},
    tags=["control-plane"],
    failing=lambda: [
        Example("kubelet-config.yaml", kubelet_config("makeIPTablesUtilChains: false\n")),
    ],
    passing=lambda: [
        Example("kubelet-config.yaml", kubelet_config("makeIPTablesUtilChains: true\n")),
        Example("kubelet-config.yaml", kubelet_config("")),
    ],
)


@RULE.check(KubernetesSet)
def check(kset: KubernetesSet) -> Iterator[Hit]:
    yield from CONTROL.hits(kset)
