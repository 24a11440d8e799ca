"""SL207 package-index-update-alone: Package index updated in a RUN that installs nothing."""

from __future__ import annotations

from linter.dockerfile import Dockerfile
from linter.dockerfile.packages import (
    package_commands,
)
from linter.dockerfile.shell import scripts
from linter.engine import Example, Hit, Rule
from linter.findings import Severity

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

_DOCKERFILE_REF = "https://docs.docker.com/build/building/best-practices/#apt-get"


RULE = Rule(
    code="SL207",
    name="package-index-update-alone",
    severity=Severity.MEDIUM,
    summary="Package index updated in a RUN that installs nothing",
    rationale=(
        "`RUN apt-get update` on its own line is cached as a layer: a later change to the "
        "`apt-get install` line rebuilds only that line and installs from the old, cached index "
        "— outdated packages, or 404s once the mirror has moved on."),
    remediation=(
        "Update and install in the same RUN: `RUN apt-get update && apt-get install -y ... && "
        "rm -rf /var/lib/apt/lists/*` (likewise `apk update` -> `apk add --no-cache`, "
        "`yum makecache` -> `yum install`)."),
    references=[_DOCKERFILE_REF],
    aliases={"checkov": "CKV_DOCKER_5", "trivy": "DS-0017", "kics": "Update Instruction Alone"},
    tags=["correctness", "reproducibility"],
    failing=lambda: [Example("Dockerfile", "FROM debian:12\nRUN apt-get update\n"
                                   "RUN apt-get install -y --no-install-recommends "
                                   "curl=7.88.1-10\n")],
    passing=lambda: [
        Example("Dockerfile", "FROM debian:12\nRUN apt-get update && apt-get install -y "
                              "--no-install-recommends curl=7.88.1-10 "
                              "&& rm -rf /var/lib/apt/lists/*\n"),
        Example("Dockerfile", "FROM alpine:3.20\nRUN apk update && apk upgrade --no-cache\n"),
    ],
    security=False,
)


@RULE.check(Dockerfile)
def _update_alone(df: Dockerfile) -> Iterator[Hit]:
    for _, sc in scripts(df):
        pcs = package_commands(sc)
        for pc in pcs:
            if pc.action != "update" or pc.family not in ("apt", "apk", "rpm", "zypper"):
                continue
            if any(o.family == pc.family and o.action in ("install", "upgrade", "dist-upgrade",
                                                          "remove", "source", "download")
                   for o in pcs):
                continue
            if any(c.name in ("apt-cache", "apt-get", "dpkg", "add-apt-repository",
                              "apt-file", "apk", "rpm") and c is not pc.command
                   for c in sc.commands):
                continue
            yield Hit(pc.command, f"{pc.command.text()} runs in a RUN that installs nothing; "
                                  "the cached index goes stale",
                      fix="update and install in one RUN")
