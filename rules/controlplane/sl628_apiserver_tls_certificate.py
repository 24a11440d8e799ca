"""SL628 apiserver-tls-certificate: kube-apiserver has no serving certificate."""

from __future__ import annotations

from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.kubernetes import PodTemplate

from .controls import CIS, DOCS, Required, cis
from .examples import static_pod
from .flags import APISERVER

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

CONTROL = Required(APISERVER, ("tls-cert-file", "tls-private-key-file"),
                   risk="it serves HTTPS with a self-signed certificate it generates, which clients cannot verify",
                   files=('/etc/kubernetes/pki/apiserver.crt', '/etc/kubernetes/pki/apiserver.key'),
                   what='its serving certificate and key')

RULE = Rule(
    code="SL628",
    name="apiserver-tls-certificate",
    severity=Severity.MEDIUM,
    summary='kube-apiserver has no serving certificate',
    rationale=(
        "Without --tls-cert-file and --tls-private-key-file the API server generates a "
        "self-signed certificate. Clients then either fail or are configured to skip "
        "verification, which lets a machine in the middle impersonate the API server."),
    remediation=(
        "Set `--tls-cert-file` and `--tls-private-key-file` to a certificate signed by "
        "the cluster CA (kubeadm: apiserver.crt/.key)."),
    references=[
        DOCS[APISERVER],
        cis('1.2.27', 'Ensure that the --tls-cert-file and --tls-private-key-file arguments are set as appropriate'),
        CIS,
    ],
    aliases={'checkov': 'CKV_K8S_100', 'trivy': 'KCV-0027', 'cis': '1.2.27'},
    related={'kics': 'TSL Connection Certificate Not Setup'},
    tags=["control-plane"],
    failing=lambda: [
        Example("kube-apiserver.yaml", static_pod(APISERVER,
                           "--tls-cert-file=/etc/kubernetes/pki/apiserver.crt")),
    ],
    passing=lambda: [
        Example("kube-apiserver.yaml", static_pod(APISERVER,
                           "--tls-cert-file=/etc/kubernetes/pki/apiserver.crt",
                           "--tls-private-key-file=/etc/kubernetes/pki/apiserver.key")),
    ],
)


@RULE.check(PodTemplate)
def check(pt: PodTemplate) -> Iterator[Hit]:
    yield from CONTROL.hits(pt)
