"""SL230 add-instead-of-copy: ADD used where COPY does the job."""

from __future__ import annotations

import re
from typing import Iterator

from linter.dockerfile import Dockerfile
from linter.engine import Example, Hit, Rule
from linter.findings import Severity

from .sources import URL, is_git, sources

_REF = "https://docs.docker.com/reference/dockerfile/"


_BEST = "https://docs.docker.com/build/building/best-practices/"


_ARCHIVE = re.compile(r"\.(tar|tgz|tbz2?|txz|tzst|tar\.(gz|bz2|xz|zst|lz|lzma|Z))$", re.I)


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
    aliases={"hadolint": "DL3020", "checkov": "CKV_DOCKER_4", "trivy": "DS-0005",
             "kics": "Add Instead of Copy"},
    tags=["correctness"],
    failing=[Example("Dockerfile", "FROM alpine:3.20\nADD app.py /app/\n")],
    passing=[
        Example("Dockerfile", "FROM alpine:3.20\nCOPY app.py /app/\n"),
        Example("Dockerfile", "FROM alpine:3.20\nADD rootfs.tar.xz /\n"),
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
        srcs, dest = sources(ins)
        if dest is None:
            continue
        plain = []
        for text, _ in srcs:
            value, known = df.expand(text, ins.stage, ins)
            value = value.strip("'\"")
            if not known or URL.match(value) or is_git(value) or _ARCHIVE.search(value) \
                    or "*" in value or "?" in value:
                plain = []
                break
            plain.append(value)
        if plain:
            shown = ", ".join(plain[:3])
            yield Hit(ins, f"ADD {shown}: local files need no ADD; use COPY",
                      fix="replace ADD with COPY")
