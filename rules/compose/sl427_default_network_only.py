"""SL427 default-network-only: Service joins only the project's default network."""

from __future__ import annotations

from linter.compose import ComposeFile
from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.yaml import YMapping, YScalar, YSequence

from .hardening import extends

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

_SPEC = "https://docs.docker.com/reference/compose-file/services/"


RULE = Rule(
    code="SL427",
    name="default-network-only",
    severity=Severity.INFO,
    summary="Service joins only the project's default network",
    rationale=(
        "On the default network every service can reach every other one. Separate networks "
        "(e.g. `frontend` and `backend`) keep a compromised web tier away from the database."),
    remediation="Declare networks and attach each service only to those it needs.",
    references=[_SPEC + "#networks", "https://docs.docker.com/reference/compose-file/networks/"],
    # KICS also reports a file with one service, which has nothing to be isolated from
    related={"kics": "Networks Not Set"},
    tags=["security", "network", "hardening"],
    opt_in="hardening",
    failing=lambda: [Example("compose.yaml", "services:\n  web:\n    image: nginx:1.27\n"
                                     "  db:\n    image: postgres:16\n")],
    passing=lambda: [Example("compose.yaml",
                     "services:\n  web:\n    image: nginx:1.27\n    networks: [front, back]\n"
                     "  db:\n    image: postgres:16\n    networks: [back]\n"
                     "  tool:\n    image: tool:1\n    network_mode: none\n"
                     "networks:\n  front: {}\n  back: {internal: true}\n")],
)


@RULE.check(ComposeFile)
def default_network(cf: ComposeFile) -> Iterator[Hit]:
    if len(cf.services) < 2:
        return  # one service: nothing to separate it from
    for s in cf.services:
        if s.network_mode is not None or extends(s):
            continue
        nets = s.node.get("networks")
        names = []
        if isinstance(nets, YSequence):
            names = [i.as_str() for i in nets.items if isinstance(i, YScalar)]
        elif isinstance(nets, YMapping):
            names = [str(k) for k in nets.keys()]
        if not names or names == ["default"]:
            yield Hit(s, f"service '{s.name}' is only on the default network, which every "
                         "service of the project shares")
