"""SL616 apiserver-secure-port-disabled: kube-apiserver's secure port is turned off."""

from __future__ import annotations

from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.kubernetes import PodTemplate

from .controls import CIS, DOCS, Setting, differs, cis
from .examples import static_pod
from .flags import APISERVER

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

CONTROL = Setting(APISERVER, "secure-port", differs("0"), "6443", default="6443",
                  risk="the API server does not serve HTTPS, so it is reachable only without "
                  "TLS and authentication")

RULE = Rule(
    code="SL616",
    name="apiserver-secure-port-disabled",
    severity=Severity.HIGH,
    summary="kube-apiserver's secure port is turned off",
    rationale=(
        "--secure-port=0 turns off the authenticated, encrypted HTTPS endpoint of the "
        "API server, leaving only insecure serving (or none)."),
    remediation=(
        "Remove `--secure-port=0` or set it to the port clients use "
        "(`--secure-port=6443`)."),
    references=[
        DOCS[APISERVER],
        cis('1.2.17', 'Ensure that the --secure-port argument is not set to 0'),
        CIS,
    ],
    aliases={'checkov': 'CKV_K8S_89', 'trivy': 'KCV-0017', 'cis': '1.2.17'},
    related={'kics': 'Secure Port Set To Zero'},
    tags=["control-plane"],
    failing=lambda: [
        Example("kube-apiserver.yaml", static_pod(APISERVER,
                           "--secure-port=0")),
    ],
    passing=lambda: [
        Example("kube-apiserver.yaml", static_pod(APISERVER,
                           "--secure-port=6443")),
    ],
)


@RULE.check(PodTemplate)
def check(pt: PodTemplate) -> Iterator[Hit]:
    yield from CONTROL.hits(pt)
