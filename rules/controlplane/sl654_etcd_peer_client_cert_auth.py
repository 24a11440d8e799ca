"""SL654 etcd-peer-client-cert-auth: etcd accepts peers without a certificate."""

from __future__ import annotations

from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.kubernetes import PodTemplate

from .controls import CIS, DOCS, Setting, equals, cis
from .examples import static_pod
from .flags import ETCD

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

CONTROL = Setting(ETCD, "peer-client-cert-auth", equals("true"), "true", default="false",
                  risk="any machine that reaches the peer port can join the cluster as a "
                  "member and receive its data")

RULE = Rule(
    code="SL654",
    name="etcd-peer-client-cert-auth",
    severity=Severity.MEDIUM,
    summary='etcd accepts peers without a certificate',
    rationale=(
        "Without --peer-client-cert-auth, etcd accepts peer connections from anyone: a "
        "rogue member can replicate, and alter, the cluster's data."),
    remediation=(
        "Add `--peer-client-cert-auth=true` and `--peer-trusted-ca-file` naming etcd's "
        "CA."),
    references=[
        DOCS[ETCD],
        cis('2.5', 'Ensure that the --peer-client-cert-auth argument is set to true'),
        CIS,
    ],
    aliases={'trivy': 'KCV-0046', 'cis': '2.5'},
    related={'checkov': 'CKV_K8S_121', 'kics': 'Etcd Peer Client Certificate Authentication Set To False'},
    tags=["control-plane"],
    failing=lambda: [
        Example("etcd.yaml", static_pod(ETCD)),
    ],
    passing=lambda: [
        Example("etcd.yaml", static_pod(ETCD,
                           "--peer-client-cert-auth=true")),
    ],
)


@RULE.check(PodTemplate)
def check(pt: PodTemplate) -> Iterator[Hit]:
    yield from CONTROL.hits(pt)
