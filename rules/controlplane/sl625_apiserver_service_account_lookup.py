"""SL625 apiserver-service-account-lookup: kube-apiserver accepts tokens of deleted service accounts."""

from __future__ import annotations

from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.kubernetes import PodTemplate

from .controls import CIS, DOCS, Setting, equals, cis
from .examples import static_pod
from .flags import APISERVER

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

CONTROL = Setting(APISERVER, "service-account-lookup", equals("true"), "true", default="true",
                  risk="tokens of deleted service accounts keep working until they expire")

RULE = Rule(
    code="SL625",
    name="apiserver-service-account-lookup",
    severity=Severity.MEDIUM,
    summary='kube-apiserver accepts tokens of deleted service accounts',
    rationale=(
        "With --service-account-lookup=false the API server trusts a service account "
        "token's signature alone and does not check that the account (or its Secret) "
        "still exists: deleting a leaked account does not revoke its tokens."),
    remediation=(
        "Remove `--service-account-lookup=false` (true is the default) or write "
        "`--service-account-lookup=true`."),
    references=[
        DOCS[APISERVER],
        cis('1.2.24', 'Ensure that the --service-account-lookup argument is set to true'),
        CIS,
    ],
    aliases={'trivy': 'KCV-0024', 'cis': '1.2.24'},
    related={'checkov': 'CKV_K8S_96', 'kics': 'Service Account Lookup Set To False'},
    tags=["control-plane"],
    failing=lambda: [
        Example("kube-apiserver.yaml", static_pod(APISERVER,
                           "--service-account-lookup=false")),
    ],
    passing=lambda: [
        Example("kube-apiserver.yaml", static_pod(APISERVER,
                           "--service-account-lookup=true")),
        Example("kube-apiserver.yaml", static_pod(APISERVER)),
    ],
)


@RULE.check(PodTemplate)
def check(pt: PodTemplate) -> Iterator[Hit]:
    yield from CONTROL.hits(pt)
