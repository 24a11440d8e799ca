"""SL604 apiserver-kubelet-https: kube-apiserver talks to kubelets over plain HTTP."""

from __future__ import annotations

from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.kubernetes import PodTemplate

from .controls import CIS, DOCS, Setting, differs, cis
from .examples import static_pod
from .flags import APISERVER

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

CONTROL = Setting(APISERVER, "kubelet-https", differs("false"), "true",
                  risk="the API server talks to kubelets over plain HTTP, so exec, logs and "
                  "port-forward traffic crosses the network in clear text")

RULE = Rule(
    code="SL604",
    name="apiserver-kubelet-https",
    severity=Severity.MEDIUM,
    summary='kube-apiserver talks to kubelets over plain HTTP',
    rationale=(
        "With --kubelet-https=false the API server connects to kubelets without TLS: "
        "the commands, logs and streams of kubectl exec, logs and port-forward can be "
        "read and altered on the network. (The flag was removed in Kubernetes 1.22, "
        "which always uses HTTPS.)"),
    remediation=(
        "Remove `--kubelet-https=false` (HTTPS is the default)."),
    references=[
        DOCS[APISERVER],
        cis('1.2.4', 'Ensure that the --kubelet-https argument is set to true'),
        CIS,
    ],
    aliases={'checkov': 'CKV_K8S_71', 'trivy': 'KCV-0004', 'cis': '1.2.4'},
    related={'kics': 'Kubelet HTTPS Set To False'},
    tags=["control-plane"],
    failing=lambda: [
        Example("kube-apiserver.yaml", static_pod(APISERVER,
                           "--kubelet-https=false")),
    ],
    passing=lambda: [
        Example("kube-apiserver.yaml", static_pod(APISERVER,
                           "--kubelet-https=true")),
        Example("kube-apiserver.yaml", static_pod(APISERVER)),
    ],
)


@RULE.check(PodTemplate)
def check(pt: PodTemplate) -> Iterator[Hit]:
    yield from CONTROL.hits(pt)
