"""SL605 apiserver-kubelet-client-certificate: kube-apiserver has no client certificate for the kubelets."""

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

CONTROL = Required(APISERVER, ("kubelet-client-certificate", "kubelet-client-key"),
                   risk="the API server cannot authenticate to kubelets, which must then "
                   "accept unauthenticated requests for exec, logs and port-forward to work",
                   files=('/etc/kubernetes/pki/apiserver-kubelet-client.crt', '/etc/kubernetes/pki/apiserver-kubelet-client.key'),
                   what='its client certificate and key for the kubelets')

RULE = Rule(
    code="SL605",
    name="apiserver-kubelet-client-certificate",
    severity=Severity.MEDIUM,
    summary='kube-apiserver has no client certificate for the kubelets',
    rationale=(
        "Kubelets authenticate the API server by its client certificate. Without one, "
        "kubelets have to serve their API (exec, logs, port-forward, metrics) to "
        "unauthenticated callers for the cluster to work."),
    remediation=(
        "Set `--kubelet-client-certificate` and `--kubelet-client-key` to a "
        "certificate the kubelets' client CA signed (kubeadm: "
        "apiserver-kubelet-client.crt/.key)."),
    references=[
        DOCS[APISERVER],
        cis('1.2.5', 'Ensure that the --kubelet-client-certificate and --kubelet-client-key arguments are set as appropriate'),
        CIS,
    ],
    aliases={'checkov': 'CKV_K8S_72', 'trivy': 'KCV-0005', 'cis': '1.2.5'},
    related={'kics': 'Kubelet Client Certificate Or Key Not Set'},
    tags=["control-plane"],
    failing=lambda: [
        Example("kube-apiserver.yaml", static_pod(APISERVER,
                           "--kubelet-client-certificate=/etc/kubernetes/pki/apiserver-kubelet-client.crt")),
    ],
    passing=lambda: [
        Example("kube-apiserver.yaml", static_pod(APISERVER,
                           "--kubelet-client-certificate=/etc/kubernetes/pki/apiserver-kubelet-client.crt",
                           "--kubelet-client-key=/etc/kubernetes/pki/apiserver-kubelet-client.key")),
    ],
)


@RULE.check(PodTemplate)
def check(pt: PodTemplate) -> Iterator[Hit]:
    yield from CONTROL.hits(pt)
