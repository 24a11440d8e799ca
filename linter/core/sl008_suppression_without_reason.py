"""SL008 suppression-without-reason: Inline suppression gives no reason.

One of the engine's own rules: a parser or the pipeline reports it as a ``Problem``
(see ``linter.findings``), so it has no check of its own.
"""

from __future__ import annotations

from ..findings import Severity
from ..rule import Rule

RULE = Rule(
    code="SL008",
    name="suppression-without-reason",
    severity=Severity.LOW,
    summary="Inline suppression gives no reason",
    rationale=(
        "With `require-reason: true` in the configuration, every suppression must say why, so"
        " a reviewer can tell an accepted risk from a silenced alarm."),
    remediation="Add the reason after `--`: `# shiplint: ignore=SL101 -- runs as root to bind :80`.",
    tags=["correctness"],
    security=False,
)
