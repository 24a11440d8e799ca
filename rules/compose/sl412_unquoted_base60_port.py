"""SL412 unquoted-base60-port: Unquoted port mapping that YAML 1.1 reads as a base-60 number."""

from __future__ import annotations

from linter import lazyre
from linter.compose import Service
from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.yaml import YScalar, YSequence

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

_PORTS = "https://docs.docker.com/reference/compose-file/services/#ports"


RULE = Rule(
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
    # dclint wants every port quoted (in single quotes by default), whatever YAML reads
    related={"dclint": "require-quotes-in-ports"},
    tags=["correctness", "portability"],
    failing=lambda: [Example("compose.yaml", "services:\n  ssh:\n    image: app:1\n    ports:\n"
                                     "      - 127.0.0.1:2222:22\n      - 22:22\n")],
    passing=lambda: [Example("compose.yaml", "services:\n  ssh:\n    image: app:1\n    ports:\n"
                                     "      - \"22:22\"\n      - 127.0.0.1:8080:80\n      - 8080:80\n")],
    security=False,
)


_BASE60 = lazyre.compile(r"^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+$")


@RULE.check(Service)
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
