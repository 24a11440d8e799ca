"""SL611 apiserver-always-admit: kube-apiserver enables the AlwaysAdmit admission plugin."""

from __future__ import annotations

from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.kubernetes import PodTemplate

from .controls import CIS, DOCS, Plugin, cis
from .examples import static_pod
from .flags import APISERVER

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

CONTROL = Plugin("AlwaysAdmit", enabled=False,
                 risk="it admits every request, whatever the other admission plugins decide")

RULE = Rule(
    code="SL611",
    name="apiserver-always-admit",
    severity=Severity.HIGH,
    summary='kube-apiserver enables the AlwaysAdmit admission plugin',
    rationale=(
        "AlwaysAdmit (deprecated) lets every request through admission control, which "
        "undoes the checks of the plugins that enforce policy (Pod Security, resource "
        "quotas, NodeRestriction)."),
    remediation=(
        "Remove AlwaysAdmit from `--enable-admission-plugins`."),
    references=[
        DOCS[APISERVER],
        cis('1.2.11', 'Ensure that the admission control plugin AlwaysAdmit is not set'),
        CIS,
    ],
    aliases={'checkov': 'CKV_K8S_79', 'trivy': 'KCV-0011', 'cis': '1.2.11'},
    related={'kics': 'Always Admit Admission Control Plugin Set'},
    tags=["control-plane"],
    failing=lambda: [
        Example("kube-apiserver.yaml", static_pod(APISERVER,
                           "--enable-admission-plugins=NodeRestriction,AlwaysAdmit")),
    ],
    passing=lambda: [
        Example("kube-apiserver.yaml", static_pod(APISERVER,
                           "--enable-admission-plugins=NodeRestriction")),
    ],
)


@RULE.check(PodTemplate)
def check(pt: PodTemplate) -> Iterator[Hit]:
    yield from CONTROL.hits(pt)
