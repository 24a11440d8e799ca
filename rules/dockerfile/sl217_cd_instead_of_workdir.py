"""SL217 cd-instead-of-workdir: RUN starts with `cd` where WORKDIR would do."""

from __future__ import annotations

from linter.dockerfile import Dockerfile
from linter.dockerfile.shell import scripts
from linter.engine import Example, Hit, Rule
from linter.findings import Severity

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

_BEST = "https://docs.docker.com/build/building/best-practices/"


RULE = Rule(
    code="SL217",
    name="cd-instead-of-workdir",
    severity=Severity.INFO,
    summary="RUN starts with `cd` where WORKDIR would do",
    rationale=(
        "A RUN that begins by changing directory is working around a missing WORKDIR: the "
        "directory does not persist to the next instruction, so every later RUN repeats the "
        "`cd`, and a `cd` alone does nothing at all. WORKDIR sets it once, creates it if "
        "needed, and is visible to readers and to CMD. A `cd` later in a script (into an "
        "unpacked source tree) is ordinary scripting and not reported."),
    remediation="Use `WORKDIR /path` before the RUN and drop the leading `cd /path &&`.",
    references=["https://docs.docker.com/reference/dockerfile/#workdir", _BEST + "#workdir"],
    # the peers report every `cd` (`git clone x && cd x && make`, a relative `cd build`);
    # this rule only a RUN that starts by changing to an absolute directory
    related={"hadolint": "DL3003", "trivy": "DS-0013",
             "kics": "RUN Instruction Using 'cd' Instead of WORKDIR"},
    tags=["maintainability"],
    failing=lambda: [Example("Dockerfile", "FROM node:22\nCOPY . /app\nRUN cd /app && npm ci\n"),
             Example("Dockerfile", "FROM node:22\nRUN cd /app\n")],
    passing=lambda: [
        Example("Dockerfile", "FROM node:22\nWORKDIR /app\nCOPY . .\nRUN npm ci\n"),
        Example("Dockerfile", "FROM debian:12\nRUN set -eux; curl -fsSLo /s.tgz https://x/s.tgz;"
                              " mkdir /s; tar -xzf /s.tgz -C /s; cd /s; make\n"),
        Example("Dockerfile", "FROM node:22\nRUN (cd /tmp && touch x)\n"),
    ],
    security=False,
    opt_in="hygiene",
)


@RULE.check(Dockerfile)
def _cd(df: Dockerfile) -> Iterator[Hit]:
    for _, sc in scripts(df):
        first = next((c for c in sc.commands if c.name not in ("set", "true", ":")
                      and not c.substitution and not c.nested), None)
        if first is None or first.name != "cd" or first.subshell or len(first.words) != 2:
            continue
        target = first.words[1]
        if target.dynamic or not target.value.startswith("/"):
            continue
        yield Hit(first, f"RUN starts with 'cd {target.value}'; set WORKDIR {target.value} "
                         "instead", fix=f"WORKDIR {target.value}")
