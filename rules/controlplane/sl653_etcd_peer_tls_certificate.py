"""SL653 etcd-peer-tls-certificate: etcd talks to its peers without TLS."""

from __future__ import annotations

from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.kubernetes import PodTemplate

from .controls import CIS, DOCS, Required, cis
from .examples import static_pod
from .flags import ETCD

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

CONTROL = Required(ETCD, ("peer-cert-file", "peer-key-file"),
                   risk="members replicate the cluster's data to each other over plain HTTP",
                   files=('/etc/kubernetes/pki/etcd/peer.crt', '/etc/kubernetes/pki/etcd/peer.key'),
                   what='its peer certificate and key')

RULE = Rule(
    code="SL653",
    name="etcd-peer-tls-certificate",
    severity=Severity.MEDIUM,
    summary='etcd talks to its peers without TLS',
    rationale=(
        "etcd members replicate every write to each other. Without --peer-cert-file "
        "and --peer-key-file that traffic, Secrets included, is plain HTTP."),
    remediation=(
        "Set `--peer-cert-file` and `--peer-key-file` to a peer certificate of etcd's "
        "CA (kubeadm: etcd/peer.crt/.key) and use https:// peer URLs."),
    references=[
        DOCS[ETCD],
        cis('2.4', 'Ensure that the --peer-cert-file and --peer-key-file arguments are set as appropriate'),
        CIS,
    ],
    aliases={'checkov': 'CKV_K8S_119', 'trivy': 'KCV-0045', 'cis': '2.4'},
    related={'kics': 'Etcd Peer TLS Certificate Files Not Properly Set'},
    tags=["control-plane"],
    failing=lambda: [
        Example("etcd.yaml", static_pod(ETCD,
                           "--cert-file=/etc/kubernetes/pki/etcd/server.crt")),
    ],
    passing=lambda: [
        Example("etcd.yaml", static_pod(ETCD,
                           "--peer-cert-file=/etc/kubernetes/pki/etcd/peer.crt",
                           "--peer-key-file=/etc/kubernetes/pki/etcd/peer.key")),
    ],
)


@RULE.check(PodTemplate)
def check(pt: PodTemplate) -> Iterator[Hit]:
    yield from CONTROL.hits(pt)
