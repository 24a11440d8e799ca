"""SL007 internal-error: A rule failed on this file.

One of the engine's own rules: a parser or the pipeline reports it as a ``Problem``
(see ``linter.findings``), so it has no check of its own.
"""

from __future__ import annotations

from ..findings import Severity
from ..rule import Rule

RULE = Rule(
    code="SL007",
    name="internal-error",
    severity=Severity.HIGH,
    summary="A rule failed on this file",
    rationale="A bug in a rule stopped it from checking this file; other rules and files went on.",
    remediation="Report the bug with the file (or a reduced copy) attached.",
    tags=["correctness"],
    security=False,
    bug=True,
)
