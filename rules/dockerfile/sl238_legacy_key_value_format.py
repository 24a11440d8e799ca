"""SL238 legacy-key-value-format: ENV or LABEL in the legacy `key value` form."""

from __future__ import annotations

from typing import Iterator

from linter.dockerfile import Dockerfile
from linter.engine import Example, Hit, Rule
from linter.findings import Severity

_REF = "https://docs.docker.com/reference/dockerfile/"


_CHECKS = "https://docs.docker.com/reference/build-checks/"


RULE = Rule(
    code="SL238",
    name="legacy-key-value-format",
    severity=Severity.INFO,
    summary="ENV or LABEL in the legacy `key value` form",
    rationale=(
        "`ENV key value` sets one variable to everything after the first space, quotes and "
        "all; the `key=value` form is unambiguous, allows several pairs, and is the only one "
        "the documentation still recommends."),
    remediation="Write `ENV key=value` (quote values with spaces).",
    references=[_REF + "#env", _CHECKS + "legacy-key-value-format/"],
    aliases={"buildkit": "LegacyKeyValueFormat"},
    tags=["maintainability"],
    failing=[Example("Dockerfile", "FROM alpine:3.20\nENV LANG C.UTF-8\n")],
    passing=[Example("Dockerfile", "FROM alpine:3.20\nENV LANG=C.UTF-8\n")],
    security=False,
    opt_in="style",
)


@RULE.check(Dockerfile)
def _legacy(df: Dockerfile) -> Iterator[Hit]:
    for ins in df.instructions:
        target = ins.onbuild if ins.keyword == "ONBUILD" and ins.onbuild else ins
        if target.keyword in ("ENV", "LABEL"):
            for kv in target.key_values:
                if kv.legacy:
                    yield Hit(kv, f"{target.keyword} {kv.key} uses the legacy 'key value' form",
                              fix=f"{target.keyword} {kv.key}=...")
