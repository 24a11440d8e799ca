"""Published ports: all-interface bindings (SL410), clashes (SL411), base-60 traps (SL412)."""

from __future__ import annotations

import re
from typing import Iterator

from linter.compose import ComposeFile, Port, Service
from linter.compose.project import superseded
from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.yaml import YScalar, YSequence

_PORTS = "https://docs.docker.com/reference/compose-file/services/#ports"
_ALL = frozenset({"0.0.0.0", "::", "[::]", "*"})

ALL_INTERFACES = Rule(
    code="SL410",
    name="port-on-all-interfaces",
    severity=Severity.MEDIUM,
    summary="Port is published on every network interface of the host",
    rationale=(
        "A port written `8080:80` (or `0.0.0.0:8080:80`, `[::]:8080:80`, or `80` alone, which "
        "picks a random host port) is published on every interface of the host, so a "
        "database or admin UI meant for the developer's own machine is reachable from the "
        "whole network. Docker writes its own iptables rules for published ports, so a host "
        "firewall such as ufw does not stop them."),
    remediation=(
        "Bind the port to the interface that needs it: `127.0.0.1:8080:80` for local use, "
        "or a specific address; in long syntax set `host_ip: 127.0.0.1`. A reverse proxy that "
        "must be public can keep `0.0.0.0` explicitly; suppress the finding there."),
    references=[
        _PORTS,
        "https://docs.docker.com/engine/network/packet-filtering-firewalls/",
        "CIS Docker Benchmark 5.14: Ensure that incoming container traffic is bound to a "
        "specific host interface",
    ],
    aliases={"dclint": "no-unbound-port-interfaces",
             "kics": "Container Traffic Not Bound To Host Interface"},
    tags=["security", "network"],
    failing=[
        Example("compose.yaml", "services:\n  db:\n    image: postgres:16\n    ports: ['5432:5432']\n"),
        Example("compose.yaml", "services:\n  db:\n    image: postgres:16\n"
                                "    ports: ['0.0.0.0:5432:5432']\n"),
        Example("compose.yaml", "services:\n  db:\n    image: postgres:16\n    ports:\n"
                                "      - {target: 5432, published: 5432, host_ip: '::'}\n"),
    ],
    passing=[
        Example("compose.yaml", "services:\n  db:\n    image: postgres:16\n"
                                "    ports: ['127.0.0.1:5432:5432', '[::1]:5433:5432']\n"
                                "    expose: ['5432']\n"),
        # the host address comes from the environment: unknown, not unbound
        Example("compose.yaml", "services:\n  db:\n    image: postgres:16\n"
                                "    ports: ['${BIND_IP}:5432:5432']\n"),
    ],
)

DUPLICATE_PORT = Rule(
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
    failing=[
        Example("compose.yaml",
                "services:\n  a:\n    image: nginx:1.27\n    ports: ['127.0.0.1:8080:80']\n"
                "  b:\n    image: nginx:1.27\n    ports: ['127.0.0.1:8079-8081:80']\n"),
    ],
    passing=[
        Example("compose.yaml",
                "services:\n  dns:\n    image: coredns/coredns:1.11.3\n"
                "    ports: ['127.0.0.1:53:53/tcp', '127.0.0.1:53:53/udp']\n"
                "  a:\n    image: nginx:1.27\n    ports: ['127.0.0.1:8080:80']\n"
                "  b:\n    image: nginx:1.27\n    ports: ['127.0.0.2:8080:80', '80']\n"
                "  c:\n    image: nginx:1.27\n    profiles: [alt]\n    ports: ['127.0.0.3:9000:80']\n"
                "  d:\n    image: nginx:1.27\n    profiles: [other]\n    ports: ['127.0.0.3:9000:80']\n"),
    ],
)

