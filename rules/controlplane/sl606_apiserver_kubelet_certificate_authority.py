"""SL606 apiserver-kubelet-certificate-authority: kube-apiserver does not verify kubelet serving certificates."""

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

CONTROL = Required(APISERVER, ("kubelet-certificate-authority",),
                   risk="the API server does not verify the kubelets' serving certificates, so "
                   "whoever intercepts the connection receives exec input and credentials",
                   files=('/etc/kubernetes/pki/ca.crt',),
                   what="the CA that signs the kubelets' serving certificates")

RULE = Rule(
    code="SL606",
    name="apiserver-kubelet-certificate-authority",
    severity=Severity.MEDIUM,
    summary='kube-apiserver does not verify kubelet serving certificates',
    rationale=(
        "Without --kubelet-certificate-authority the API server accepts any "
        "certificate a kubelet endpoint presents: a machine in the middle can "
        "impersonate a node and receive the commands, input and secrets of exec and "
        "attach sessions."),
    remediation=(
        "Give kubelets serving certificates signed by a cluster CA "
        "(`serverTLSBootstrap: true` in the KubeletConfiguration, then approve their "
        "CSRs) and set `--kubelet-certificate-authority` to that CA."),
    references=[
        DOCS[APISERVER],
        cis('1.2.6', 'Ensure that the --kubelet-certificate-authority argument is set as appropriate'),
        CIS,
    ],
    aliases={'checkov': 'CKV_K8S_73', 'trivy': 'KCV-0006', 'cis': '1.2.6'},
    related={'kics': 'Kubelet Certificate Authority Not Set'},
    tags=["control-plane"],
    failing=lambda: [
        Example("kube-apiserver.yaml", static_pod(APISERVER,
                           "--kubelet-client-certificate=/etc/kubernetes/pki/apiserver-kubelet-client.crt")),
    ],
    passing=lambda: [
        Example("kube-apiserver.yaml", static_pod(APISERVER,
                           "--kubelet-certificate-authority=/etc/kubernetes/pki/ca.crt")),
    ],
)


@RULE.check(PodTemplate)
def check(pt: PodTemplate) -> Iterator[Hit]:
    yield from CONTROL.hits(pt)
