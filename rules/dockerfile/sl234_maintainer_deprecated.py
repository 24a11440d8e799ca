"""SL234 maintainer-deprecated: MAINTAINER is deprecated."""

from __future__ import annotations

from linter.dockerfile import Dockerfile, Instruction
from linter.engine import Example, Hit, Rule
from linter.findings import Autofix, Severity, replace

from .sources import short

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

_REF = "https://docs.docker.com/reference/dockerfile/"


_CHECKS = "https://docs.docker.com/reference/build-checks/"


RULE = Rule(
    code="SL234",
    name="maintainer-deprecated",
    severity=Severity.LOW,
    summary="MAINTAINER is deprecated",
    rationale="MAINTAINER is deprecated; tools read the maintainer from labels.",
    remediation='Use `LABEL org.opencontainers.image.authors="name <email>"`.',
    references=[_REF + "#maintainer-deprecated", _CHECKS + "maintainer-deprecated/"],
    aliases={"hadolint": "DL4000", "buildkit": "MaintainerDeprecated", "checkov": "CKV_DOCKER_6",
             "trivy": "DS-0022", "kics": "MAINTAINER Instruction Being Used"},
    tags=["maintainability"],
    failing=lambda: [Example("Dockerfile", "FROM alpine:3.20\nMAINTAINER Jane <jane@example.com>\n")],
    passing=lambda: [Example("Dockerfile", "FROM alpine:3.20\n"
                                   "LABEL org.opencontainers.image.authors=\"Jane\"\n")],
    security=False,
    opt_in="style",
    fixable="safe",  # the image's metadata moves from Author to a label; nothing runs differently
)

_KEY = "org.opencontainers.image.authors"


@RULE.check(Dockerfile)
def _maintainer(df: Dockerfile) -> Iterator[Hit]:
    for ins in df.instructions:
        if ins.keyword == "MAINTAINER":
            yield Hit(ins, "MAINTAINER is deprecated; use LABEL org.opencontainers.image.authors",
                      fix=f'LABEL org.opencontainers.image.authors="{short(ins.args)}"',
                      autofix=_label(ins, df.escape))


def _label(ins: Instruction, escape: str) -> Autofix | None:
    """The MAINTAINER line written as the LABEL, its text quoted as it was read: MAINTAINER
    expands no variable, a double-quoted LABEL value does, so ``$`` is escaped too. Quotes
    around the whole text (``MAINTAINER "Jane <jane@example.com>"``, which MAINTAINER keeps
    as part of the name) are the LABEL's quotes."""
    text = ins.args.strip()
    if ins.span.line != ins.span.end_line or not text:
        return None
    if len(text) > 2 and text[0] == text[-1] and text[0] in "\"'" and text[0] not in text[1:-1]:
        text = text[1:-1]
    value = "".join(escape + c if c in ('"', "$", escape) else c for c in text)
    keyword = "label" if ins.raw_keyword.islower() else "LABEL"
    return Autofix("write MAINTAINER as LABEL org.opencontainers.image.authors",
                   (replace(ins.span, f'{keyword} {_KEY}="{value}"'),), True)
