"""SL009 unused-suppression: Inline suppression matches no finding.

One of the engine's own rules: a parser or the pipeline reports it as a ``Problem``
(see ``linter.findings``), so it has no check of its own.
"""

from __future__ import annotations

from ..findings import Severity
from ..rule import Rule

RULE = Rule(
    code="SL009",
    name="unused-suppression",
    severity=Severity.LOW,
    summary="Inline suppression matches no finding",
    rationale=(
        "A suppression that no longer matches anything hides the next real finding on that "
        "line. Opt-in: select it with `--extend-select unused-suppression`."),
    remediation="Delete the suppression comment or annotation.",
    tags=["correctness"],
    security=False,
    enabled_by_default=False,
)
