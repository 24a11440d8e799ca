"""SL218 pipe-without-pipefail: RUN pipes commands without `pipefail`."""

from __future__ import annotations

from linter.dockerfile import Dockerfile
from linter.dockerfile.shell import scripts, shell_options
from linter.engine import Example, Hit, Rule
from linter.findings import Severity

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

_BEST = "https://docs.docker.com/build/building/best-practices/"


RULE = Rule(
    code="SL218",
    name="pipe-without-pipefail",
    severity=Severity.LOW,
    summary="RUN pipes commands without `pipefail`",
    rationale=(
        "A pipeline's status is its last command's: in `curl -fsSL URL | tar -xz` a failed "
        "download gives tar an empty stream, and in `make | tee log` a failed build still "
        "'succeeds', so the build goes on with a broken layer. With `pipefail` any failing "
        "command fails the RUN."),
    remediation=(
        "Set `SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]` before the RUN (images "
        "with bash), or start the script with `set -o pipefail` where the shell supports it "
        "(bash, ash/busybox; dash does not)."),
    references=["https://docs.docker.com/reference/dockerfile/#shell",
                _BEST + "#using-pipes"],
    aliases={"hadolint": "DL4006", "kics": "Shell Running A Pipe Without Pipefail Flag"},
    tags=["correctness"],
    failing=lambda: [Example("Dockerfile", "FROM debian:12\nRUN curl -fsSL https://x/a.tgz | tar -xz\n")],
    passing=lambda: [
        Example("Dockerfile", "FROM debian:12\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", "
                              "\"-c\"]\nRUN curl -fsSL https://x/a.tgz | tar -xz\n"),
        Example("Dockerfile", "FROM alpine:3.20\nRUN set -euo pipefail; wget -qO- "
                              "https://x/a.tgz | tar -xz\n"),
        Example("Dockerfile", "FROM debian:12\nRUN echo 'a | b' > /x && "
                              "echo \"$SUM  f\" | sha256sum -c -\n"),
    ],
    security=False,
    opt_in="hygiene",
)


_HARMLESS_LEFT = frozenset({"echo", "printf", "yes", "true"})


_FAILS_ON_EMPTY = frozenset({"grep", "egrep", "fgrep", "apt-key"})


_CHECKSUMS = frozenset({"sha256sum", "sha512sum", "sha1sum", "md5sum", "sha384sum",
                        "sha224sum", "b2sum"})


@RULE.check(Dockerfile)
def _pipefail(df: Dockerfile) -> Iterator[Hit]:
    for ins, sc in scripts(df):
        opts = shell_options(df, ins)
        if "pipefail" in " ".join(opts):
            continue
        set_at = None
        for c in sc.commands:
            if c.name == "set" and ("pipefail" in c.values()):
                set_at = c.start if set_at is None else set_at
        for cmds in sc.pipelines().values():
            if len(cmds) < 2 or cmds[0].nested:
                continue  # a `sh -c '...'` string runs in a shell of its own options
            if all(c.name in _HARMLESS_LEFT for c in cmds[:-1]):
                continue
            last = cmds[-1]
            if last.name in _FAILS_ON_EMPTY or (last.name in _CHECKSUMS and last.has_option(
                    "-c", "--check")):
                continue  # an empty or cut input makes the last command fail anyway
            if set_at is not None and set_at < cmds[0].start:
                continue
            names = " | ".join(c.name for c in cmds)
            inside = " (in a command substitution)" if cmds[0].substitution else ""
            yield Hit(cmds[0], f"pipeline '{names}'{inside} fails only if its last command "
                               "fails; set pipefail",
                      fix='SHELL ["/bin/bash", "-o", "pipefail", "-c"]')
            break  # one finding per RUN
