"""SL405 network-mode-with-networks: network_mode and networks set on the same service."""

from __future__ import annotations

from linter.compose import Service
from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.yaml import YMapping, YSequence

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

_SPEC = "https://docs.docker.com/reference/compose-file/services/"


RULE = Rule(
    code="SL405",
    name="network-mode-with-networks",
    severity=Severity.HIGH,
    summary="network_mode and networks set on the same service",
    rationale=(
        "`network_mode` puts the container in another network stack (host, none, another "
        "container's); `networks` attaches it to project networks. They exclude each other and "
        "Compose rejects the service."),
    remediation="Keep one: remove `networks` when the service must use `network_mode`, or "
                "remove `network_mode` to attach it to networks.",
    references=[_SPEC + "#network_mode", _SPEC + "#networks"],
    aliases={},  # Docker Compose itself rejects this; no linter has an ID for it
    tags=["correctness"],
    failing=lambda: [Example("compose.yaml",
                     "services:\n  vpn:\n    image: vpn:1\n    network_mode: host\n"
                     "    networks: [default]\n")],
    passing=lambda: [Example("compose.yaml",
                     "services:\n  vpn:\n    image: vpn:1\n    network_mode: host\n"
                     "  web:\n    image: nginx:1.27\n    networks: [default]\n")],
    security=False,
)


@RULE.check(Service)
def network_mode_and_networks(s: Service) -> Iterator[Hit]:
    if s.network_mode is None:
        return
    nets = s.node.get("networks")
    if isinstance(nets, (YSequence, YMapping)) and nets.tag != "!reset" and (
            nets.items if isinstance(nets, YSequence) else nets.entries):
        yield Hit(s.network_mode, f"service '{s.name}' sets both network_mode "
                                  f"'{s.network_mode.expanded}' and networks; Compose "
                                  "rejects the combination")
