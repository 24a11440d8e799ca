"""SL629 apiserver-client-ca-file: kube-apiserver accepts no client certificates."""

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

CONTROL = Required(APISERVER, ("client-ca-file",),
                   risk="client certificates are not accepted, so components and administrators cannot authenticate with them",
                   files=('/etc/kubernetes/pki/ca.crt',),
                   what='the CA that signs client certificates')

RULE = Rule(
    code="SL629",
    name="apiserver-client-ca-file",
    severity=Severity.MEDIUM,
    summary='kube-apiserver accepts no client certificates',
    rationale=(
        "--client-ca-file names the CA whose client certificates the API server "
        "accepts: the kubelets, the controller manager, the scheduler and "
        "administrators authenticate that way. Without it they fall back to weaker "
        "credentials (static tokens, anonymous access)."),
    remediation=(
        "Set `--client-ca-file` to the cluster CA (kubeadm: ca.crt)."),
    references=[
        DOCS[APISERVER],
        cis('1.2.28', 'Ensure that the --client-ca-file argument is set as appropriate'),
        CIS,
    ],
    aliases={'trivy': 'KCV-0028', 'cis': '1.2.28'},
    related={'kics': 'Client Certificate Authentication Not Setup Properly'},
    tags=["control-plane"],
    failing=lambda: [
        Example("kube-apiserver.yaml", static_pod(APISERVER,
                           "--tls-cert-file=/etc/kubernetes/pki/apiserver.crt")),
    ],
    passing=lambda: [
        Example("kube-apiserver.yaml", static_pod(APISERVER,
                           "--client-ca-file=/etc/kubernetes/pki/ca.crt")),
    ],
)


@RULE.check(PodTemplate)
def check(pt: PodTemplate) -> Iterator[Hit]:
    yield from CONTROL.hits(pt)
