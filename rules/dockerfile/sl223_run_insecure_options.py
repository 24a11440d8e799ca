"""SL223 run-insecure-options: RUN with --security=insecure or --network=host."""

from __future__ import annotations

from linter.dockerfile import Dockerfile
from linter.engine import Example, Hit, Rule
from linter.findings import Severity

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

_REF = "https://docs.docker.com/reference/dockerfile/"


RULE = Rule(
    code="SL223",
    name="run-insecure-options",
    severity=Severity.HIGH,
    summary="RUN with --security=insecure or --network=host",
    rationale=(
        "`RUN --security=insecure` runs the step with all capabilities and without seccomp or "
        "AppArmor, like `docker run --privileged`: code fetched by the build can take over the "
        "build host. `--network=host` gives the step the host's network, including services "
        "bound to localhost and cloud metadata endpoints."),
    remediation=(
        "Remove the flag; do the privileged work outside the image build. If the step needs "
        "network access, the default network already has it."),
    references=[_REF + "#run---security", _REF + "#run---network"],
    aliases={},  # no peer checks RUN --network=host or --security=insecure
    tags=["security", "privilege"],
    failing=lambda: [Example("Dockerfile", "# syntax=docker/dockerfile:1-labs\nFROM alpine:3.20\n"
                                   "RUN --security=insecure mount -t tmpfs none /mnt\n"),
             Example("Dockerfile", "FROM alpine:3.20\nRUN --network=host wget -q http://x/a\n")],
    passing=lambda: [Example("Dockerfile", "FROM alpine:3.20\nRUN --network=none make test\n")],
)


@RULE.check(Dockerfile)
def _insecure(df: Dockerfile) -> Iterator[Hit]:
    for ins in df.instructions:
        target = ins.onbuild if ins.keyword == "ONBUILD" and ins.onbuild else ins
        if target.keyword != "RUN":
            continue
        for f in target.flags:
            v = (f.value or "").lower()
            if f.name == "security" and v == "insecure":
                yield Hit(f, "RUN --security=insecure runs the step without any sandboxing")
            elif f.name == "network" and v == "host":
                yield Hit(f, "RUN --network=host gives the step the build host's network",
                          severity=Severity.MEDIUM)
