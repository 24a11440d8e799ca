"""SL221 password-set-in-run: A password is set in RUN (chpasswd, passwd --stdin)."""

from __future__ import annotations

from linter.dockerfile import Dockerfile
from linter.dockerfile.shell import scripts
from linter.engine import Example, Hit, Rule
from linter.findings import Severity

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

RULE = Rule(
    code="SL221",
    name="password-set-in-run",
    severity=Severity.MEDIUM,
    summary="A password is set in RUN (chpasswd, passwd --stdin)",
    rationale=(
        "The password is written into the build's history and the image's /etc/shadow: "
        "everyone who can pull the image can read the command (`docker history`) and try the "
        "password, which often also works elsewhere."),
    remediation=(
        "Do not give image users passwords; lock them (`useradd` without a password, "
        "`passwd -l`). If a service needs a credential, inject it at run time (a secret, an "
        "environment variable) or at build time with `RUN --mount=type=secret`."),
    references=["https://docs.docker.com/build/building/secrets/"],
    aliases={"checkov": "CKV2_DOCKER_17"},
    tags=["security", "secrets"],
    failing=lambda: [Example("Dockerfile", "FROM debian:12\nRUN echo 'root:toor' | chpasswd\n")],
    passing=lambda: [Example("Dockerfile", "FROM debian:12\nRUN useradd -l app && passwd -l app\n")],
    masks_source=True,
    reports_overridden=True,
)


@RULE.check(Dockerfile)
def _chpasswd(df: Dockerfile) -> Iterator[Hit]:
    for _, sc in scripts(df):
        for c in sc.commands:
            if c.name == "chpasswd":
                yield Hit(c, "RUN sets a password with chpasswd; it stays in the image and its "
                             "history")
            elif c.name == "passwd" and c.has_option("--stdin"):
                yield Hit(c, "RUN sets a password with passwd --stdin; it stays in the image "
                             "and its history")
