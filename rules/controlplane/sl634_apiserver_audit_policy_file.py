"""SL634 apiserver-audit-policy-file: kube-apiserver has no audit policy."""

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

CONTROL = Required(APISERVER, ("audit-policy-file",),
                   risk="without an audit policy the API server records no audit event at all, whatever log or webhook is set",
                   files=('/etc/kubernetes/audit/policy.yaml',),
                   what='an audit Policy')

RULE = Rule(
    code="SL634",
    name="apiserver-audit-policy-file",
    severity=Severity.MEDIUM,
    summary='kube-apiserver has no audit policy',
    rationale=(
        "The audit policy decides which requests are recorded and at what level; "
        "without --audit-policy-file nothing is audited, even with --audit-log-path "
        "set."),
    remediation=(
        "Write an audit Policy (audit.k8s.io/v1) that records at least the Metadata of "
        "every request, mount it and set `--audit-policy-file` to it."),
    references=[
        DOCS[APISERVER],
        cis('3.2.1', 'Ensure that a minimal audit policy is created'),
        CIS,
    ],
    aliases={'cis': '3.2.1'},
    related={'kics': 'Audit Policy File Not Defined'},
    tags=["control-plane"],
    failing=lambda: [
        Example("kube-apiserver.yaml", static_pod(APISERVER,
                           "--audit-log-path=/var/log/kubernetes/audit/audit.log")),
    ],
    passing=lambda: [
        Example("kube-apiserver.yaml", static_pod(APISERVER,
                           "--audit-log-path=/var/log/kubernetes/audit/audit.log",
                           "--audit-policy-file=/etc/kubernetes/audit-policy.yaml")),
    ],
)


@RULE.check(PodTemplate)
def check(pt: PodTemplate) -> Iterator[Hit]:
    yield from CONTROL.hits(pt)
