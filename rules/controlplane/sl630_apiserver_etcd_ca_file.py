"""SL630 apiserver-etcd-ca-file: kube-apiserver does not verify etcd's certificate."""

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

CONTROL = Required(APISERVER, ("etcd-cafile",),
                   risk="the API server does not verify etcd's certificate, so an impostor can serve or record the cluster's data",
                   files=('/etc/kubernetes/pki/etcd/ca.crt',),
                   what="the CA that signs etcd's serving certificate")

RULE = Rule(
    code="SL630",
    name="apiserver-etcd-ca-file",
    severity=Severity.HIGH,
    summary="kube-apiserver does not verify etcd's certificate",
    rationale=(
        "Without --etcd-cafile the API server cannot verify the certificate etcd "
        "presents: a machine in the middle could read every Secret the API server "
        "stores or feed it forged objects."),
    remediation=(
        "Set `--etcd-cafile` to etcd's CA (kubeadm: etcd/ca.crt)."),
    references=[
        DOCS[APISERVER],
        cis('1.2.29', 'Ensure that the --etcd-cafile argument is set as appropriate'),
        CIS,
    ],
    aliases={'checkov': 'CKV_K8S_102', 'trivy': 'KCV-0029', 'cis': '1.2.29'},
    related={'kics': 'Etcd TLS Certificate Not Properly Configured'},
    tags=["control-plane"],
    failing=lambda: [
        Example("kube-apiserver.yaml", static_pod(APISERVER,
                           "--etcd-servers=https://127.0.0.1:2379")),
    ],
    passing=lambda: [
        Example("kube-apiserver.yaml", static_pod(APISERVER,
                           "--etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt")),
    ],
)


@RULE.check(PodTemplate)
def check(pt: PodTemplate) -> Iterator[Hit]:
    yield from CONTROL.hits(pt)
