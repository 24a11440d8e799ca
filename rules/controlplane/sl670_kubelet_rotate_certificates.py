"""SL670 kubelet-rotate-certificates: kubelet does not rotate its client certificate."""

from __future__ import annotations

from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.kubernetes import KubernetesSet

from .controls import CIS, DOCS, KubeletSetting, equals, cis
from .examples import kubelet_config
from .flags import KUBELET

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

CONTROL = KubeletSetting(("rotateCertificates",), "rotate-certificates", equals("true"), "true",
                         "--rotate-certificates=true", config_default="false",
                         flag_default="false", risk="the kubelet's client certificate is never "
                         "renewed: it expires (and the node drops out) or has to be long-lived")

RULE = Rule(
    code="SL670",
    name="kubelet-rotate-certificates",
    severity=Severity.MEDIUM,
    summary='kubelet does not rotate its client certificate',
    rationale=(
        "With `rotateCertificates: true` the kubelet requests a new client certificate "
        "before the current one expires. It is off by default (kubeadm turns it on): "
        "the node's credential then either expires or is issued for years."),
    remediation=(
        "Set `rotateCertificates: true` in the KubeletConfiguration (or "
        "`--rotate-certificates=true`)."),
    references=[
        DOCS[KUBELET],
        cis('4.2.11', 'Ensure that the --rotate-certificates argument is not set to false'),
        CIS,
    ],
    aliases={'cis': '4.2.11'},
    related={'checkov': 'CKV_K8S_149', 'trivy': 'KCV-0090', 'kics': 'Kubelet Client Periodic Certificate Switch Disabled'},
    tags=["control-plane"],
    failing=lambda: [
        Example("kubelet-config.yaml", kubelet_config("rotateCertificates: false\n")),
        Example("kubelet-config.yaml", kubelet_config("")),
    ],
    passing=lambda: [
        Example("kubelet-config.yaml", kubelet_config("rotateCertificates: true\n")),
    ],
)


@RULE.check(KubernetesSet)
def check(kset: KubernetesSet) -> Iterator[Hit]:
    yield from CONTROL.hits(kset)
