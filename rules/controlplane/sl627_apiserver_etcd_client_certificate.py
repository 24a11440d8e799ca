"""SL627 apiserver-etcd-client-certificate: kube-apiserver has no client certificate for etcd."""

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

CONTROL = Required(APISERVER, ("etcd-certfile", "etcd-keyfile"),
                   risk="the API server cannot authenticate to etcd, which must then accept any client",
                   files=('/etc/kubernetes/pki/apiserver-etcd-client.crt', '/etc/kubernetes/pki/apiserver-etcd-client.key'),
                   what='its client certificate and key for etcd')

RULE = Rule(
    code="SL627",
    name="apiserver-etcd-client-certificate",
    severity=Severity.HIGH,
    summary='kube-apiserver has no client certificate for etcd',
    rationale=(
        "etcd holds every object of the cluster, Secrets included. It should accept "
        "only clients with a certificate from its CA; an API server without "
        "--etcd-certfile and --etcd-keyfile can only talk to an etcd that lets anyone "
        "in."),
    remediation=(
        "Set `--etcd-certfile` and `--etcd-keyfile` to a client certificate of etcd's "
        "CA (kubeadm: apiserver-etcd-client.crt/.key)."),
    references=[
        DOCS[APISERVER],
        cis('1.2.26', 'Ensure that the --etcd-certfile and --etcd-keyfile arguments are set as appropriate'),
        CIS,
    ],
    aliases={'checkov': 'CKV_K8S_99', 'trivy': 'KCV-0026', 'cis': '1.2.26'},
    related={'kics': 'Etcd Client Certificate File Not Defined'},
    tags=["control-plane"],
    failing=lambda: [
        Example("kube-apiserver.yaml", static_pod(APISERVER,
                           "--etcd-servers=https://127.0.0.1:2379")),
    ],
    passing=lambda: [
        Example("kube-apiserver.yaml", static_pod(APISERVER,
                           "--etcd-certfile=/etc/kubernetes/pki/apiserver-etcd-client.crt",
                           "--etcd-keyfile=/etc/kubernetes/pki/apiserver-etcd-client.key")),
    ],
)


@RULE.check(PodTemplate)
def check(pt: PodTemplate) -> Iterator[Hit]:
    yield from CONTROL.hits(pt)
