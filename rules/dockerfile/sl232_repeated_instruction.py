"""SL232 repeated-instruction: CMD, ENTRYPOINT or HEALTHCHECK repeated in one stage."""

from __future__ import annotations

from linter.dockerfile import Dockerfile
from linter.engine import Example, Hit, Rule
from linter.findings import Severity

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

_REF = "https://docs.docker.com/reference/dockerfile/"


_CHECKS = "https://docs.docker.com/reference/build-checks/"


RULE = Rule(
    code="SL232",
    name="repeated-instruction",
    severity=Severity.LOW,
    summary="CMD, ENTRYPOINT or HEALTHCHECK repeated in one stage",
    rationale=(
        "Only the last CMD, ENTRYPOINT and HEALTHCHECK of a stage take effect; an earlier one "
        "is dead code that misleads whoever reads the file (often a leftover from an edit)."),
    remediation="Keep one of each per stage: remove the earlier ones.",
    references=[_REF + "#cmd", _CHECKS + "multiple-instructions-disallowed/"],
    aliases={"hadolint": ["DL4003", "DL4004", "DL3012"],
             "buildkit": "MultipleInstructionsDisallowed",
             "trivy": ["DS-0016", "DS-0007", "DS-0023"],
             "kics": ["Multiple CMD Instructions Listed",
                      "Multiple ENTRYPOINT Instructions Listed"]},
    tags=["correctness"],
    failing=lambda: [Example("Dockerfile", "FROM alpine:3.20\nCMD [\"a\"]\nCMD [\"b\"]\n")],
    passing=lambda: [Example("Dockerfile", "FROM alpine:3.20 AS a\nCMD [\"a\"]\n"
                                   "FROM alpine:3.20\nCMD [\"b\"]\n")],
    security=False,
)


@RULE.check(Dockerfile)
def _repeated(df: Dockerfile) -> Iterator[Hit]:
    for stage in df.stages:
        for kw in ("CMD", "ENTRYPOINT", "HEALTHCHECK"):
            found = stage.instructions_named(kw)
            for ins in found[:-1]:
                yield Hit(ins, f"{kw} on line {ins.span.line} has no effect: the {kw} on line "
                               f"{found[-1].span.line} replaces it", fix=f"remove this {kw}")
