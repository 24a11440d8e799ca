"""SL250 copy-from-own-stage: COPY --from names the stage it is in."""

from __future__ import annotations

from linter.dockerfile import Dockerfile
from linter.engine import Example, Hit, Rule
from linter.findings import Severity

from .stages import from_flags

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

_REF = "https://docs.docker.com/reference/dockerfile/"


_MULTI = "https://docs.docker.com/build/building/multi-stage/"


RULE = Rule(
    code="SL250",
    name="copy-from-own-stage",
    severity=Severity.HIGH,
    summary="COPY --from names the stage it is in",
    rationale="A stage cannot copy from itself: the build fails with a circular dependency.",
    remediation="Name the stage that produces the files (`COPY --from=build ...`).",
    references=[_REF + "#copy---from", _MULTI],
    aliases={"hadolint": "DL3023", "trivy": "DS-0006",
             "kics": "COPY '--from' References Current FROM Alias"},
    tags=["correctness"],
    failing=lambda: [Example("Dockerfile", "FROM golang:1.23 AS build\nCOPY --from=build /a /b\n")],
    passing=lambda: [Example("Dockerfile", "FROM golang:1.23 AS build\nRUN go build -o /a .\n"
                                   "FROM alpine:3.20\nCOPY --from=build /a /b\n")],
    security=False,
)


@RULE.check(Dockerfile)
def _self(df: Dockerfile) -> Iterator[Hit]:
    for ins, target, flag, value, known in from_flags(df):
        stage = ins.stage
        if not known or stage is None or ins.keyword == "ONBUILD":
            continue
        if (stage.alias and value.lower() == stage.alias.lower()) or value == str(stage.index):
            yield Hit(flag, f"{target.keyword} --from={value} names its own stage")
