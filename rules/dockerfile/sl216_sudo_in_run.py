"""SL216 sudo-in-run: `sudo` used in RUN."""

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
    code="SL216",
    name="sudo-in-run",
    severity=Severity.MEDIUM,
    summary="`sudo` used in RUN",
    rationale=(
        "A build step runs as the current USER; `sudo` there means the image carries sudo "
        "and a sudoers rule that lets its user become root at run time, which undoes the point "
        "of a non-root USER. Its TTY and environment handling also make builds behave oddly."),
    remediation=(
        "Switch user around the privileged steps instead: `USER root`, the RUN, then "
        "`USER app` again; remove sudo from the image."),
    references=[_BEST + "#user", "https://docs.docker.com/reference/dockerfile/#user"],
    aliases={"hadolint": "DL3004", "checkov": "CKV2_DOCKER_1", "trivy": "DS-0010",
             "kics": "Run Using Sudo"},
    tags=["security", "privilege"],
    failing=lambda: [Example("Dockerfile", "FROM ubuntu:24.04\nUSER app\n"
                                   "RUN sudo apt-get install -y --no-install-recommends curl=8\n")],
    passing=lambda: [Example("Dockerfile", "FROM ubuntu:24.04\nRUN apt-get install -y sudo=1.9\n"
                                   "USER app\n")],
)


@RULE.check(Dockerfile)
def _sudo(df: Dockerfile) -> Iterator[Hit]:
    for _, sc in scripts(df):  # one finding per RUN, on its first sudo
        uses = [c for c in sc.commands if "sudo" in c.wrappers or c.name == "sudo"]
        if not uses:
            continue
        c = uses[0]
        more = f" (and {len(uses) - 1} more command{'s' if len(uses) > 2 else ''})" \
            if len(uses) > 1 else ""
        if "sudo" in c.wrappers:
            yield Hit(c.all_words[0], f"RUN uses sudo to run {c.name}{more}; use USER root for "
                                      "the step instead", fix="USER root before the RUN")
        else:
            yield Hit(c, f"RUN uses sudo{more}; use USER root for the step instead",
                      fix="USER root before the RUN")
