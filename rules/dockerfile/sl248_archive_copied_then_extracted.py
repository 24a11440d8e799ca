"""SL248 archive-copied-then-extracted: a COPY brings in a tar archive that a later RUN
unpacks, so the archive stays in the COPY's layer."""

from __future__ import annotations

import posixpath

from linter.dockerfile import Dockerfile
from linter.dockerfile.shell import Command, scripts
from linter.engine import Example, Hit, Rule
from linter.findings import Severity

from .sources import ARCHIVE, URL, expanded_sources

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

_REF = "https://docs.docker.com/reference/dockerfile/"


RULE = Rule(
    code="SL248",
    name="archive-copied-then-extracted",
    severity=Severity.INFO,
    summary="A COPY brings in a tar archive that a later RUN unpacks",
    rationale=(
        "`COPY app.tar.gz /tmp/` followed by `RUN tar -xzf /tmp/app.tar.gz` keeps the archive "
        "in the COPY's layer for good: deleting it in the RUN does not shrink the image, so "
        "the image carries the files twice, packed and unpacked. ADD unpacks a local tar "
        "archive (plain, gzip, bzip2, xz or zstd) straight into its destination, and a bind "
        "mount lets the RUN read the archive without storing it."),
    remediation=(
        "Let ADD unpack it: `ADD app.tar.gz /opt/app/`; or read it through a bind mount: "
        "`RUN --mount=type=bind,source=app.tar.gz,target=/tmp/app.tar.gz tar -xzf "
        "/tmp/app.tar.gz -C /opt/app`."),
    references=[_REF + "#add", _REF + "#run---mounttypebind"],
    aliases={"hadolint": "DL3010"},
    tags=["image-size"],
    failing=lambda: [Example("Dockerfile", "FROM debian:12\nCOPY app.tar.gz /tmp/\n"
                                   "RUN tar -xzf /tmp/app.tar.gz -C /opt && rm /tmp/app.tar.gz\n")],
    passing=lambda: [Example("Dockerfile", "FROM debian:12\nADD app.tar.gz /opt/\n"),
             Example("Dockerfile", "FROM debian:12\nCOPY app.zip /tmp/\n"
                                   "RUN tar -czf /backup.tar.gz /etc\n")],
    security=False,
    opt_in="hygiene",
)


def _extracts(cmd: Command) -> list[str]:
    """The base names of the archives a `tar` command unpacks (`tar -xzf a.tgz`, `tar xf a`,
    `tar --extract --file=a`)."""
    if cmd.name not in ("tar", "bsdtar", "gtar"):
        return []
    args = cmd.args
    if not args:
        return []
    first = args[0].value
    extract = any(w.value in ("-x", "--extract", "--get") or (
        w.value.startswith("-") and not w.value.startswith("--") and "x" in w.value[1:])
        for w in args) or (not first.startswith("-") and "x" in first and first.isalpha())
    if not extract:
        return []
    return [posixpath.basename(w.value.split("=", 1)[-1]) for w in args
            if ARCHIVE.search(w.value) and not w.dynamic]


@RULE.check(Dockerfile)
def _copied_then_extracted(df: Dockerfile) -> Iterator[Hit]:
    extracted: dict[tuple[int, str], int] = {}  # (stage index, archive name) -> line
    for ins, sc in scripts(df):
        if ins.stage is None:
            continue
        for cmd in sc.commands:
            for name in _extracts(cmd):
                extracted.setdefault((ins.stage.index, name), ins.span.line)
    if not extracted:
        return
    for ins in df.instructions:
        if ins.keyword != "COPY" or ins.flag("from") is not None or ins.stage is None \
                or ins.heredocs:
            continue
        for value, known, span in expanded_sources(df, ins):
            if not known or URL.match(value) or not ARCHIVE.search(value) or \
                    "*" in value or "?" in value:
                continue
            name = posixpath.basename(value)
            line = extracted.get((ins.stage.index, name))
            if line is None or line < ins.span.line:
                continue
            yield Hit(span, f"COPY {value}: the archive stays in this layer although the RUN on "
                            f"line {line} unpacks it; let ADD unpack it, or bind-mount it into "
                            "that RUN",
                      fix=f"ADD {value} <directory>/")
