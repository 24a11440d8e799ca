"""SL235 relative-workdir: WORKDIR is a relative path before any absolute one."""

from __future__ import annotations

import posixpath
import re

from linter.dockerfile import Dockerfile
from linter.engine import Example, Hit, Rule
from linter.findings import Autofix, Severity, replace

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

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
    failing=lambda: [Example("Dockerfile", "FROM node:22\nWORKDIR app\n"),
             Example("Dockerfile", "FROM debian:12\nWORKDIR app\n")],
    passing=lambda: [Example("Dockerfile", "FROM node:22\nWORKDIR /srv\nWORKDIR app\n"),
             Example("Dockerfile", "FROM node:22\nWORKDIR $HOME/app\n"),
             Example("Dockerfile", "FROM node:22\nARG DIR=/app\nWORKDIR ${DIR}\n")],
    security=False,
    fixable="safe",  # only where the base image is known to work in /
)


@RULE.check(Dockerfile)
def _workdir(df: Dockerfile) -> Iterator[Hit]:
    if df.escape == "`":
        return  # Windows paths
    # What the stages a stage is built FROM wrote, carried down the chain once per stage
    # rather than read again from its whole lineage (a file of chained stages stays linear:
    # issue #14): (a WORKDIR starting with /, any WORKDIR), by stage.
    carried: dict[int, tuple[bool, bool]] = {}
    for stage in df.stages:
        workdirs = stage.instructions_named("WORKDIR")
        base = stage.base_stage
        if base is None:
            inherited = (False, False)
        elif id(base) in carried:
            inherited = carried[id(base)]
        else:  # not an earlier stage (never, as the parser links them): read the lineage
            before = [i for s in stage.lineage()[1:] for i in s.instructions_named("WORKDIR")]
            inherited = (any(i.args.startswith("/") for i in before), bool(before))
        carried[id(stage)] = (inherited[0] or any(i.args.startswith("/") for i in workdirs),
                              inherited[1] or bool(workdirs))
        absolute = inherited[0]
        for ins in workdirs:
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
                               "directory", fix=f"WORKDIR /{value}",
                          autofix=_absolute(stage, ins, inherited[1]))


#: base images that leave the working directory at / (no WORKDIR of their own): scratch and
#: the distributions' official images, whose root file systems are all they add
_ROOT_WORKDIR = frozenset({"scratch", "alpine", "busybox", "debian", "ubuntu", "fedora",
                           "centos", "rockylinux", "almalinux", "amazonlinux", "archlinux",
                           "oraclelinux"})


def _absolute(stage, ins, inherited: bool) -> Autofix | None:
    """``WORKDIR /path`` for the first WORKDIR of a stage chain built from an image that
    works in / (``_ROOT_WORKDIR``): only there does the relative path say where it is.
    ``inherited``: whether a stage ``stage`` is built from wrote a WORKDIR."""
    if inherited:
        return None
    root = stage.root().image
    name = root.repository.removeprefix("library/")
    if root.unknown or root.registry not in (None, "docker.io", "index.docker.io") \
            or name not in _ROOT_WORKDIR:
        return None
    earlier = [i for i in stage.instructions_named("WORKDIR") if i is not ins
               and stage.instructions.index(i) < stage.instructions.index(ins)]
    raw = ins.args.strip()
    if earlier or not re.fullmatch(r"[A-Za-z0-9_.@%+,:/-]+", raw) or \
            ins.args_span.line != ins.args_span.end_line:
        return None
    path = posixpath.normpath("/" + raw)
    return Autofix(f"write WORKDIR {path} ({name} works in /)",
                   (replace(ins.args_span, path),), True)
