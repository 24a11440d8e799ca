"""SL403 duplicate-container-name: Two services use the same container_name."""

from __future__ import annotations

from linter.compose import ComposeFile
from linter.compose.project import project_of, superseded
from linter.engine import Example, Hit, Rule
from linter.findings import Severity

from .lookup import known_value

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

_SPEC = "https://docs.docker.com/reference/compose-file/services/"


RULE = Rule(
    code="SL403",
    name="duplicate-container-name",
    severity=Severity.HIGH,
    summary="Two services use the same container_name",
    rationale=(
        "Container names are unique on a Docker host: the second service cannot be created "
        "(`Conflict. The container name ... is already in use`), and Compose rejects the "
        "project up front."),
    remediation="Give each service its own `container_name`, or drop `container_name` and let "
                "Compose name containers `<project>-<service>-<n>`.",
    references=[_SPEC + "#container_name"],
    aliases={"dclint": "no-duplicate-container-names"},
    tags=["correctness"],
    failing=lambda: [Example("compose.yaml",
                     "services:\n  a:\n    image: nginx:1.27\n    container_name: web\n"
                     "  b:\n    image: nginx:1.27\n    container_name: web\n")],
    passing=lambda: [Example("compose.yaml",
                     "services:\n  a:\n    image: nginx:1.27\n    container_name: web-a\n"
                     "  b:\n    image: nginx:1.27\n    container_name: web-b\n")],
    security=False,
)


@RULE.check(ComposeFile)
def duplicate_container_names(cf: ComposeFile) -> Iterator[Hit]:
    first: dict[str, str] = {}  # container name -> service
    project = project_of(cf)
    for f in project.files:
        for s in f.services:
            name = known_value(s.container_name)
            if name is None or superseded(s, s.container_name):
                continue
            other = first.setdefault(name, s.name)
            if other != s.name and f is cf:
                yield Hit(s.container_name, f"services '{other}' and '{s.name}' both use "
                                            f"container_name '{name}'")
