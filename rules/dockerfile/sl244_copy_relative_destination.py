"""SL244 copy-relative-destination: COPY to a relative destination with no WORKDIR set."""

from __future__ import annotations

import re

from linter.dockerfile import Dockerfile, lex
from linter.dockerfile.shell import shell_kind
from linter.engine import Example, Hit, Rule
from linter.findings import Severity

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

_REF = "https://docs.docker.com/reference/dockerfile/"


RULE = Rule(
    code="SL244",
    name="copy-relative-destination",
    severity=Severity.LOW,
    summary="COPY to a relative destination with no WORKDIR set",
    rationale=(
        "A relative destination is resolved against the working directory, which, with no "
        "WORKDIR in the stage, is whatever the base image chose (often `/`): files land in "
        "an unexpected place and move when the base image changes."),
    remediation="Set `WORKDIR /app` before the COPY, or use an absolute destination.",
    references=[_REF + "#copy", _REF + "#workdir"],
    aliases={"hadolint": "DL3045"},
    tags=["correctness"],
    failing=lambda: [Example("Dockerfile", "FROM node:22\nCOPY package.json app/\n")],
    passing=lambda: [Example("Dockerfile", "FROM node:22\nWORKDIR /app\nCOPY package.json .\n"),
             Example("Dockerfile", "FROM node:22\nCOPY package.json /app/\n")],
    security=False,
)


@RULE.check(Dockerfile)
def _relative(df: Dockerfile) -> Iterator[Hit]:
    if df.escape == "`":
        return
    # whether a stage or one it is built FROM wrote a WORKDIR, carried down the chain once
    # per stage rather than read again from its whole lineage (issue #14: linear in chained
    # stages)
    carried: dict[int, bool] = {}
    for stage in df.stages:
        base = stage.base_stage
        if base is None:
            has_workdir = False
        elif id(base) in carried:
            has_workdir = carried[id(base)]
        else:  # not an earlier stage (never, as the parser links them): read the lineage
            has_workdir = any(c.instructions_named("WORKDIR") for c in stage.lineage()[1:])
        carried[id(stage)] = has_workdir or any(i.keyword == "WORKDIR"
                                                for i in stage.instructions)
        for ins in stage.instructions:
            if ins.keyword == "WORKDIR":
                has_workdir = True
            if ins.keyword != "COPY" or has_workdir or ins.heredocs:
                continue
            if shell_kind(df, ins) is None:
                continue
            if ins.exec_form is not None:
                dest = ins.exec_form[-1] if ins.exec_form else ""
            else:
                words = lex.split_words(ins.args, df.escape, 0, len(ins.args))
                if len(words) < 2:
                    continue
                dest = ins.args[words[-1][0]:words[-1][1]]
            value, known = df.expand(dest, stage, ins)
            value = value.strip("'\"")
            if known and value and not value.startswith(("/", "$", "~")) and \
                    not re.match(r"^[A-Za-z]:", value):
                yield Hit(ins, f"COPY to relative '{value}' with no WORKDIR in this stage: the "
                               "base image decides where it lands", fix="set WORKDIR first")
