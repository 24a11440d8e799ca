"""SL237 empty-continuation-line: Blank line inside a continued instruction."""

from __future__ import annotations

from bisect import bisect_right

from linter.dockerfile import Dockerfile
from linter.engine import Example, Hit, Rule
from linter.findings import Severity, Span

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

_CHECKS = "https://docs.docker.com/reference/build-checks/"


RULE = Rule(
    code="SL237",
    name="empty-continuation-line",
    severity=Severity.LOW,
    summary="Blank line inside a continued instruction",
    rationale=(
        "A blank line in the middle of a `\\`-continued instruction is skipped today but "
        "deprecated (BuildKit warns that it will become an error), and it usually means a "
        "line was deleted and its neighbour's `\\` left behind."),
    remediation="Remove the blank line (a `#` comment line is fine), or the stray `\\`.",
    references=[_CHECKS + "no-empty-continuation/"],
    aliases={"buildkit": "NoEmptyContinuation"},
    tags=["correctness"],
    failing=lambda: [Example("Dockerfile", "FROM alpine:3.20\nRUN echo a && \\\n\n    echo b\n")],
    passing=lambda: [Example("Dockerfile", "FROM alpine:3.20\nRUN echo a && \\\n# note\n    echo b\n")],
    security=False,
)


@RULE.check(Dockerfile)
def _empty_cont(df: Dockerfile) -> Iterator[Hit]:
    lines = df.empty_continuation_lines
    if not lines:
        return
    starts = [i.span.line for i in df.instructions]
    groups: dict[int, list[int]] = {}
    for line in lines:
        k = bisect_right(starts, line) - 1
        groups.setdefault(k, []).append(line)
    for k, found in groups.items():
        ins = df.instructions[k] if 0 <= k < len(df.instructions) else None
        what = f"{ins.keyword} on line {ins.span.line}" if ins is not None else "an instruction"
        more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
        yield Hit(Span(found[0], 1, found[0], 1),
                  f"blank line inside the continued {what}{more}; deprecated, will become an "
                  "error")
