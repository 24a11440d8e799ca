"""SL410 port-on-all-interfaces: Port is published on every network interface of the host."""

from __future__ import annotations

from linter.compose import Service
from linter.engine import Example, Hit, Rule
from linter.findings import Severity

from .ports import ALL, host_address

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

_PORTS = "https://docs.docker.com/reference/compose-file/services/#ports"


RULE = Rule(
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
    failing=lambda: [
        Example("compose.yaml", "services:\n  db:\n    image: postgres:16\n    ports: ['5432:5432']\n"),
        Example("compose.yaml", "services:\n  db:\n    image: postgres:16\n"
                                "    ports: ['0.0.0.0:5432:5432']\n"),
        Example("compose.yaml", "services:\n  db:\n    image: postgres:16\n    ports:\n"
                                "      - {target: 5432, published: 5432, host_ip: '::'}\n"),
    ],
    passing=lambda: [
        Example("compose.yaml", "services:\n  db:\n    image: postgres:16\n"
                                "    ports: ['127.0.0.1:5432:5432', '[::1]:5433:5432']\n"
                                "    expose: ['5432']\n"),
        # the host address comes from the environment: unknown, not unbound
        Example("compose.yaml", "services:\n  db:\n    image: postgres:16\n"
                                "    ports: ['${BIND_IP}:5432:5432']\n"),
    ],
)


@RULE.check(Service)
def all_interfaces(s: Service) -> Iterator[Hit]:
    mode = s.network_mode.expanded.strip() if s.network_mode is not None else ""
    if mode == "host" or mode.startswith("service:") or mode.startswith("container:"):
        return  # ports are ignored in these network modes
    # (entries Compose refuses, such as '127.0.0.1:8080' in long syntax `published`, are not
    # in s.ports: they are schema errors, SL401)
    for p in s.ports:
        host = host_address(p)
        if host is not None and "$" in host:
            continue  # ${HOST_IP}: decided at deploy time
        # "${PORT}:80": the port is unknown, the interface is not (all of them): reported
        where = (f"as host port {p.published}" if p.published else "on a random host port")
        target = f"container port {p.target}/{p.protocol}" if p.protocol != "tcp" else \
            f"container port {p.target}"
        if host is None:
            msg = f"service '{s.name}' publishes {target} {where} on every host interface"
        elif host in ALL:
            msg = (f"service '{s.name}' publishes {target} {where} on every host interface "
                   f"(host address '{host}')")
        else:
            continue
        published = p.published or ""
        yield Hit(p, msg, fix=f"bind it to one interface, e.g. '127.0.0.1:{published}:{p.target}'"
                  if published else "bind it to one interface, e.g. '127.0.0.1::<port>'")
