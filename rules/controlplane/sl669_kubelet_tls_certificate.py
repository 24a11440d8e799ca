"""SL669 kubelet-tls-certificate: kubelet serves its API with a self-signed certificate."""

from __future__ import annotations

from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.kubernetes import KubernetesSet

from .controls import CIS, DOCS, KubeletCertificate, cis
from .examples import kubelet_config
from .flags import KUBELET

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

CONTROL = KubeletCertificate(
    risk="it serves its API with a self-signed certificate, so the API server cannot verify "
         "the node it sends exec input and credentials to")

RULE = Rule(
    code="SL669",
    name="kubelet-tls-certificate",
    severity=Severity.MEDIUM,
    summary="kubelet has no verifiable serving certificate",
    rationale=(
        "Without tlsCertFile and tlsPrivateKeyFile, and without serverTLSBootstrap, the "
        "kubelet generates a self-signed serving certificate. The API server (and metrics "
        "collectors) can then only talk to it without verifying who answers."),
    remediation=(
        "Set `serverTLSBootstrap: true` (the kubelet asks the cluster for a certificate; "
        "approve its CSRs), or `tlsCertFile` and `tlsPrivateKeyFile` naming a certificate "
        "of the cluster CA."),
    references=[
        DOCS[KUBELET],
        "https://kubernetes.io/docs/reference/access-authn-authz/kubelet-tls-bootstrapping/",
        cis("4.2.10", "Ensure that the --tls-cert-file and --tls-private-key-file arguments "
                      "are set as appropriate"),
        CIS,
    ],
    aliases={"checkov": "CKV_K8S_148", "cis": "4.2.10"},
    related={"trivy": ["KCV-0088", "KCV-0089"], "kics": "TSL Connection Certificate Not Setup"},
    tags=["control-plane"],
    failing=lambda: [
        Example("kubelet-config.yaml", kubelet_config("rotateCertificates: true\n")),
        Example("kubelet-config.yaml", kubelet_config("tlsCertFile: /var/lib/kubelet/pki/kubelet.crt\n")),
    ],
    passing=lambda: [
        Example("kubelet-config.yaml", kubelet_config("serverTLSBootstrap: true\n")),
        Example("kubelet-config.yaml", kubelet_config(
            "tlsCertFile: /var/lib/kubelet/pki/kubelet.crt\n"
            "tlsPrivateKeyFile: /var/lib/kubelet/pki/kubelet.key\n")),
    ],
)


@RULE.check(KubernetesSet)
def check(kset: KubernetesSet) -> Iterator[Hit]:
    yield from CONTROL.hits(kset)
