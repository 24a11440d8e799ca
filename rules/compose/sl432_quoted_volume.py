"""SL432 quoted-volume: Volume entry is quoted."""

from __future__ import annotations

from linter.compose import Service
from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.yaml import YScalar, YSequence

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

_SPEC = "https://docs.docker.com/reference/compose-file/"


RULE = Rule(
    code="SL432",
    name="quoted-volume",
    severity=Severity.INFO,
    summary="Volume entry is quoted",
    rationale=(
        "Volume strings need no quotes; mixing quoted and plain entries is noise in diffs."),
    remediation="Remove the quotes around the volume entry.",
    references=[_SPEC],
    aliases={"dclint": "no-quotes-in-volumes"},
    tags=["style"],
    security=False,
    failing=lambda: [Example("compose.yaml",
                     "services:\n  web:\n    image: nginx:1.27\n    volumes: ['./html:/usr/share/nginx/html:ro']\n")],
    passing=lambda: [Example("compose.yaml",
                     "services:\n  web:\n    image: nginx:1.27\n    volumes:\n      - ./html:/usr/share/nginx/html:ro\n")],
    opt_in="style",
)


@RULE.check(Service)
def quoted_volumes(s: Service) -> Iterator[Hit]:
    v = s.node.get("volumes")
    if isinstance(v, YSequence):
        for item in v.items:
            if isinstance(item, YScalar) and item.style in ("'", '"'):
                yield Hit(item, f"service '{s.name}': volume entry is quoted")
