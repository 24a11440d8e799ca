"""SL622 apiserver-audit-log-maxbackup: kube-apiserver keeps too little audit log (fewer than 10 files)."""

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

CONTROL = Setting(APISERVER, "audit-log-maxbackup", at_least(10), "10", default="0",
                  risk="rotated audit files are deleted too soon to reconstruct what happened", when=logs_to_file)


RULE = Rule(
    code="SL622",
    name="apiserver-audit-log-maxbackup",
    severity=Severity.LOW,
    summary='kube-apiserver keeps too little audit log (fewer than 10 files)',
    rationale=(
        "The CIS Benchmark asks for --audit-log-maxbackup of at least 10 files, so "
        "that audit history survives long enough to investigate an incident. Checked "
        "only when the API server writes its audit log to a file (--audit-log-path set "
        "and not `-`); without one, SL620 reports the missing log."),
    remediation=(
        "Set `--audit-log-maxbackup=10` or more."),
    references=[
        DOCS[APISERVER],
        cis('1.2.21', 'Ensure that the --audit-log-maxbackup argument is set to 10 or as appropriate'),
        CIS,
    ],
    aliases={'checkov': 'CKV_K8S_93', 'trivy': 'KCV-0021', 'cis': '1.2.21'},
    related={'kics': 'Audit Log Maxbackup Not Properly Set'},
    tags=["control-plane"],
    failing=lambda: audit_rotation("maxbackup", 1, 10)[0],
    passing=lambda: audit_rotation("maxbackup", 1, 10)[1],
)


@RULE.check(PodTemplate)
def check(pt: PodTemplate) -> Iterator[Hit]:
    yield from CONTROL.hits(pt)