SEXAGESIMAL = Rule(
    code="SL412",
    name="unquoted-base60-port",
    severity=Severity.LOW,
    summary="Unquoted port mapping that YAML 1.1 reads as a base-60 number",
    rationale=(
        "YAML 1.1 reads an unquoted `22:22` or `8080:22` as a base-60 integer (1342, 484822). "
        "Docker Compose v2 reads YAML 1.2 and is not affected, but the same file read by "
        "YAML 1.1 tools (docker-compose v1, PyYAML-based scripts, some CI linters) maps the "
        "wrong port or fails."),
    remediation="Quote port mappings: `- \"22:22\"`.",
    references=[_PORTS, "https://yaml.org/type/int.html"],
    aliases={"dclint": "require-quotes-in-ports"},
    tags=["correctness", "portability"],
    failing=[Example("compose.yaml", "services:\n  ssh:\n    image: app:1\n    ports:\n"
                                     "      - 127.0.0.1:2222:22\n      - 22:22\n")],
    passing=[Example("compose.yaml", "services:\n  ssh:\n    image: app:1\n    ports:\n"
                                     "      - \"22:22\"\n      - 127.0.0.1:8080:80\n      - 8080:80\n")],
)


# ------------------------------------------------------------------------ SL410


def _host(port: Port) -> str | None:
    h = port.host_ip
    if h is None:
        return None
    h = h.strip()
    return h[1:-1] if h.startswith("[") and h.endswith("]") else h


@ALL_INTERFACES.check(Service)
def all_interfaces(s: Service) -> Iterator[Hit]:
    mode = s.network_mode.expanded.strip() if s.network_mode is not None else ""
    if mode == "host" or mode.startswith("service:") or mode.startswith("container:"):
        return  # ports are ignored in these network modes
    for p in s.ports:
        host = _host(p)
        if host is not None and "$" in host:
            continue  # ${HOST_IP}: decided at deploy time
        # "${PORT}:80": the port is unknown, the interface is not (all of them): reported
        where = (f"as host port {p.published}" if p.published else "on a random host port")
        target = f"container port {p.target}/{p.protocol}" if p.protocol != "tcp" else \
            f"container port {p.target}"
        if host is None:
            msg = f"service '{s.name}' publishes {target} {where} on every host interface"
        elif host in _ALL:
            msg = (f"service '{s.name}' publishes {target} {where} on every host interface "
                   f"(host address '{host}')")
        else:
            continue
        published = p.published or ""
        yield Hit(p, msg, fix=f"bind it to one interface, e.g. '127.0.0.1:{published}:{p.target}'"
                  if published else "bind it to one interface, e.g. '127.0.0.1::<port>'")


# ------------------------------------------------------------------------ SL411


def _profiles(s: Service) -> frozenset[str]:
    return frozenset(v.expanded.strip() for v in s.values("profiles"))


def _exclusive(a: frozenset[str], b: frozenset[str]) -> bool:
    """Services whose profile sets are both non-empty and disjoint are alternatives (the
    usual `profiles: [dev]` / `profiles: [prod]` split), not run together."""
    return bool(a) and bool(b) and not (a & b)


@DUPLICATE_PORT.check(ComposeFile)
def duplicate_ports(cf: ComposeFile) -> Iterator[Hit]:
    taken: list[tuple[Service, Port, str | None, int, int]] = []
    for s in cf.services:
        profiles = _profiles(s)
        for p in s.ports:
            rng = p.published_range
            if rng is None or not p.known or superseded(s, p):
                continue
            host = _host(p)
            host = None if host in _ALL else host
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


# ------------------------------------------------------------------------ SL412

_BASE60 = re.compile(r"^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+$")


@SEXAGESIMAL.check(Service)
def base60(s: Service) -> Iterator[Hit]:
    v = s.node.get("ports")
    if not isinstance(v, YSequence):
        return
    for item in v.items:
        if isinstance(item, YScalar) and item.style == "" and isinstance(item.value, str) \
                and _BASE60.match(item.text):
            yield Hit(item, f"service '{s.name}': unquoted port '{item.text}' is a base-60 "
                            "number to YAML 1.1 parsers",
                      fix=f"quote it: \"{item.text}\"")
