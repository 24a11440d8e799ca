"""SL404 container-name-with-replicas: container_name set on a service that runs more than one
replica.
"""

from __future__ import annotations

from linter.compose import Service
from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.yaml import YScalar

from .lookup import known_value

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

_SPEC = "https://docs.docker.com/reference/compose-file/services/"


RULE = Rule(
    code="SL404",
    name="container-name-with-replicas",
    severity=Severity.HIGH,
    summary="container_name set on a service that runs more than one replica",
    rationale=(
        "A fixed container name can be used by one container only; with `scale` or "
        "`deploy.replicas` above 1 Compose refuses the service (and `docker compose up "
        "--scale` fails)."),
    remediation="Remove `container_name` from services that scale, or run a single replica.",
    references=[_SPEC + "#container_name", _SPEC + "#scale",
                "https://docs.docker.com/reference/compose-file/deploy/#replicas"],
    # dclint checks names shared by two services (SL403), not a name with replicas
    related={"dclint": "no-duplicate-container-names"},
    tags=["correctness"],
    failing=lambda: [Example("compose.yaml",
                     "services:\n  worker:\n    image: app:1\n    container_name: worker\n"
                     "    deploy: {replicas: 3}\n")],
    passing=lambda: [Example("compose.yaml",
                     "services:\n  worker:\n    image: app:1\n    deploy: {replicas: 3}\n"
                     "  web:\n    image: app:1\n    container_name: web\n    scale: 1\n")],
    security=False,
)


def _int(v: YScalar | None) -> int | None:
    if v is None or v.value is None:
        return None
    if isinstance(v.value, bool):
        return None
    if isinstance(v.value, int):
        return v.value
    from linter.compose import interpolate

    text, known = interpolate(v.as_str())
    try:
        return int(text.strip()) if known and text is not None else None
    except ValueError:
        return None


def _replicas(s: Service) -> tuple[int | None, YScalar | None]:
    scale = s.node.scalar("scale")
    n = _int(scale)
    if n is not None:
        return n, scale
    if s.deploy is not None:
        r = s.deploy.scalar("replicas")
        return _int(r), r
    return None, None


@RULE.check(Service)
def name_with_replicas(s: Service) -> Iterator[Hit]:
    name = known_value(s.container_name)
    if name is None:
        return
    n, node = _replicas(s)
    if n is not None and n > 1:
        yield Hit(s.container_name, f"service '{s.name}' sets container_name '{name}' but runs "
                                    f"{n} replicas; only one container can have that name")
