"""SL255 instruction-casing: Instruction keywords mix upper and lower case."""

from __future__ import annotations

from linter import lazyre
from linter.dockerfile import KEYWORDS, Dockerfile
from linter.engine import Example, Hit, Rule
from linter.findings import Autofix, Severity, replace

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

_CHECKS = "https://docs.docker.com/reference/build-checks/"


RULE = Rule(
    code="SL255",
    name="instruction-casing",
    severity=Severity.INFO,
    summary="Instruction keywords mix upper and lower case",
    rationale=("Keywords are case-insensitive, but a file that mixes `RUN` and `run` (or "
               "`FROM ... as`) is harder to read and grep. Upper case is the convention."),
    remediation="Write every keyword, and `AS` in FROM, in the same case (upper case).",
    references=[_CHECKS + "consistent-instruction-casing/", _CHECKS + "from-as-casing/"],
    aliases={"buildkit": ["ConsistentInstructionCasing", "FromAsCasing"]},
    tags=["style"],
    failing=lambda: [Example("Dockerfile", "FROM alpine:3.20\nRUN echo a\nrun echo b\nRUN echo c\n"),
             Example("Dockerfile", "FROM alpine:3.20 as build\n")],
    passing=lambda: [Example("Dockerfile", "from alpine:3.20 as build\nrun echo a\n"),
             Example("Dockerfile", "FROM alpine:3.20 AS build\nRUN echo a\n")],
    security=False,
    opt_in="style",
    fixable="safe",  # keywords are case-insensitive: only how the file reads changes
)


@RULE.check(Dockerfile)
def _casing(df: Dockerfile) -> Iterator[Hit]:
    kws = [i for i in df.instructions if i.keyword in KEYWORDS]
    upper = sum(1 for i in kws if i.raw_keyword.isupper())
    lower = sum(1 for i in kws if i.raw_keyword.islower())
    want_upper = upper >= lower
    for ins in kws:
        raw = ins.raw_keyword
        ok = raw.isupper() if want_upper else raw.islower()
        if not ok:
            want = raw.upper() if want_upper else raw.lower()
            yield Hit(_kw_span(ins),
                      f"'{raw}' should be written '{want}' like the other instructions",
                      autofix=Autofix(f"write '{want}'", (replace(_kw_span(ins), want),), True))
        if ins.keyword == "FROM":
            words = ins.args.split()
            if len(words) == 3 and words[1].upper() == "AS":
                as_word = words[1]
                if raw.isupper() and not as_word.isupper() or raw.islower() and \
                        not as_word.islower():
                    yield Hit(ins, f"'{as_word}' should match the case of '{raw}'",
                              autofix=_as_case(ins, "AS" if raw.isupper() else "as"))


def _kw_span(ins):
    s = ins.span
    return type(s)(s.line, s.column, s.line, s.column + len(ins.raw_keyword))


_FROM_AS = lazyre.compile(r"\S+\s+(\S+)\s+\S+\Z")


def _as_case(ins, want: str) -> Autofix | None:
    m = _FROM_AS.match(ins.args)
    if m is None:
        return None
    at = ins.span_of(m.start(1), m.end(1))
    if at.line != at.end_line or at.end_column - at.column != 2:
        return None
    return Autofix(f"write '{want}'", (replace(at, want),), True)
