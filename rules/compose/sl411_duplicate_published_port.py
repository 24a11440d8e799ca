"""SL411 duplicate-published-port: Two ports publish the same host port."""

from __future__ import annotations

from linter.compose import ComposeFile, Port, Service
from linter.compose.project import superseded
from linter.engine import Example, Hit, Rule
from linter.findings import Severity

from .ports import ALL, host_address

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

_PORTS = "https://docs.docker.com/reference/compose-file/services/#ports"


RULE = Rule(
    code="SL411",
    name="duplicate-published-port",
    severity=Severity.HIGH,
    summary="Two ports publish the same host port",
    rationale=(
        "A host port can be bound once per address and protocol. When two services (or two "
        "entries of one service) publish the same one, the second container fails to start "
        "with 'port is already allocated'. TCP and UDP twins (`53:53/tcp` and `53:53/udp`) "
        "do not clash, nor do different host addresses, nor services of profiles that are "
        "never active together."),
    remediation="Publish one of them on another host port (`8081:80`), or on another host "
                "address.",
    references=[_PORTS],
    aliases={"dclint": "no-duplicate-exported-ports"},
    tags=["correctness", "network"],
    failing=lambda: [
        Example("compose.yaml",
                "services:\n  a:\n    image: nginx:1.27\n    ports: ['127.0.0.1:8080:80']\n"
                "  b:\n    image: nginx:1.27\n    ports: ['127.0.0.1:8079-8081:80']\n"),
    ],
    passing=lambda: [
        Example("compose.yaml",
                "services:\n  dns:\n    image: coredns/coredns:1.11.3\n"
                "    ports: ['127.0.0.1:53:53/tcp', '127.0.0.1:53:53/udp']\n"
                "  a:\n    image: nginx:1.27\n    ports: ['127.0.0.1:8080:80']\n"
                "  b:\n    image: nginx:1.27\n    ports: ['127.0.0.2:8080:80', '80']\n"
                "  c:\n    image: nginx:1.27\n    profiles: [alt]\n    ports: ['127.0.0.3:9000:80']\n"
                "  d:\n    image: nginx:1.27\n    profiles: [other]\n    ports: ['127.0.0.3:9000:80']\n"),
    ],
    security=False,
)


def _profiles(s: Service) -> frozenset[str]:
    return frozenset(v.expanded.strip() for v in s.values("profiles"))


def _exclusive(a: frozenset[str], b: frozenset[str]) -> bool:
    """Services whose profile sets are both non-empty and disjoint are alternatives (the
    usual `profiles: [dev]` / `profiles: [prod]` split), not run together."""
    return bool(a) and bool(b) and not (a & b)


@RULE.check(ComposeFile)
def duplicate_ports(cf: ComposeFile) -> Iterator[Hit]:
    taken: list[tuple[Service, Port, str | None, int, int]] = []
    for s in cf.services:
        profiles = _profiles(s)
        for p in s.ports:
            rng = p.published_range
            if rng is None or not p.known or superseded(s, p):
                continue
            host = host_address(p)
            host = None if host in ALL else host
            proto = p.protocol
            for other_s, other, ohost, lo, hi in taken:
                if other.protocol != proto or (host and ohost and host != ohost):
                    continue
                if rng[1] < lo or rng[0] > hi:
                    continue
                if other_s is s and other.target == p.target and ohost == host:
                    continue  # the same entry twice: Compose merges it
                if other_s is not s and _exclusive(profiles, _profiles(other_s)):
                    continue
                port = max(rng[0], lo)
                who = "this service" if other_s is s else f"service '{other_s.name}'"
                yield Hit(p, f"service '{s.name}' publishes host port {port}/{proto}"
                             f"{' on ' + host if host else ''}, which {who} already publishes "
                             f"(line {other.span.line})")
                break
            taken.append((s, p, host, rng[0], rng[1]))
