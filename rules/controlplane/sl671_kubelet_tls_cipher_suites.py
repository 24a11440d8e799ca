"""SL671 kubelet-tls-cipher-suites: kubelet allows weak TLS cipher suites."""

from __future__ import annotations

from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.kubernetes import KubernetesSet

from .controls import CIS, DOCS, KubeletCiphers, cis
from .examples import kubelet_config
from .flags import KUBELET

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

CONTROL = KubeletCiphers()

RULE = Rule(
    code="SL671",
    name="kubelet-tls-cipher-suites",
    severity=Severity.MEDIUM,
    summary="kubelet allows weak TLS cipher suites",
    rationale=(
        "`tlsCipherSuites` (`--tls-cipher-suites`) replaces Go's default list. Naming suites "
        "without forward secrecy or with CBC, RC4 or 3DES lets a recorded session with the "
        "kubelet be decrypted later. An unset list keeps Go's default, which holds no broken "
        "suite, and is not reported."),
    remediation="List only the CIS Benchmark's strong suites (ECDHE with AES-GCM or "
                "ChaCha20-Poly1305), or remove the setting.",
    references=[
        DOCS[KUBELET],
        cis("4.2.13", "Ensure that the Kubelet only makes use of Strong Cryptographic Ciphers"),
        CIS,
    ],
    aliases={"checkov": "CKV_K8S_151", "cis": "4.2.13"},
    related={"trivy": "KCV-0092", 'kics': 'Weak TLS Cipher Suites'},
    tags=["control-plane"],
    failing=lambda: [
        Example("kubelet-config.yaml", kubelet_config(
            "tlsCipherSuites:\n- TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256\n"
            "- TLS_RSA_WITH_AES_128_CBC_SHA\n")),
    ],
    passing=lambda: [
        Example("kubelet-config.yaml", kubelet_config(
            "tlsCipherSuites:\n- TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256\n"
            "- TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384\n")),
        Example("kubelet-config.yaml", kubelet_config("")),
    ],
)


@RULE.check(KubernetesSet)
def check(kset: KubernetesSet) -> Iterator[Hit]:
    yield from CONTROL.hits(kset)
