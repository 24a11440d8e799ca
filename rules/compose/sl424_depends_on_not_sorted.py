"""SL424 depends-on-not-sorted: depends_on entries are not in alphabetical order."""

from __future__ import annotations

from linter.compose import Service
from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.yaml import YMapping, YScalar, YSequence

from .ordering import first_out_of_order, written_keys

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

_SPEC = "https://docs.docker.com/reference/compose-file/"


RULE = Rule(
    code="SL424",
    name="depends-on-not-sorted",
    severity=Severity.INFO,
    summary="depends_on entries are not in alphabetical order",
    rationale=(
        "A sorted dependency list is easier to compare between services."),
    remediation="Sort the entries of `depends_on`.",
    references=[_SPEC],
    aliases={"dclint": "service-dependencies-alphabetical-order"},
    tags=["style"],
    security=False,
    failing=lambda: [Example("compose.yaml",
                     "services:\n  web:\n    image: nginx:1.27\n    depends_on: [db, cache]\n"
    "  db:\n    image: postgres:16\n  cache:\n    image: redis:7\n")],
    passing=lambda: [Example("compose.yaml",
                     "services:\n  web:\n    image: nginx:1.27\n    depends_on: [cache, db]\n"
    "  db:\n    image: postgres:16\n  cache:\n    image: redis:7\n")],
    opt_in="style",
)


@RULE.check(Service)
def depends_order(s: Service) -> Iterator[Hit]:
    v = s.node.get("depends_on")
    if isinstance(v, YSequence):
        items = [(i.as_str(), i) for i in v.items if isinstance(i, YScalar)]
    elif isinstance(v, YMapping):
        items = written_keys(v)
    else:
        return
    i = first_out_of_order(items, key=lambda k: k[0].lower())
    if i is not None:
        yield Hit(items[i][1], f"service '{s.name}': depends_on '{items[i][0]}' comes after "
                               f"'{items[i - 1][0]}'")
