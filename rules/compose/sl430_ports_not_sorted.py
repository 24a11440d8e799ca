"""SL430 ports-not-sorted: Port mappings are not in ascending order."""

from __future__ import annotations

from linter.compose import Service
from linter.engine import Example, Hit, Rule
from linter.findings import Severity

from .ordering import first_out_of_order

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

_SPEC = "https://docs.docker.com/reference/compose-file/"


RULE = Rule(
    code="SL430",
    name="ports-not-sorted",
    severity=Severity.INFO,
    summary="Port mappings are not in ascending order",
    rationale=(
        "Sorted ports make clashes and gaps easy to see."),
    remediation="Sort `ports` by host port.",
    references=[_SPEC],
    aliases={"dclint": "service-ports-alphabetical-order"},
    tags=["style"],
    security=False,
    failing=lambda: [Example("compose.yaml",
                     "services:\n  web:\n    image: nginx:1.27\n    ports: ['127.0.0.1:8443:443', '127.0.0.1:8080:80']\n")],
    passing=lambda: [Example("compose.yaml",
                     "services:\n  web:\n    image: nginx:1.27\n    ports: ['127.0.0.1:8080:80', '127.0.0.1:8443:443']\n")],
    opt_in="style",
)


@RULE.check(Service)
def ports_order(s: Service) -> Iterator[Hit]:
    ports = [(p.published_range or p.target_range or (0, 0), p) for p in s.ports if p.known]
    i = first_out_of_order(ports, key=lambda x: x[0])
    if i is not None:
        yield Hit(ports[i][1], f"service '{s.name}': port '{ports[i][1].raw or ports[i][1].target}'"
                               " is listed after a higher one")
