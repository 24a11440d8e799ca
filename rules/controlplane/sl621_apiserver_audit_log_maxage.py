"""SL621 apiserver-audit-log-maxage: kube-apiserver keeps too little audit log (fewer than 30 days)."""

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

CONTROL = Setting(APISERVER, "audit-log-maxage", at_least(30), "30", default="0",
                  risk="audit records are deleted before an investigation can use them (0 means they are never deleted for age)", when=logs_to_file)


RULE = Rule(
    code="SL621",
    name="apiserver-audit-log-maxage",
    severity=Severity.LOW,
    summary='kube-apiserver keeps too little audit log (fewer than 30 days)',
    rationale=(
        "The CIS Benchmark asks for --audit-log-maxage of at least 30 days, so that "
        "audit history survives long enough to investigate an incident. Checked only "
        "when the API server writes its audit log to a file (--audit-log-path set and "
        "not `-`); without one, SL620 reports the missing log."),
    remediation=(
        "Set `--audit-log-maxage=30` or more."),
    references=[
        DOCS[APISERVER],
        cis('1.2.20', 'Ensure that the --audit-log-maxage argument is set to 30 or as appropriate'),
        CIS,
    ],
    aliases={'checkov': 'CKV_K8S_92', 'trivy': 'KCV-0020', 'cis': '1.2.20'},
    related={'kics': 'Audit Log Maxage Not Properly Set'},
    tags=["control-plane"],
    failing=lambda: audit_rotation("maxage", 3, 30)[0],
    passing=lambda: audit_rotation("maxage", 3, 30)[1],
)


@RULE.check(PodTemplate)
def check(pt: PodTemplate) -> Iterator[Hit]:
    yield from CONTROL.hits(pt)
