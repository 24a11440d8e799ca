"""SL633 apiserver-tls-cipher-suites: kube-apiserver allows weak TLS cipher suites."""

from __future__ import annotations

from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.kubernetes import PodTemplate

from .controls import CIS, DOCS, Ciphers, cis
from .examples import static_pod
from .flags import APISERVER

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

CONTROL = Ciphers(APISERVER)

RULE = Rule(
    code="SL633",
    name="apiserver-tls-cipher-suites",
    severity=Severity.MEDIUM,
    summary='kube-apiserver allows weak TLS cipher suites',
    rationale=(
        "--tls-cipher-suites replaces Go's default list. Naming suites without forward "
        "secrecy or with CBC, RC4 or 3DES lets a recorded session be decrypted later "
        "or a weak one be negotiated. An unset flag keeps Go's default list, which "
        "holds no broken suite, and is not reported."),
    remediation=(
        "List only the CIS Benchmark's strong suites (ECDHE with AES-GCM or "
        "ChaCha20-Poly1305), or drop the flag."),
    references=[
        DOCS[APISERVER],
        cis('1.2.32', 'Ensure that the API Server only makes use of Strong Cryptographic Ciphers'),
        CIS,
    ],
    aliases={'checkov': 'CKV_K8S_105', 'cis': '1.2.32'},
    related={'trivy': 'KCV-0032', 'kics': 'Weak TLS Cipher Suites'},
    tags=["control-plane"],
    failing=lambda: [
        Example("kube-apiserver.yaml", static_pod(APISERVER,
                           "--tls-cipher-suites=TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_RSA_WITH_3DES_EDE_CBC_SHA")),
    ],
    passing=lambda: [
        Example("kube-apiserver.yaml", static_pod(APISERVER,
                           "--tls-cipher-suites=TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384")),
        Example("kube-apiserver.yaml", static_pod(APISERVER)),
    ],
)


@RULE.check(PodTemplate)
def check(pt: PodTemplate) -> Iterator[Hit]:
    yield from CONTROL.hits(pt)
