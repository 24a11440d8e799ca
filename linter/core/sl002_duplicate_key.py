"""SL002 duplicate-key: Duplicate key in a YAML mapping.

One of the engine's own rules: a parser or the pipeline reports it as a ``Problem``
(see ``linter.findings``), so it has no check of its own.
"""

from __future__ import annotations

from ..findings import Severity
from ..rule import Rule

RULE = Rule(
    code="SL002",
    name="duplicate-key",
    severity=Severity.MEDIUM,
    summary="Duplicate key in a YAML mapping",
    rationale=(
        "YAML loaders disagree on duplicate keys: some keep the last value silently, Compose "
        "and kubectl reject the file. Either way one of the values is not what you meant."),
    remediation="Remove or merge the repeated key.",
    tags=["correctness"],
    security=False,
)
