"""SL252 duplicate-stage-name: Two stages have the same name."""

from __future__ import annotations

from linter.dockerfile import Dockerfile
from linter.engine import Example, Hit, Rule
from linter.findings import Severity

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

_CHECKS = "https://docs.docker.com/reference/build-checks/"


_MULTI = "https://docs.docker.com/build/building/multi-stage/"


RULE = Rule(
    code="SL252",
    name="duplicate-stage-name",
    severity=Severity.HIGH,
    summary="Two stages have the same name",
    rationale="Stage names must be unique (case-insensitively); the build fails otherwise.",
    remediation="Rename one of the stages and update the `--from=` and `FROM` references.",
    references=[_CHECKS + "duplicate-stage-name/", _MULTI],
    aliases={"hadolint": "DL3024", "buildkit": "DuplicateStageName", "checkov": "CKV_DOCKER_11",
             "trivy": "DS-0012", "kics": "Same Alias In Different Froms"},
    tags=["correctness"],
    failing=lambda: [Example("Dockerfile", "FROM alpine:3.20 AS base\nFROM alpine:3.20 AS Base\n")],
    passing=lambda: [Example("Dockerfile", "FROM alpine:3.20 AS base\nFROM base AS final\n")],
    security=False,
)


@RULE.check(Dockerfile)
def _duplicate(df: Dockerfile) -> Iterator[Hit]:
    seen: dict[str, int] = {}
    for stage in df.stages:
        if not stage.alias:
            continue
        low = stage.alias.lower()
        if low in seen:
            yield Hit(stage.from_instruction, f"stage name '{stage.alias}' is already used on "
                                              f"line {seen[low]}")
        else:
            seen[low] = stage.from_instruction.span.line
