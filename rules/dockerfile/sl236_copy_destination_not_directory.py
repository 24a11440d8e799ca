"""SL236 copy-destination-not-directory: COPY/ADD of several sources to a destination without a
trailing /.
"""

from __future__ import annotations

import re

from linter.dockerfile import Dockerfile
from linter.dockerfile.shell import shell_kind
from linter.engine import Example, Hit, Rule
from linter.findings import Severity

from .sources import sources

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

_REF = "https://docs.docker.com/reference/dockerfile/"


RULE = Rule(
    code="SL236",
    name="copy-destination-not-directory",
    severity=Severity.HIGH,
    summary="COPY/ADD of several sources to a destination without a trailing /",
    rationale=(
        "With more than one source the destination must be a directory, written with a "
        "trailing slash; otherwise the build fails."),
    remediation="End the destination with `/`: `COPY a.txt b.txt /app/`.",
    references=[_REF + "#copy"],
    aliases={"hadolint": "DL3021", "trivy": "DS-0011",
             "kics": "Copy With More Than Two Arguments Not Ending With Slash"},
    tags=["correctness"],
    failing=lambda: [Example("Dockerfile", "FROM alpine:3.20\nCOPY a.txt b.txt /app\n")],
    passing=lambda: [Example("Dockerfile", "FROM alpine:3.20\nCOPY a.txt b.txt /app/\n"),
             Example("Dockerfile", "FROM alpine:3.20\nCOPY [\"a.txt\", \"b.txt\", \"/app/\"]\n"),
             Example("Dockerfile", "FROM alpine:3.20\nCOPY a.txt /app\n")],
    security=False,
)


@RULE.check(Dockerfile)
def _slash(df: Dockerfile) -> Iterator[Hit]:
    if df.escape == "`":
        return
    for ins in df.instructions:
        if ins.keyword not in ("COPY", "ADD"):
            continue
        srcs, dest = sources(ins)
        if dest is None:
            continue
        count = len(srcs)
        if count < 2:
            continue
        value, known = df.expand(dest[0], ins.stage, ins)
        value = value.strip("'\"")
        if re.match(r"^[A-Za-z]:", value) or (ins.stage and shell_kind(df, ins) is None):
            continue  # Windows paths
        if known and value and not value.endswith("/") and value not in (".", ".."):
            yield Hit(dest[1], f"{ins.keyword} has {count} sources, so the destination "
                               f"'{value}' must end with /", fix=f"{value}/")
