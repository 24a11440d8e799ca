"""SL620 apiserver-audit-log-path: kube-apiserver writes no audit log."""

from __future__ import annotations

from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.kubernetes import PodTemplate

from .controls import CIS, DOCS, Setting, nonempty, cis
from .examples import static_pod
from .flags import APISERVER

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

CONTROL = Setting(APISERVER, "audit-log-path", nonempty, "/var/log/kubernetes/audit/audit.log",
                  risk="no audit record is written, so who did what in the cluster cannot be "
                  "traced", unless="audit-webhook-config-file", required=True)

RULE = Rule(
    code="SL620",
    name="apiserver-audit-log-path",
    severity=Severity.MEDIUM,
    summary='kube-apiserver writes no audit log',
    rationale=(
        "The audit log is the record of every request made to the cluster. Without "
        "--audit-log-path (or an audit webhook), an intrusion or a mistake leaves no "
        "trace. `-` (standard output, collected with the container's logs) counts as "
        "set."),
    remediation=(
        "Add `--audit-log-path=/var/log/kubernetes/audit/audit.log` (mounted from the "
        "host) with `--audit-policy-file`."),
    references=[
        DOCS[APISERVER],
        cis('1.2.19', 'Ensure that the --audit-log-path argument is set'),
        CIS,
    ],
    aliases={'checkov': 'CKV_K8S_91', 'trivy': 'KCV-0019', 'cis': '1.2.19'},
    related={'kics': 'Audit Log Path Not Set'},
    tags=["control-plane"],
    failing=lambda: [
        Example("kube-apiserver.yaml", static_pod(APISERVER)),
    ],
    passing=lambda: [
        Example("kube-apiserver.yaml", static_pod(APISERVER,
                           "--audit-log-path=/var/log/kubernetes/audit/audit.log")),
        Example("kube-apiserver.yaml", static_pod(APISERVER,
                           "--audit-webhook-config-file=/etc/kubernetes/audit-webhook.yaml")),
    ],
)


@RULE.check(PodTemplate)
def check(pt: PodTemplate) -> Iterator[Hit]:
    yield from CONTROL.hits(pt)
