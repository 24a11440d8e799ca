"""SL240 from-platform-flag: FROM --platform with a fixed value, or the redundant $TARGETPLATFORM.
"""

from __future__ import annotations

from linter.dockerfile import Dockerfile
from linter.engine import Example, Hit, Rule
from linter.findings import Severity

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

_REF = "https://docs.docker.com/reference/dockerfile/"


_CHECKS = "https://docs.docker.com/reference/build-checks/"


RULE = Rule(
    code="SL240",
    name="from-platform-flag",
    severity=Severity.INFO,
    summary="FROM --platform with a fixed value, or the redundant $TARGETPLATFORM",
    rationale=(
        "`FROM --platform=linux/amd64` forces one architecture: on an arm64 machine or in a "
        "multi-platform build the image runs emulated or is wrong for the target. "
        "`--platform=$TARGETPLATFORM` is the default already. The flag is useful with "
        "`$BUILDPLATFORM` (cross-compiling stages) and not reported then."),
    remediation=(
        "Remove the flag and choose the platform at build time (`docker build --platform`); "
        "use `--platform=$BUILDPLATFORM` for stages that cross-compile."),
    references=[_REF + "#from", _CHECKS + "from-platform-flag-const-disallowed/",
                _CHECKS + "redundant-target-platform/"],
    aliases={"hadolint": ["DL3029", "DL3065"],
             "buildkit": ["FromPlatformFlagConstDisallowed", "RedundantTargetPlatform"]},
    # KICS reports every --platform, $BUILDPLATFORM included
    related={"kics": "Using Platform Flag with FROM Command"},
    tags=["portability"],
    failing=lambda: [Example("Dockerfile", "FROM --platform=linux/amd64 alpine:3.20\n"),
             Example("Dockerfile", "FROM --platform=$TARGETPLATFORM alpine:3.20\n")],
    passing=lambda: [Example("Dockerfile", "FROM --platform=$BUILDPLATFORM golang:1.23 AS build\n"
                                   "FROM alpine:3.20\n")],
)


@RULE.check(Dockerfile)
def _platform(df: Dockerfile) -> Iterator[Hit]:
    for stage in df.stages:
        flag = stage.from_instruction.flag("platform")
        if flag is None or not flag.value:
            continue
        v = flag.value.strip()
        if v in ("$TARGETPLATFORM", "${TARGETPLATFORM}"):
            yield Hit(flag, "FROM --platform=$TARGETPLATFORM is the default; remove it")
        elif "$" not in v:
            yield Hit(flag, f"FROM --platform={v} fixes the platform; the image is wrong or "
                            "emulated elsewhere", fix="remove --platform or use $BUILDPLATFORM")
