"""SL013 locked-suppression: an inline suppression names a rule the configuration locks.

One of the engine's own rules: the pipeline reports it where a suppression comment or
annotation tries to switch off a rule of the configuration's ``locked`` list (central
platform teams lock the rules no repository may silence on its own). The finding it tried
to suppress stays reported.
"""

from __future__ import annotations

from ..findings import Severity
from ..rule import Rule

RULE = Rule(
    code="SL013",
    name="locked-suppression",
    severity=Severity.LOW,
    summary="Inline suppression of a rule the configuration locks",
    rationale=(
        "A platform team lists in `locked:` the rules that an inline comment or annotation "
        "cannot switch off, so that an exception goes through the configuration they "
        "review. A suppression of such a rule does nothing; saying so keeps its author from "
        "believing the finding is settled."),
    remediation=(
        "Fix what the finding says, or ask for an exception in the configuration "
        "(`exceptions:` with a reason and an expiry date); then delete the suppression."),
    tags=["correctness"],
    security=False,
)
