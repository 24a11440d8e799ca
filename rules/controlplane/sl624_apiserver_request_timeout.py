"""SL624 apiserver-request-timeout: kube-apiserver's --request-timeout is not a positive duration."""

from __future__ import annotations

from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.kubernetes import PodTemplate

from .controls import CIS, DOCS, Setting, positive_duration, cis
from .examples import static_pod
from .flags import APISERVER

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

CONTROL = Setting(APISERVER, "request-timeout", positive_duration, "1m0s",
                  risk="it is not a positive duration, so requests are never timed out (or the "
                  "API server does not start)")

RULE = Rule(
    code="SL624",
    name="apiserver-request-timeout",
    severity=Severity.LOW,
    summary="kube-apiserver's --request-timeout is not a positive duration",
    rationale=(
        "--request-timeout bounds how long the API server keeps a request open "
        "(default one minute). A zero or malformed value removes the bound, so slow or "
        "hanging clients can hold connections and memory."),
    remediation=(
        "Remove the flag (default 1m0s) or set a positive Go duration such as "
        "`--request-timeout=300s`."),
    references=[
        DOCS[APISERVER],
        cis('1.2.23', 'Ensure that the --request-timeout argument is set as appropriate'),
        CIS,
    ],
    aliases={'cis': '1.2.23'},
    related={'checkov': 'CKV_K8S_95', 'kics': 'Request Timeout Not Properly Set', 'trivy': 'KCV-0023'},
    tags=["control-plane"],
    failing=lambda: [
        Example("kube-apiserver.yaml", static_pod(APISERVER,
                           "--request-timeout=0")),
    ],
    passing=lambda: [
        Example("kube-apiserver.yaml", static_pod(APISERVER,
                           "--request-timeout=300s")),
        Example("kube-apiserver.yaml", static_pod(APISERVER)),
    ],
)


@RULE.check(PodTemplate)
def check(pt: PodTemplate) -> Iterator[Hit]:
    yield from CONTROL.hits(pt)
