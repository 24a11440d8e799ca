"""SL261 ssh-port-exposed: Image exposes the SSH port 22."""

from __future__ import annotations

from linter.dockerfile import Dockerfile
from linter.engine import Example, Hit, Rule
from linter.findings import Severity

from .expose import PORT, ports

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

_REF = "https://docs.docker.com/reference/dockerfile/#expose"


RULE = Rule(
    code="SL261",
    name="ssh-port-exposed",
    severity=Severity.MEDIUM,
    summary="Image exposes the SSH port 22",
    rationale=(
        "An SSH server in a container is one more daemon with credentials to manage and a "
        "classic brute-force target; `docker exec` / `kubectl exec` give shell access without "
        "it."),
    remediation="Remove the SSH server and `EXPOSE 22`; use `docker exec` or `kubectl exec`.",
    references=[_REF, "CIS Docker Benchmark 5.7: Ensure sshd is not run within containers"],
    aliases={"checkov": "CKV_DOCKER_1", "trivy": "DS-0004", "kics": "Exposing Port 22 (SSH)"},
    tags=["security", "attack-surface"],
    failing=lambda: [Example("Dockerfile", "FROM debian:12\nEXPOSE 22\n")],
    passing=lambda: [Example("Dockerfile", "FROM debian:12\nEXPOSE 2222 8022\n")],
)


@RULE.check(Dockerfile)
def _ssh(df: Dockerfile) -> Iterator[Hit]:
    shipped = {id(s) for s in df.shipped_stages()}
    for ins, text, part, span in ports(df):
        if ins.stage is None or id(ins.stage) not in shipped:
            continue
        m = PORT.match(part)
        if not m or (m.group(3) or "tcp").lower() != "tcp":
            continue
        lo = int(m.group(1))
        hi = int(m.group(2)) if m.group(2) else lo
        if lo <= 22 <= hi:
            yield Hit(span, f"EXPOSE {part} exposes SSH (port 22)")
