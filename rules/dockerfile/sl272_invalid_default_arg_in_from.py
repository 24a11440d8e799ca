"""SL272 invalid-default-arg-in-from: Default values of build arguments give an invalid FROM."""

from __future__ import annotations

from linter.dockerfile import AUTOMATIC_ARGS, Dockerfile, lex
from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.image import ImageReference

from .variables import variable_names

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

_CHECKS = "https://docs.docker.com/reference/build-checks/"


RULE = Rule(
    code="SL272",
    name="invalid-default-arg-in-from",
    severity=Severity.LOW,
    summary="Default values of build arguments give an invalid FROM",
    rationale=(
        "`ARG TAG` without a default and `FROM alpine:${TAG}` builds only when every caller "
        "passes `--build-arg TAG=...`; with the defaults the image reference is invalid "
        "(`alpine:`) and the build fails."),
    remediation="Give the ARG a working default (`ARG TAG=3.20`) or use `${TAG:-3.20}`.",
    references=[_CHECKS + "invalid-default-arg-in-from/"],
    aliases={"buildkit": "InvalidDefaultArgInFrom"},
    tags=["correctness"],
    failing=lambda: [Example("Dockerfile", "ARG TAG\nFROM alpine:${TAG}\n")],
    passing=lambda: [Example("Dockerfile", "ARG TAG=3.20\nFROM alpine:${TAG}\n"),
             Example("Dockerfile", "ARG TAG\nFROM alpine:${TAG:-3.20}\n"),
             Example("Dockerfile", "ARG BASE\nFROM ${BASE}\n")],
    security=False,
)


@RULE.check(Dockerfile)
def _invalid_default(df: Dockerfile) -> Iterator[Hit]:
    declared = {a.name for a in df.global_args}
    scope = df.global_scope()

    def lookup(name: str):
        var = scope.get(name)
        if name in AUTOMATIC_ARGS:
            return lex.Var("x")
        if var is None or var is lex.UNSET:
            return lex.Var("")
        if var is lex.UNKNOWN:
            return lex.Var("x")
        return var
    for stage in df.stages:
        text = stage.image_text
        names = variable_names(text)
        if not names or not all(n in declared or n in AUTOMATIC_ARGS for n in names):
            continue
        value, _ = lex.expand(text, df.escape, lookup)
        value = value.strip()
        if not value:
            # The whole image comes from an ARG without default: a required build argument,
            # a deliberate pattern (`ARG BASE` / `FROM ${BASE}`); only report partial images.
            continue
        ref = ImageReference.parse(value)
        if not ref.is_well_formed or value.endswith((":", "@", "/")) or "//" in value:
            yield Hit(stage.from_instruction,
                      f"with the ARG defaults, FROM {text} gives the invalid image '{value}'",
                      fix="give the ARG a default value")
