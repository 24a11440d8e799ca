"""SL251 copy-from-unknown-stage: COPY --from names no earlier stage."""

from __future__ import annotations

from linter import lazyre
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
    code="SL251",
    name="copy-from-unknown-stage",
    severity=Severity.MEDIUM,
    summary="COPY --from names no earlier stage",
    rationale=(
        "`COPY --from=<name>` takes an earlier stage, or else an image: a misspelt or later "
        "stage name is silently read as an image on Docker Hub (pulled, or failing as 'not "
        "found'). A numeric index must be that of an earlier stage."),
    remediation=(
        "Use the name of an earlier `FROM ... AS <name>` stage; for an image, write its full "
        "reference with a tag (`COPY --from=nginx:1.27 ...`)."),
    references=[_REF + "#copy---from", _MULTI],
    # hadolint also reports a bare name in a file that names no stage (`COPY --from=nginx`),
    # which may be an image
    related={"hadolint": "DL3022"},
    tags=["correctness"],
    failing=lambda: [
        Example("Dockerfile", "FROM golang:1.23 AS build\nFROM alpine:3.20\n"
                              "COPY --from=biuld /a /b\n"),
        Example("Dockerfile", "FROM alpine:3.20\nCOPY --from=1 /a /b\nFROM alpine:3.20\n"),
    ],
    passing=lambda: [
        Example("Dockerfile", "FROM golang:1.23 AS build\nFROM alpine:3.20\n"
                              "COPY --from=build /a /b\nCOPY --from=0 /c /d\n"
                              "COPY --from=nginx:1.27 /etc/nginx /etc/nginx\n"),
        Example("Dockerfile", "ARG SRC=build\nFROM golang:1.23 AS build\nFROM alpine:3.20\n"
                              "ARG SRC\nCOPY --from=${SRC} /a /b\n"),
    ],
    security=False,
)


_BARE = lazyre.compile(r"^[a-z0-9][a-z0-9_.-]*$")


@RULE.check(Dockerfile)
def _unknown(df: Dockerfile) -> Iterator[Hit]:
    for ins, target, flag, value, known in from_flags(df):
        stage = ins.stage
        if not known or stage is None or ins.keyword == "ONBUILD":
            continue
        if value.isdigit():
            if int(value) >= stage.index:
                yield Hit(flag, f"{target.keyword} --from={value}: stage {value} is not an "
                                f"earlier stage (this is stage {stage.index})")
            continue
        low = value.lower()
        earlier = [s for s in df.stages[:stage.index] if s.alias and s.alias.lower() == low]
        if earlier or "/" in value or ":" in value or "@" in value or "." in value:
            continue
        if not _BARE.match(low):
            continue
        later = [s for s in df.stages[stage.index:] if s.alias and s.alias.lower() == low]
        if later:
            yield Hit(flag, f"{target.keyword} --from={value}: stage '{value}' is defined "
                            f"later (line {later[0].from_instruction.span.line}); only earlier "
                            "stages can be copied from")
        elif any(s.alias for s in df.stages):
            names = ", ".join(s.alias for s in df.stages[:stage.index] if s.alias)
            yield Hit(flag, f"{target.keyword} --from={value}: no earlier stage is named "
                            f"'{value}' (stages: {names or 'none named'}), so it is read as "
                            "an image name")
