"""SL422 invalid-container-name: container_name has characters Docker refuses."""

from __future__ import annotations

from linter import lazyre
from linter.compose import Service
from linter.engine import Example, Hit, Rule
from linter.findings import Severity

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

_SPEC = "https://docs.docker.com/reference/compose-file/services/"


RULE = Rule(
    code="SL422",
    name="invalid-container-name",
    severity=Severity.HIGH,
    summary="container_name has characters Docker refuses",
    rationale=(
        "Docker accepts container names matching `[a-zA-Z0-9][a-zA-Z0-9_.-]+`; a name with a "
        "space, a slash or a leading dot or dash passes the Compose schema and fails when the "
        "container is created."),
    remediation="Use letters, digits, `_`, `.` and `-`, starting with a letter or digit.",
    references=[_SPEC + "#container_name"],
    aliases={"dclint": "service-container-name-regex"},
    tags=["correctness"],
    failing=lambda: [Example("compose.yaml", "services:\n  web:\n    image: nginx:1.27\n"
                                     "    container_name: my web\n")],
    passing=lambda: [Example("compose.yaml", "services:\n  web:\n    image: nginx:1.27\n"
                                     "    container_name: shop_web-1.dev\n")],
    security=False,
)


_CONTAINER_NAME = lazyre.compile(r"^[a-zA-Z0-9][a-zA-Z0-9_.-]+$")


@RULE.check(Service)
def container_name(s: Service) -> Iterator[Hit]:
    v = s.container_name
    if v is None or not v.known or v.value is None:
        return
    if not _CONTAINER_NAME.match(v.value):
        yield Hit(v, f"service '{s.name}': container_name '{v.value}' is not a valid container "
                     "name (letters, digits, '_', '.', '-'; starting with a letter or digit)")
