"""SL650 etcd-tls-certificate: etcd serves clients without TLS."""

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

CONTROL = Required(ETCD, ("cert-file", "key-file"),
                   risk="clients talk to etcd over plain HTTP, so the cluster's data, Secrets included, crosses the network in clear text",
                   files=('/etc/kubernetes/pki/etcd/server.crt', '/etc/kubernetes/pki/etcd/server.key'),
                   what='its serving certificate and key')

RULE = Rule(
    code="SL650",
    name="etcd-tls-certificate",
    severity=Severity.HIGH,
    summary='etcd serves clients without TLS',
    rationale=(
        "etcd holds every object of the cluster. Without --cert-file and --key-file it "
        "serves its clients over plain HTTP: Secrets and tokens can be read on the "
        "network."),
    remediation=(
        "Set `--cert-file` and `--key-file` to a serving certificate of etcd's CA "
        "(kubeadm: etcd/server.crt/.key) and listen on https:// URLs."),
    references=[
        DOCS[ETCD],
        cis('2.1', 'Ensure that the --cert-file and --key-file arguments are set as appropriate'),
        CIS,
    ],
    aliases={'checkov': 'CKV_K8S_116', 'trivy': 'KCV-0042', 'cis': '2.1'},
    related={'kics': 'Etcd TLS Certificate Files Not Properly Set'},
    tags=["control-plane"],
    failing=lambda: [
        Example("etcd.yaml", static_pod(ETCD,
                           "--client-cert-auth=true")),
    ],
    passing=lambda: [
        Example("etcd.yaml", static_pod(ETCD,
                           "--cert-file=/etc/kubernetes/pki/etcd/server.crt",
                           "--key-file=/etc/kubernetes/pki/etcd/server.key")),
    ],
)


@RULE.check(PodTemplate)
def check(pt: PodTemplate) -> Iterator[Hit]:
    yield from CONTROL.hits(pt)
