"""SL613 apiserver-service-account-plugin: kube-apiserver disables the ServiceAccount admission plugin."""

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

CONTROL = Plugin("ServiceAccount", enabled=True,
                 risk="pods are not given their service account's token and may name "
                 "accounts that do not exist")

RULE = Rule(
    code="SL613",
    name="apiserver-service-account-plugin",
    severity=Severity.MEDIUM,
    summary='kube-apiserver disables the ServiceAccount admission plugin',
    rationale=(
        "The ServiceAccount admission plugin (on by default) assigns pods their "
        "service account and checks it exists. Disabling it breaks the least-privilege "
        "model that RBAC on service accounts relies on."),
    remediation=(
        "Remove ServiceAccount from `--disable-admission-plugins`."),
    references=[
        DOCS[APISERVER],
        cis('1.2.14', 'Ensure that the admission control plugin ServiceAccount is set'),
        CIS,
    ],
    aliases={'trivy': 'KCV-0014', 'cis': '1.2.14'},
    related={'checkov': 'CKV_K8S_82', 'kics': 'Service Account Admission Control Plugin Disabled'},
    tags=["control-plane"],
    failing=lambda: [
        Example("kube-apiserver.yaml", static_pod(APISERVER,
                           "--disable-admission-plugins=ServiceAccount")),
    ],
    passing=lambda: [
        Example("kube-apiserver.yaml", static_pod(APISERVER,
                           "--enable-admission-plugins=NodeRestriction")),
        Example("kube-apiserver.yaml", static_pod(APISERVER)),
    ],
)


@RULE.check(PodTemplate)
def check(pt: PodTemplate) -> Iterator[Hit]:
    yield from CONTROL.hits(pt)
