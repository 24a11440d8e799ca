"""SL241 copy-from-stage-index: COPY --from refers to a stage by its number."""

from __future__ import annotations

from linter.dockerfile import Dockerfile
from linter.engine import Example, Hit, Rule
from linter.findings import Severity

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

RULE = Rule(
    code="SL241",
    name="copy-from-stage-index",
    severity=Severity.INFO,
    summary="COPY --from refers to a stage by its number",
    rationale=("`COPY --from=0` breaks silently when a stage is added or moved above it; a "
               "stage name says what is copied and survives reordering."),
    remediation="Name the stage (`FROM golang:1.23 AS build`) and use `COPY --from=build`.",
    references=["https://docs.docker.com/build/building/multi-stage/#name-your-build-stages"],
    aliases={"kics": "Using Unnamed Build Stages"},
    tags=["maintainability"],
    failing=lambda: [Example("Dockerfile", "FROM golang:1.23\nRUN go build -o /a .\n"
                                   "FROM alpine:3.20\nCOPY --from=0 /a /a\n")],
    passing=lambda: [Example("Dockerfile", "FROM golang:1.23 AS build\nRUN go build -o /a .\n"
                                   "FROM alpine:3.20\nCOPY --from=build /a /a\n")],
    security=False,
    opt_in="style",
)


@RULE.check(Dockerfile)
def _index(df: Dockerfile) -> Iterator[Hit]:
    for ins in df.instructions:
        if ins.keyword not in ("COPY", "ADD"):
            continue
        flag = ins.flag("from")
        if flag is not None and flag.value and flag.value.isdigit() and ins.stage and \
                int(flag.value) < ins.stage.index:
            stage = df.stages[int(flag.value)]
            hint = f" (it is named '{stage.alias}')" if stage.alias else ""
            yield Hit(flag, f"{ins.keyword} --from={flag.value} names a stage by number{hint}",
                      fix=f"--from={stage.alias or '<stage name>'}")
