"""SL213 curl-and-wget: Both curl and wget used in one stage."""

from __future__ import annotations

from linter.dockerfile import Dockerfile
from linter.dockerfile.shell import Command, scripts
from linter.engine import Example, Hit, Rule
from linter.findings import Severity

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

RULE = Rule(
    code="SL213",
    name="curl-and-wget",
    severity=Severity.INFO,
    summary="Both curl and wget used in one stage",
    rationale=(
        "Two download tools in one image do the same job: one more package to keep patched "
        "and more megabytes. Stages are judged separately: curl in a build stage and wget in "
        "the final one is fine."),
    remediation="Use one of them throughout the stage (and install only that one).",
    references=["https://docs.docker.com/build/building/best-practices/"],
    aliases={"hadolint": "DL4001", "trivy": "DS-0014", "kics": "Run Using 'wget' and 'curl'"},
    tags=["image-size"],
    failing=lambda: [Example("Dockerfile", "FROM debian:12\nRUN curl -fsSLo /a https://example.com/a\n"
                                   "RUN wget -q https://example.com/b\n")],
    passing=lambda: [
        Example("Dockerfile", "FROM debian:12 AS fetch\nRUN curl -fsSLo /a https://example.com/a\n"
                              "FROM debian:12\nCOPY --from=fetch /a /a\n"
                              "RUN wget -q https://example.com/b\n"),
        Example("Dockerfile", "FROM debian:12\nRUN apt-get install -y curl=1 wget=1\n"),
    ],
    opt_in="hygiene",
)


@RULE.check(Dockerfile)
def _both(df: Dockerfile) -> Iterator[Hit]:
    seen: dict[int, dict[str, Command]] = {}
    order = []
    for ins, sc in scripts(df):
        if ins.stage is None:
            continue
        d = seen.setdefault(ins.stage.index, {})
        for c in sc.commands:
            if c.name in ("curl", "wget") and c.name not in d:
                d[c.name] = c
                if len(d) == 2:
                    order.append(c)
    for c in order:
        other = "curl" if c.name == "wget" else "wget"
        yield Hit(c, f"{c.name} is used in a stage that already uses {other}; pick one")
