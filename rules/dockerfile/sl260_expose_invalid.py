"""SL260 expose-invalid: EXPOSE with an invalid port, protocol or format."""

from __future__ import annotations

from linter.dockerfile import Dockerfile
from linter.engine import Example, Hit, Rule
from linter.findings import Severity

from .expose import PORT, ports

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

_REF = "https://docs.docker.com/reference/dockerfile/#expose"


_CHECKS = "https://docs.docker.com/reference/build-checks/"


RULE = Rule(
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
    failing=lambda: [Example("Dockerfile", "FROM nginx:1.27\nEXPOSE 80800\n"),
             Example("Dockerfile", "FROM nginx:1.27\nEXPOSE 0.0.0.0:80:80\n"),
             Example("Dockerfile", "FROM nginx:1.27\nEXPOSE 53/UDP\n")],
    passing=lambda: [Example("Dockerfile", "FROM nginx:1.27\nEXPOSE 80 443/tcp 53/udp 8000-8010\n"),
             Example("Dockerfile", "FROM nginx:1.27\nARG PORT\nEXPOSE $PORT\n")],
    security=False,
)


@RULE.check(Dockerfile)
def _invalid(df: Dockerfile) -> Iterator[Hit]:
    for ins, text, part, span in ports(df):
        if ":" in part:
            yield Hit(span, f"EXPOSE {part}: an IP address or host port mapping does not "
                            "belong in EXPOSE", fix=f"EXPOSE {part.rsplit(':', 1)[-1]}")
            continue
        m = PORT.match(part)
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
