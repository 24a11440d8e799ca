"""SL206 apt-in-script: `apt` used in a script instead of `apt-get`."""

from __future__ import annotations

from linter.dockerfile import Dockerfile
from linter.engine import Example, Hit, Rule
from linter.findings import Severity

from .packages import calls

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

_DOCKERFILE_REF = "https://docs.docker.com/build/building/best-practices/#apt-get"


RULE = Rule(
    code="SL206",
    name="apt-in-script",
    severity=Severity.LOW,
    summary="`apt` used in a script instead of `apt-get`",
    rationale=(
        "`apt` is the interactive front end: its command-line interface is not stable for "
        "scripts (it warns so itself), it shows progress bars and may change behaviour between "
        "releases. `apt-get` and `apt-cache` are the stable, scriptable tools."),
    remediation="Use `apt-get` (and `apt-cache` for queries) in RUN instructions.",
    references=[_DOCKERFILE_REF, "https://manpages.debian.org/bookworm/apt/apt.8.en.html"],
    aliases={"hadolint": "DL3027", "checkov": "CKV_DOCKER_9", "kics": "Run Using apt"},
    tags=["correctness"],
    failing=lambda: [Example("Dockerfile", "FROM ubuntu:24.04\nRUN apt update && apt install -y "
                                   "--no-install-recommends curl=8.5.0-2ubuntu10.6\n")],
    passing=lambda: [Example("Dockerfile", "FROM ubuntu:24.04\nRUN apt-get update && apt-get install -y "
                                   "--no-install-recommends curl=8.5.0-2ubuntu10.6 "
                                   "&& rm -rf /var/lib/apt/lists/*\n"),
             Example("Dockerfile", "FROM ubuntu:24.04\nRUN echo apt install is not used\n")],
    security=False,
    opt_in="hygiene",
)


@RULE.check(Dockerfile)
def _apt(df: Dockerfile) -> Iterator[Hit]:
    for _, _, pc in calls(df):
        if pc.manager == "apt" and pc.action:
            sub = f"apt {pc.command.words[1].value}" if len(pc.command.words) > 1 else "apt"
            yield Hit(pc.command.words[0], f"'{sub}' is for interactive use; use apt-get in "
                                           "scripts", fix="replace apt with apt-get")
