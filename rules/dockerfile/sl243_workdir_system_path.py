"""SL243 workdir-system-path: WORKDIR in a kernel or system directory."""

from __future__ import annotations

from linter.dockerfile import Dockerfile
from linter.engine import Example, Hit, Rule
from linter.findings import Severity

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

_REF = "https://docs.docker.com/reference/dockerfile/"


RULE = Rule(
    code="SL243",
    name="workdir-system-path",
    severity=Severity.MEDIUM,
    summary="WORKDIR in a kernel or system directory",
    rationale=(
        "/proc, /sys and /dev are filled by the kernel at run time, /boot and /lost+found "
        "belong to the host layout: files written there in the build are hidden or lost, and "
        "an application working there is confused or dangerous."),
    remediation="Use an application directory such as `/app` or `/srv/app`.",
    references=[_REF + "#workdir"],
    aliases={"trivy": "DS-0030"},
    tags=["correctness"],
    failing=lambda: [Example("Dockerfile", "FROM alpine:3.20\nWORKDIR /proc/app\n")],
    passing=lambda: [Example("Dockerfile", "FROM alpine:3.20\nWORKDIR /app\n")],
    security=False,
)


_SYSTEM = ("/proc", "/sys", "/dev", "/boot", "/lost+found", "/initrd")


@RULE.check(Dockerfile)
def _system(df: Dockerfile) -> Iterator[Hit]:
    for ins in df.instructions:
        if ins.keyword != "WORKDIR":
            continue
        value, known = df.expand(ins.args.strip(), ins.stage, ins)
        value = value.strip("'\"").rstrip("/") or "/"
        if known and any(value == p or value.startswith(p + "/") for p in _SYSTEM):
            yield Hit(ins, f"WORKDIR {value} is a kernel or system directory")
