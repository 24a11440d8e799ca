"""SL662 kubelet-client-ca-file: kubelet accepts no client certificates."""

from __future__ import annotations

from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.kubernetes import KubernetesSet

from .controls import CIS, DOCS, KubeletSetting, nonempty, cis
from .examples import kubelet_config
from .flags import KUBELET

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

CONTROL = KubeletSetting(("authentication", "x509", "clientCAFile"), "client-ca-file", nonempty,
                         "/etc/kubernetes/pki/ca.crt", "--client-ca-file=/etc/kubernetes/pki/ca.crt",
                         config_default="", flag_default="", risk="the kubelet accepts no "
                         "client certificate, so the API server cannot authenticate to it "
                         "with one")

RULE = Rule(
    code="SL662",
    name="kubelet-client-ca-file",
    severity=Severity.MEDIUM,
    summary='kubelet accepts no client certificates',
    rationale=(
        "The API server authenticates to kubelets with a client certificate; the "
        "kubelet verifies it against `authentication.x509.clientCAFile`. Without it, "
        "the kubelet has to accept other (weaker) credentials or none."),
    remediation=(
        "Set `authentication.x509.clientCAFile` to the cluster CA (kubeadm: "
        "/etc/kubernetes/pki/ca.crt)."),
    references=[
        DOCS[KUBELET],
        cis('4.2.3', 'Ensure that the --client-ca-file argument is set as appropriate'),
        CIS,
    ],
    aliases={'checkov': 'CKV_K8S_140', 'cis': '4.2.3'},
    related={'trivy': 'KCV-0081', 'kics': 'Client Certificate Authentication Not Setup Properly'},
    tags=["control-plane"],
    failing=lambda: [
        Example("kubelet-config.yaml", kubelet_config("authentication:\n  webhook:\n    enabled: true\n")),
    ],
    passing=lambda: [
        Example("kubelet-config.yaml", kubelet_config("authentication:\n  x509:\n    clientCAFile: /etc/kubernetes/pki/ca.crt\n")),
    ],
)


@RULE.check(KubernetesSet)
def check(kset: KubernetesSet) -> Iterator[Hit]:
    yield from CONTROL.hits(kset)
