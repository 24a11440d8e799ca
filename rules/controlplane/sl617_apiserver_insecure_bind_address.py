"""SL617 apiserver-insecure-bind-address: kube-apiserver serves its insecure port on a network address."""

from __future__ import annotations

from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.kubernetes import PodTemplate

from .controls import CIS, DOCS, Forbidden, loopback, cis
from .examples import static_pod
from .flags import APISERVER

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

CONTROL = Forbidden(APISERVER, "insecure-bind-address",
                    risk="the insecure port, which skips authentication and authorization, is "
                    "served on that address",
                    remedy="remove the flag (and set --insecure-port=0 on Kubernetes before "
                    "1.24)", unless=loopback)

RULE = Rule(
    code="SL617",
    name="apiserver-insecure-bind-address",
    severity=Severity.HIGH,
    summary='kube-apiserver serves its insecure port on a network address',
    rationale=(
        "Before Kubernetes 1.24 the API server could serve a second, plain-HTTP port "
        "that bypasses authentication and authorization. --insecure-bind-address puts "
        "that port on a network interface: anyone who reaches it is cluster-admin. A "
        "loopback address is left alone."),
    remediation=(
        "Remove `--insecure-bind-address` (and set `--insecure-port=0`); Kubernetes "
        "1.24 removed both."),
    references=[
        DOCS[APISERVER],
        cis('1.2', 'Ensure that the --insecure-bind-address argument is not set (v1.6 1.2.18; the flag was removed in Kubernetes 1.24)'),
        CIS,
    ],
    aliases={'cis': '1.2'},
    related={'checkov': 'CKV_K8S_86', 'kics': 'Insecure Bind Address Set'},
    tags=["control-plane"],
    failing=lambda: [
        Example("kube-apiserver.yaml", static_pod(APISERVER,
                           "--insecure-bind-address=0.0.0.0")),
    ],
    passing=lambda: [
        Example("kube-apiserver.yaml", static_pod(APISERVER,
                           "--insecure-bind-address=127.0.0.1")),
        Example("kube-apiserver.yaml", static_pod(APISERVER)),
    ],
)


@RULE.check(PodTemplate)
def check(pt: PodTemplate) -> Iterator[Hit]:
    yield from CONTROL.hits(pt)
