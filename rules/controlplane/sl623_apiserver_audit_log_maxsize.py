"""SL623 apiserver-audit-log-maxsize: kube-apiserver keeps too little audit log (fewer than 100 megabytes)."""

from __future__ import annotations

from linter.engine import Hit, Rule
from linter.findings import Severity
from linter.kubernetes import PodTemplate

from .controls import CIS, DOCS, Setting, at_least, logs_to_file, cis
from .examples import audit_rotation
from .flags import APISERVER

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

CONTROL = Setting(APISERVER, "audit-log-maxsize", at_least(100), "100", default="0",
                  risk="the audit file is rotated so often that little history is kept (0 means it is never rotated and fills the disk)", when=logs_to_file)


RULE = Rule(
    code="SL623",
    name="apiserver-audit-log-maxsize",
    severity=Severity.LOW,
    summary='kube-apiserver keeps too little audit log (fewer than 100 megabytes)',
    rationale=(
        "The CIS Benchmark asks for --audit-log-maxsize of at least 100 megabytes, so "
        "that audit history survives long enough to investigate an incident. Checked "
        "only when the API server writes its audit log to a file (--audit-log-path set "
        "and not `-`); without one, SL620 reports the missing log."),
    remediation=(
        "Set `--audit-log-maxsize=100` or more."),
    references=[
        DOCS[APISERVER],
        cis('1.2.22', 'Ensure that the --audit-log-maxsize argument is set to 100 or as appropriate'),
        CIS,
    ],
    aliases={'checkov': 'CKV_K8S_94', 'trivy': 'KCV-0022', 'cis': '1.2.22'},
    related={'kics': 'Audit Log Maxsize Not Properly Set'},
    tags=["control-plane"],
    failing=lambda: audit_rotation("maxsize", 10, 100)[0],
    passing=lambda: audit_rotation("maxsize", 10, 100)[1],
)


@RULE.check(PodTemplate)
def check(pt: PodTemplate) -> Iterator[Hit]:
    yield from CONTROL.hits(pt)
