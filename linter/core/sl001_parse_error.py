"""SL001 parse-error: File cannot be parsed.

One of the engine's own rules: a parser or the pipeline reports it as a ``Problem``
(see ``linter.findings``), so it has no check of its own.
"""

from __future__ import annotations

from ..findings import Severity
from ..rule import Rule

RULE = Rule(
    code="SL001",
    name="parse-error",
    severity=Severity.HIGH,
    summary="File cannot be parsed",
    rationale=(
        "A file that Docker, Compose or Kubernetes cannot read fails at build or deploy time,"
        " and nothing else in it can be checked."),
    remediation="Fix the syntax error at the reported line.",
    tags=["correctness"],
    security=False,
    incomplete=True,
)
