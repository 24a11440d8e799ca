"""SL652 etcd-auto-tls: etcd uses a self-signed certificate for clients."""

from __future__ import annotations

from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.kubernetes import PodTemplate

from .controls import CIS, DOCS, Setting, differs, cis
from .examples import static_pod
from .flags import ETCD

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

CONTROL = Setting(ETCD, "auto-tls", differs("true"), "false", default="false",
                  risk="etcd serves clients with a self-signed certificate that nobody can "
                  "verify")

RULE = Rule(
    code="SL652",
    name="etcd-auto-tls",
    severity=Severity.MEDIUM,
    summary='etcd uses a self-signed certificate for clients',
    rationale=(
        "--auto-tls makes etcd generate a self-signed certificate for client "
        "connections. Clients cannot verify it, so a machine in the middle can "
        "impersonate etcd."),
    remediation=(
        "Remove `--auto-tls=true`; give etcd a certificate of its CA with "
        "`--cert-file` and `--key-file`."),
    references=[
        DOCS[ETCD],
        cis('2.3', 'Ensure that the --auto-tls argument is not set to true'),
        CIS,
    ],
    aliases={'checkov': 'CKV_K8S_118', 'trivy': 'KCV-0044', 'cis': '2.3'},
    related={'kics': 'Auto TLS Set To True'},
    tags=["control-plane"],
    failing=lambda: [
        Example("etcd.yaml", static_pod(ETCD,
                           "--auto-tls=true")),
    ],
    passing=lambda: [
        Example("etcd.yaml", static_pod(ETCD,
                           "--auto-tls=false")),
        Example("etcd.yaml", static_pod(ETCD)),
    ],
)


@RULE.check(PodTemplate)
def check(pt: PodTemplate) -> Iterator[Hit]:
    yield from CONTROL.hits(pt)
