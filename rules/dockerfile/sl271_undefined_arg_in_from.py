"""SL271 undefined-arg-in-from: FROM uses a build argument that is not declared before it."""

from __future__ import annotations

from linter.dockerfile import AUTOMATIC_ARGS, Dockerfile
from linter.engine import Example, Hit, Rule
from linter.findings import Severity

from .variables import variable_names

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

_REF = "https://docs.docker.com/reference/dockerfile/"


_CHECKS = "https://docs.docker.com/reference/build-checks/"


RULE = Rule(
    code="SL271",
    name="undefined-arg-in-from",
    severity=Severity.MEDIUM,
    summary="FROM uses a build argument that is not declared before it",
    rationale=(
        "Only ARGs declared before the first FROM (and BuildKit's TARGETPLATFORM family) can "
        "be used in FROM; any other name expands to an empty string, giving a wrong or "
        "invalid image reference."),
    remediation="Declare it before the first FROM: `ARG BASE_TAG=3.20`.",
    references=[_REF + "#understand-how-arg-and-from-interact",
                _CHECKS + "undefined-arg-in-from/"],
    aliases={"buildkit": "UndefinedArgInFrom"},
    tags=["correctness"],
    failing=lambda: [Example("Dockerfile", "FROM alpine:${TAG}\n"),
             Example("Dockerfile", "FROM alpine:3.20\nARG TAG=3.20\nFROM alpine:$TAG\n")],
    passing=lambda: [Example("Dockerfile", "ARG TAG=3.20\nFROM alpine:${TAG}\n"),
             Example("Dockerfile", "FROM --platform=$BUILDPLATFORM alpine:3.20\n")],
    security=False,
)


@RULE.check(Dockerfile)
def _undefined(df: Dockerfile) -> Iterator[Hit]:
    declared = {a.name for a in df.global_args} | AUTOMATIC_ARGS
    for stage in df.stages:
        ins = stage.from_instruction
        texts = [stage.image_text] + [f.value or "" for f in ins.flags if f.name == "platform"]
        for name in dict.fromkeys(n for t in texts for n in variable_names(t)):
            if name not in declared:
                yield Hit(ins, f"FROM uses ${name}, which no ARG before the first FROM declares",
                          fix=f"add 'ARG {name}=<default>' before the first FROM")
