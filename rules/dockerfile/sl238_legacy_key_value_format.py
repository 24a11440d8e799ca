"""SL238 legacy-key-value-format: ENV or LABEL in the legacy `key value` form."""

from __future__ import annotations

from linter import lazyre
from linter.dockerfile import Dockerfile, Instruction, lex
from linter.engine import Example, Hit, Rule
from linter.findings import Autofix, Severity, insert, replace

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

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
    failing=lambda: [Example("Dockerfile", "FROM alpine:3.20\nENV LANG C.UTF-8\n")],
    passing=lambda: [Example("Dockerfile", "FROM alpine:3.20\nENV LANG=C.UTF-8\n")],
    security=False,
    opt_in="style",
    fixable="safe",  # the same key and value, written the way that cannot be misread
)


@RULE.check(Dockerfile)
def _legacy(df: Dockerfile) -> Iterator[Hit]:
    for ins in df.instructions:
        target = ins.onbuild if ins.keyword == "ONBUILD" and ins.onbuild else ins
        if target.keyword in ("ENV", "LABEL"):
            for kv in target.key_values:
                if kv.legacy:
                    yield Hit(kv, f"{target.keyword} {kv.key} uses the legacy 'key value' form",
                              fix=f"{target.keyword} {kv.key}=...",
                              autofix=_key_equals_value(target, df.escape))


_LEGACY = lazyre.compile(r"([^\s=\"'`\\$]+)([ \t]+)")


def _key_equals_value(ins: Instruction, escape: str) -> Autofix | None:
    """``key value`` written ``key=value``: the legacy form takes the rest of the line as one
    value, so a value with spaces is put in double quotes (when it holds no quote or escape
    whose meaning the quotes would change)."""
    m = _LEGACY.match(ins.args)
    if m is None or ins.span.line != ins.span.end_line:
        return None
    value = ins.args[m.end():]
    gap = ins.span_of(m.start(2), m.end(2))
    if len(lex.split_words(value, escape)) == 1:
        edits = (replace(gap, "="),)
    elif not any(c in value for c in ("'", '"', escape)):
        end = ins.span_of(len(ins.args) - 1, len(ins.args))
        edits = (replace(gap, '="'), insert(end.end_line, end.end_column, '"'))
    else:
        return None
    return Autofix(f"write {ins.keyword} {m.group(1)}=...", edits, True)
