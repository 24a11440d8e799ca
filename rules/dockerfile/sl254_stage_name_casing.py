"""SL254 stage-name-casing: Stage name is not lower case."""

from __future__ import annotations

from linter.dockerfile import Dockerfile
from linter.engine import Example, Hit, Rule
from linter.findings import Severity

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

_CHECKS = "https://docs.docker.com/reference/build-checks/"


RULE = Rule(
    code="SL254",
    name="stage-name-casing",
    severity=Severity.INFO,
    summary="Stage name is not lower case",
    rationale=("Stage names are compared case-insensitively but image references are lower "
               "case; a mixed-case name reads like a different thing in `--from` and FROM."),
    remediation="Write stage names in lower case (`AS build`).",
    references=[_CHECKS + "stage-name-casing/"],
    aliases={"buildkit": "StageNameCasing"},
    tags=["style"],
    failing=lambda: [Example("Dockerfile", "FROM alpine:3.20 AS Build\n")],
    passing=lambda: [Example("Dockerfile", "FROM alpine:3.20 AS build\n")],
    security=False,
    opt_in="style",
)


@RULE.check(Dockerfile)
def _stage_case(df: Dockerfile) -> Iterator[Hit]:
    for stage in df.stages:
        if stage.alias and stage.alias != stage.alias.lower() and "$" not in stage.alias:
            yield Hit(stage.from_instruction, f"stage name '{stage.alias}' should be lower "
                                              f"case: '{stage.alias.lower()}'")
