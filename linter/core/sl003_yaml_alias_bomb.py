"""SL003 yaml-alias-bomb: YAML aliases expand to an enormous document.

One of the engine's own rules: a parser or the pipeline reports it as a ``Problem``
(see ``linter.findings``), so it has no check of its own.
"""

from __future__ import annotations

from ..findings import Severity
from ..rule import Rule

RULE = Rule(
    code="SL003",
    name="yaml-alias-bomb",
    severity=Severity.HIGH,
    summary="YAML aliases expand to an enormous document",
    rationale=(
        "Nested aliases can make a tiny file expand to billions of nodes ('billion laughs') "
        "and exhaust the memory of any tool that loads it."),
    remediation="Remove the nested aliases; write the values out.",
    tags=["correctness"],
    security=False,
    incomplete=True,
)
