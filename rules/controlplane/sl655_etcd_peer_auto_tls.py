"""SL655 etcd-peer-auto-tls: etcd uses self-signed certificates between peers."""

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

CONTROL = Setting(ETCD, "peer-auto-tls", differs("true"), "false", default="false",
                  risk="members use self-signed certificates that nobody can verify")

RULE = Rule(
    code="SL655",
    name="etcd-peer-auto-tls",
    severity=Severity.MEDIUM,
    summary='etcd uses self-signed certificates between peers',
    rationale=(
        "--peer-auto-tls makes each member generate a self-signed certificate for peer "
        "traffic: members cannot verify each other, and an impostor can join."),
    remediation=(
        "Remove `--peer-auto-tls=true`; give members peer certificates of etcd's CA."),
    references=[
        DOCS[ETCD],
        cis('2.6', 'Ensure that the --peer-auto-tls argument is not set to true'),
        CIS,
    ],
    aliases={'trivy': 'KCV-0047', 'cis': '2.6'},
    related={'kics': 'Peer Auto TLS Set To True'},
    tags=["control-plane"],
    failing=lambda: [
        Example("etcd.yaml", static_pod(ETCD,
                           "--peer-auto-tls=true")),
    ],
    passing=lambda: [
        Example("etcd.yaml", static_pod(ETCD)),
    ],
)


@RULE.check(PodTemplate)
def check(pt: PodTemplate) -> Iterator[Hit]:
    yield from CONTROL.hits(pt)
