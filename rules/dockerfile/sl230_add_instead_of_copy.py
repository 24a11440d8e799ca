"""SL230 add-instead-of-copy: ADD used where COPY does the job."""

from __future__ import annotations

from linter.dockerfile import Dockerfile
from linter.engine import Example, Hit, Rule
from linter.findings import Severity

from .sources import ARCHIVE, URL, expanded_sources, is_git, sources

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

_REF = "https://docs.docker.com/reference/dockerfile/"


_BEST = "https://docs.docker.com/build/building/best-practices/"




RULE = Rule(
    code="SL230",
    name="add-instead-of-copy",
    severity=Severity.LOW,
    summary="ADD used where COPY does the job",
    rationale=(
        "ADD also downloads URLs and unpacks local tar archives; for plain files it is COPY "
        "with surprises: a file that happens to be a recognised archive is extracted instead "
        "of copied. COPY says exactly what happens. (ADD of an archive to unpack it, or of a "
        "URL or git repository, is a legitimate use and not reported.)"),
    remediation="Replace `ADD` with `COPY` for local files and directories.",
    references=[_REF + "#add", _BEST + "#add-or-copy"],
    aliases={"hadolint": "DL3020", "trivy": "DS-0005", "kics": "Add Instead of Copy"},
    related={"checkov": "CKV_DOCKER_4"},  # Checkov reports every ADD, URLs and archives too
    tags=["correctness"],
    failing=lambda: [Example("Dockerfile", "FROM alpine:3.20\nADD app.py /app/\n")],
    passing=lambda: [
        Example("Dockerfile", "FROM alpine:3.20\nCOPY app.py /app/\n"),
        Example("Dockerfile", "FROM alpine:3.20\nADD rootfs.tar.xz /\n"),
        Example("Dockerfile", "FROM alpine:3.20\nADD vendor.tgz app.tar.bz2 /opt/\n"),
        Example("Dockerfile", "FROM alpine:3.20\nADD --checksum=sha256:" + "0" * 64 +
                              " https://example.com/a.bin /a.bin\n"),
        Example("Dockerfile", "FROM alpine:3.20\nARG SRC\nADD ${SRC} /opt/\n"),
    ],
    security=False,
    opt_in="hygiene",
)


@RULE.check(Dockerfile)
def _add(df: Dockerfile) -> Iterator[Hit]:
    for ins in df.instructions:
        if ins.keyword != "ADD" or ins.heredocs:
            continue
        plain, archives = [], []
        for value, known, _ in expanded_sources(df, ins):
            if not known or URL.match(value) or is_git(value) or "*" in value or "?" in value:
                plain = []
                break
            (archives if ARCHIVE.search(value) else plain).append(value)
        if not plain:
            continue
        shown = ", ".join(plain[:3]) + (f" and {len(plain) - 3} more" if len(plain) > 3 else "")
        if archives:
            yield Hit(ins, f"ADD {shown}: local files need no ADD; copy them with COPY and keep "
                           f"ADD for {', '.join(archives[:3])}, which it unpacks",
                      fix=f"COPY {' '.join(plain)} {sources(ins)[1][0]}")
        else:
            yield Hit(ins, f"ADD {shown}: local files need no ADD; use COPY",
                      fix="replace ADD with COPY")
