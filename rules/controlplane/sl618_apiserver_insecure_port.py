"""SL618 apiserver-insecure-port: kube-apiserver serves an insecure port."""

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

CONTROL = Setting(APISERVER, "insecure-port", equals("0"), "0",
                  risk="the API server serves plain HTTP without authentication or "
                  "authorization on that port")

RULE = Rule(
    code="SL618",
    name="apiserver-insecure-port",
    severity=Severity.HIGH,
    summary='kube-apiserver serves an insecure port',
    rationale=(
        "A non-zero --insecure-port serves the API over plain HTTP with no "
        "authentication and no authorization: whoever reaches it is cluster-admin. The "
        "flag was deprecated in 1.20 and removed in 1.24; a manifest that still sets "
        "it to a port is running, or about to run, an exposed API. An unset flag is "
        "not reported: newer API servers have no insecure port."),
    remediation=(
        "Set `--insecure-port=0` (or remove the flag on Kubernetes 1.20 and later)."),
    references=[
        DOCS[APISERVER],
        cis('1.2', 'Ensure that the --insecure-port argument is set to 0 (v1.6 1.2.19; the flag was removed in Kubernetes 1.24)'),
        CIS,
    ],
    aliases={'cis': '1.2'},
    related={'checkov': 'CKV_K8S_88', 'kics': 'Insecure Port Not Properly Set'},
    tags=["control-plane"],
    failing=lambda: [
        Example("kube-apiserver.yaml", static_pod(APISERVER,
                           "--insecure-port=8080")),
    ],
    passing=lambda: [
        Example("kube-apiserver.yaml", static_pod(APISERVER,
                           "--insecure-port=0")),
        Example("kube-apiserver.yaml", static_pod(APISERVER)),
    ],
)


@RULE.check(PodTemplate)
def check(pt: PodTemplate) -> Iterator[Hit]:
    yield from CONTROL.hits(pt)
