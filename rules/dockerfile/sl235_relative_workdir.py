"""SL235 relative-workdir: WORKDIR is a relative path before any absolute one."""

from __future__ import annotations

import re
from typing import Iterator

from linter.dockerfile import Dockerfile
from linter.engine import Example, Hit, Rule
from linter.findings import Severity

_REF = "https://docs.docker.com/reference/dockerfile/"


_CHECKS = "https://docs.docker.com/reference/build-checks/"


RULE = Rule(
    code="SL235",
    name="relative-workdir",
    severity=Severity.LOW,
    summary="WORKDIR is a relative path before any absolute one",
    rationale=(
        "A relative WORKDIR is resolved against the base image's working directory, which "
        "you do not control: a new base image version moves your files. After an absolute "
        "WORKDIR in the same stage a relative one is well defined and not reported."),
    remediation="Use an absolute path: `WORKDIR /app`.",
    references=[_REF + "#workdir", _CHECKS + "workdir-relative-path/"],
    aliases={"hadolint": "DL3000", "buildkit": "WorkdirRelativePath", "checkov": "CKV_DOCKER_10",
             "trivy": "DS-0009", "kics": "WORKDIR Path Not Absolute"},
    tags=["correctness"],
    failing=[Example("Dockerfile", "FROM node:22\nWORKDIR app\n")],
    passing=[Example("Dockerfile", "FROM node:22\nWORKDIR /srv\nWORKDIR app\n"),
             Example("Dockerfile", "FROM node:22\nWORKDIR $HOME/app\n"),
             Example("Dockerfile", "FROM node:22\nARG DIR=/app\nWORKDIR ${DIR}\n")],
    security=False,
)


@RULE.check(Dockerfile)
def _workdir(df: Dockerfile) -> Iterator[Hit]:
    if df.escape == "`":
        return  # Windows paths
    for stage in df.stages:
        absolute = any(i.args.startswith("/") for s in stage.lineage()[1:]
                       for i in s.instructions_named("WORKDIR"))
        for ins in stage.instructions_named("WORKDIR"):
            value, known = df.expand(ins.args.strip(), stage, ins)
            value = value.strip("'\"")
            if not known or not value or value == ".":
                absolute = absolute or not known
                continue
            if value.startswith("/") or re.match(r"^[A-Za-z]:[\\/]", value):
                absolute = True
                continue
            if not absolute:
                yield Hit(ins, f"WORKDIR {value} is relative to the base image's working "
                               "directory", fix=f"WORKDIR /{value}")
