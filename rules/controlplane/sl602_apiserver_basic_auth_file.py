"""SL602 apiserver-basic-auth-file: kube-apiserver authenticates with a static password file."""

from __future__ import annotations

from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.kubernetes import PodTemplate

from .controls import CIS, DOCS, Forbidden, cis
from .examples import static_pod
from .flags import APISERVER

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

CONTROL = Forbidden(APISERVER, "basic-auth-file",
                    risk="passwords live in a plain file on the node and travel with every "
                    "request (the flag was removed in Kubernetes 1.19, which refuses to start "
                    "with it)",
                    remedy="remove the flag and authenticate with client certificates or OIDC")

RULE = Rule(
    code="SL602",
    name="apiserver-basic-auth-file",
    severity=Severity.MEDIUM,
    summary='kube-apiserver authenticates with a static password file',
    rationale=(
        "Basic authentication sends a reusable password with every request; the "
        "passwords sit in clear text in the --basic-auth-file on the node and cannot "
        "be rotated without a restart. Kubernetes 1.19 removed the flag: a newer API "
        "server does not start with it."),
    remediation=(
        "Remove `--basic-auth-file`; use client certificates or an OIDC provider."),
    references=[
        DOCS[APISERVER],
        cis('1.2', 'Ensure that the --basic-auth-file argument is not set (v1.5 1.2.2; the flag was removed in Kubernetes 1.19)'),
        CIS,
    ],
    aliases={'checkov': 'CKV_K8S_69', 'cis': '1.2'},
    related={'kics': 'Basic Auth File Is Set'},
    tags=["control-plane"],
    failing=lambda: [
        Example("kube-apiserver.yaml", static_pod(APISERVER,
                           "--basic-auth-file=/etc/kubernetes/passwords.csv")),
    ],
    passing=lambda: [
        Example("kube-apiserver.yaml", static_pod(APISERVER,
                           "--client-ca-file=/etc/kubernetes/pki/ca.crt")),
    ],
)


@RULE.check(PodTemplate)
def check(pt: PodTemplate) -> Iterator[Hit]:
    yield from CONTROL.hits(pt)
