"""SL253 reserved-stage-name: Stage named `scratch` or `context`."""

from __future__ import annotations

from linter.dockerfile import Dockerfile
from linter.engine import Example, Hit, Rule
from linter.findings import Severity

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

_CHECKS = "https://docs.docker.com/reference/build-checks/"


RULE = Rule(
    code="SL253",
    name="reserved-stage-name",
    severity=Severity.LOW,
    summary="Stage named `scratch` or `context`",
    rationale=("`scratch` and `context` are reserved words in FROM and COPY --from: a later "
               "`FROM scratch` means the empty image, not the stage, so the stage cannot be "
               "referred to by that name (BuildKit warns)."),
    remediation="Rename the stage.",
    references=[_CHECKS + "reserved-stage-name/"],
    aliases={"hadolint": "DL3063", "buildkit": "ReservedStageName"},
    tags=["correctness"],
    failing=lambda: [Example("Dockerfile", "FROM alpine:3.20 AS scratch\n")],
    passing=lambda: [Example("Dockerfile", "FROM alpine:3.20 AS base\n")],
    security=False,
)


@RULE.check(Dockerfile)
def _reserved(df: Dockerfile) -> Iterator[Hit]:
    for stage in df.stages:
        if stage.alias and stage.alias.lower() in ("scratch", "context"):
            yield Hit(stage.from_instruction, f"stage name '{stage.alias}' is reserved; the stage "
                                                  "cannot be referred to by it")
