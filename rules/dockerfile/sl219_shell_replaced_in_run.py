"""SL219 shell-replaced-in-run: RUN replaces /bin/sh instead of using SHELL."""

from __future__ import annotations

from linter.dockerfile import Dockerfile
from linter.dockerfile.shell import scripts
from linter.engine import Example, Hit, Rule
from linter.findings import Severity

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

RULE = Rule(
    code="SL219",
    name="shell-replaced-in-run",
    severity=Severity.LOW,
    summary="RUN replaces /bin/sh instead of using SHELL",
    rationale=(
        "Linking /bin/sh to bash changes the shell of every script in the image, including the "
        "distribution's own maintainer scripts written for dash, and hides from readers which "
        "shell the RUNs use."),
    remediation="Use `SHELL [\"/bin/bash\", \"-c\"]` for the RUNs that need bash.",
    references=["https://docs.docker.com/reference/dockerfile/#shell"],
    aliases={"hadolint": "DL4005", "kics": "Changing Default Shell Using RUN Command"},
    tags=["maintainability"],
    failing=lambda: [Example("Dockerfile", "FROM debian:12\nRUN ln -sf /bin/bash /bin/sh\n")],
    passing=lambda: [Example("Dockerfile", "FROM debian:12\nSHELL [\"/bin/bash\", \"-c\"]\n"
                                   "RUN ln -sf /usr/bin/python3 /usr/bin/python\n")],
    security=False,
)


@RULE.check(Dockerfile)
def _ln_sh(df: Dockerfile) -> Iterator[Hit]:
    for _, sc in scripts(df):
        for c in sc.commands:
            if c.name == "ln" and any(w.value.startswith("-") and "s" in w.value
                                      for w in c.args):
                paths = [w.value for w in c.args if not w.value.startswith("-")]
                if len(paths) == 2 and paths[1] in ("/bin/sh", "/usr/bin/sh"):
                    yield Hit(c, f"RUN makes {paths[1]} a link to {paths[0]}; use SHELL instead")
