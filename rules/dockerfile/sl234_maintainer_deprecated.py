"""SL234 maintainer-deprecated: MAINTAINER is deprecated."""

from __future__ import annotations

from typing import Iterator

from linter.dockerfile import Dockerfile
from linter.engine import Example, Hit, Rule
from linter.findings import Severity

from .sources import short

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
    failing=[Example("Dockerfile", "FROM alpine:3.20\nMAINTAINER Jane <jane@example.com>\n")],
    passing=[Example("Dockerfile", "FROM alpine:3.20\n"
                                   "LABEL org.opencontainers.image.authors=\"Jane\"\n")],
    security=False,
    opt_in="style",
)


@RULE.check(Dockerfile)
def _maintainer(df: Dockerfile) -> Iterator[Hit]:
    for ins in df.instructions:
        if ins.keyword == "MAINTAINER":
            yield Hit(ins, "MAINTAINER is deprecated; use LABEL org.opencontainers.image.authors",
                      fix=f'LABEL org.opencontainers.image.authors="{short(ins.args)}"')
