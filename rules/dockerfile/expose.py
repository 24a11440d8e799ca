"""EXPOSE rules: invalid ports and formats (SL260), SSH port exposed (SL261)."""

from __future__ import annotations

import re
from typing import Iterator

from linter.dockerfile import Dockerfile, lex
from linter.engine import Example, Hit, Rule
from linter.findings import Severity

_REF = "https://docs.docker.com/reference/dockerfile/#expose"
_CHECKS = "https://docs.docker.com/reference/build-checks/"
_PORT = re.compile(r"^(\d+)(?:-(\d+))?(?:/([A-Za-z]+))?$")


def _ports(df: Dockerfile):
    """``(instruction, word_text, expanded, span)`` for every EXPOSE word whose value is
    known after expanding build variables."""
    for ins in df.instructions:
        if ins.keyword != "EXPOSE":
            continue
        for s, e in lex.split_words(ins.args, df.escape, 0, len(ins.args)):
            text = ins.args[s:e]
            value, known = df.expand(text, ins.stage, ins)
            if not known:
                continue
            for part in value.strip("'\"").split():
                yield ins, text, part, ins.span_of(s, e)


INVALID = Rule(
    code="SL260",
    name="expose-invalid",
    severity=Severity.MEDIUM,
    summary="EXPOSE with an invalid port, protocol or format",
    rationale=(
        "EXPOSE takes a container port (0-65535) or range with an optional `/tcp`, `/udp` or "
        "`/sctp`. A port out of range or an unknown protocol fails the build; an IP address "
        "or a `host:container` mapping does not belong in an image (publishing is decided at "
        "run time) and is ignored or rejected."),
    remediation=("Write `EXPOSE 8080` or `EXPOSE 8080/udp`; publish ports with "
                 "`docker run -p` or Compose `ports:`."),
    references=[_REF, _CHECKS + "expose-invalid-format/", _CHECKS + "expose-proto-casing/"],
    aliases={"hadolint": "DL3011", "buildkit": ["ExposeInvalidFormat", "ExposeProtoCasing"],
             "trivy": "DS-0008", "kics": "UNIX Ports Out Of Range"},
    tags=["correctness"],
    failing=[Example("Dockerfile", "FROM nginx:1.27\nEXPOSE 80800\n"),
             Example("Dockerfile", "FROM nginx:1.27\nEXPOSE 0.0.0.0:80:80\n"),
             Example("Dockerfile", "FROM nginx:1.27\nEXPOSE 53/UDP\n")],
    passing=[Example("Dockerfile", "FROM nginx:1.27\nEXPOSE 80 443/tcp 53/udp 8000-8010\n"),
             Example("Dockerfile", "FROM nginx:1.27\nARG PORT\nEXPOSE $PORT\n")],
)


@INVALID.check(Dockerfile)
def _invalid(df: Dockerfile) -> Iterator[Hit]:
    for ins, text, part, span in _ports(df):
        if ":" in part:
            yield Hit(span, f"EXPOSE {part}: an IP address or host port mapping does not "
                            "belong in EXPOSE", fix=f"EXPOSE {part.rsplit(':', 1)[-1]}")
            continue
        m = _PORT.match(part)
        if m is None:
            yield Hit(span, f"EXPOSE {part} is not a port, port range or port/protocol")
            continue
        lo, hi, proto = int(m.group(1)), m.group(2), m.group(3)
        for p in (lo, int(hi) if hi else lo):
            if p > 65535:
                yield Hit(span, f"EXPOSE {part}: port {p} is outside 0-65535")
                break
        else:
            if hi and int(hi) < lo:
                yield Hit(span, f"EXPOSE {part}: the range ends before it starts")
        if proto:
            if proto.lower() not in ("tcp", "udp", "sctp"):
                yield Hit(span, f"EXPOSE {part}: unknown protocol '{proto}' (tcp, udp or sctp)")
            elif proto != proto.lower():
                yield Hit(span, f"EXPOSE {part}: write the protocol in lower case",
                          severity=Severity.INFO, fix=part.lower())


SSH = Rule(
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
    failing=[Example("Dockerfile", "FROM debian:12\nEXPOSE 22\n")],
    passing=[Example("Dockerfile", "FROM debian:12\nEXPOSE 2222 8022\n")],
)


@SSH.check(Dockerfile)
def _ssh(df: Dockerfile) -> Iterator[Hit]:
    shipped = {id(s) for s in df.shipped_stages()}
    for ins, text, part, span in _ports(df):
        if ins.stage is None or id(ins.stage) not in shipped:
            continue
        m = _PORT.match(part)
        if not m or (m.group(3) or "tcp").lower() != "tcp":
            continue
        lo = int(m.group(1))
        hi = int(m.group(2)) if m.group(2) else lo
        if lo <= 22 <= hi:
            yield Hit(span, f"EXPOSE {part} exposes SSH (port 22)")
