"""SL014 expired-exception: an exception of the configuration is past its ``expires`` date.

One of the engine's own rules: the pipeline reports it once a run on the line of the
configuration file that holds the exception. An expired exception no longer applies: the
findings it covered are reported again.
"""

from __future__ import annotations

from ..findings import Severity
from ..rule import Rule

RULE = Rule(
    code="SL014",
    name="expired-exception",
    severity=Severity.LOW,
    summary="Exception in the configuration is past its expiry date",
    rationale=(
        "An exception with `expires:` is a decision taken for a while: a vendored chart until "
        "its next upgrade, a legacy service until it is rewritten. Past the date it stops "
        "applying, and the findings it covered come back; this finding says why, on the "
        "line of the configuration that holds it, so the date passing does not go unnoticed."),
    remediation=(
        "Fix what the exception covered and delete it, or renew it with a new `expires:` "
        "date and the reason it still holds."),
    tags=["correctness"],
    security=False,
)
