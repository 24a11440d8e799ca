"""SL201 unpinned-os-package: OS package installed without a version pin."""

from __future__ import annotations

from linter.dockerfile import Dockerfile
from linter.dockerfile.packages import (
    OS_MANAGERS,
    is_pinned,
)
from linter.engine import Example, Hit, Rule
from linter.findings import Severity

from .packages import calls, example_pin, quoted_names

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

_DOCKERFILE_REF = "https://docs.docker.com/build/building/best-practices/#apt-get"


RULE = Rule(
    code="SL201",
    name="unpinned-os-package",
    severity=Severity.LOW,
    summary="OS package installed without a version pin",
    rationale=(
        "`apt-get install curl` installs whatever version the mirror has on the day of the "
        "build: two builds of the same commit differ, and a broken or compromised update "
        "arrives unreviewed. Pinning makes the build reproducible and updates deliberate."),
    remediation=(
        "Pin each package in the manager's syntax: apt `curl=8.5.0-2ubuntu10.6`, apk "
        "`curl=8.12.1-r0` (or `curl~8.12`), yum/dnf `curl-8.6.0`, zypper `curl=8.6.0`; let "
        "Renovate or Dependabot update the pins. Or build `FROM` a digest-pinned base that "
        "already has the packages."),
    references=[_DOCKERFILE_REF,
                "https://wiki.alpinelinux.org/wiki/Alpine_Package_Keeper#Advanced_Usage"],
    aliases={"hadolint": ["DL3008", "DL3018", "DL3033", "DL3041", "DL3037"],
             "kics": ["Apt Get Install Pin Version Not Defined",
                      "Unpinned Package Version in Apk Add", "Yum install Without Version",
                      "Missing Version Specification In dnf install",
                      "Zypper Install Without Version"]},
    tags=["reproducibility", "supply-chain"],
    failing=lambda: [
        Example("Dockerfile", "FROM debian:12\nRUN apt-get update && apt-get install -y "
                              "--no-install-recommends curl=7.88.1-10 git \\\n"
                              " && rm -rf /var/lib/apt/lists/*\n"),
        Example("Dockerfile", "FROM alpine:3.20\nRUN apk add --no-cache curl\n"),
        Example("Dockerfile", "FROM fedora:40\nRUN dnf install -y httpd && dnf clean all\n"),
    ],
    passing=lambda: [
        Example("Dockerfile", "FROM debian:12\nRUN apt-get update && apt-get install -y "
                              "--no-install-recommends curl=7.88.1-10 \\\n"
                              " && rm -rf /var/lib/apt/lists/*\n"),
        Example("Dockerfile", "FROM alpine:3.20\nRUN apk add --no-cache curl=8.12.1-r0 "
                              "\"git~2.45\" $EXTRA ./local.apk\n"),
        Example("Dockerfile", "FROM fedora:40\nRUN dnf install -y httpd-2.4.62 && "
                              "dnf clean all\n"),
        Example("Dockerfile", "FROM alpine:3.20\nRUN echo 'apk add curl' > /notes.txt\n"),
    ],
    opt_in="hygiene",
)


@RULE.check(Dockerfile)
def _unpinned_os(df: Dockerfile) -> Iterator[Hit]:
    for _, _, pc in calls(df):
        if pc.manager not in OS_MANAGERS or pc.action != "install":
            continue
        loose = [w for w in pc.packages if is_pinned(pc, w) is False]
        if loose:
            yield Hit(loose[0], f"{pc.manager} installs {quoted_names(loose)} without a version pin",
                      fix=f"pin the version, e.g. {example_pin(pc, loose[0].value)}")
