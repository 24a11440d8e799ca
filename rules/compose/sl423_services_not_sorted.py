"""SL423 services-not-sorted: Services are not in alphabetical order."""

from __future__ import annotations

from linter.compose import ComposeFile
from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.yaml import YMapping

from .ordering import first_out_of_order, written_keys

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

_SPEC = "https://docs.docker.com/reference/compose-file/"


RULE = Rule(
    code="SL423",
    name="services-not-sorted",
    severity=Severity.INFO,
    summary="Services are not in alphabetical order",
    rationale=(
        "A sorted list makes services easy to find and diffs easy to read in large files."),
    remediation="Sort the entries of `services:` by name.",
    references=[_SPEC],
    aliases={"dclint": "services-alphabetical-order"},
    tags=["style"],
    security=False,
    failing=lambda: [Example("compose.yaml",
                     "services:\n  web:\n    image: nginx:1.27\n  api:\n    image: app:1\n")],
    passing=lambda: [Example("compose.yaml",
                     "services:\n  api:\n    image: app:1\n  web:\n    image: nginx:1.27\n")],
    opt_in="style",
)


@RULE.check(ComposeFile)
def services_order(cf: ComposeFile) -> Iterator[Hit]:
    m = cf.node.get("services")
    if isinstance(m, YMapping):
        keys = written_keys(m)
        i = first_out_of_order(keys, key=lambda k: k[0].lower())
        if i is not None:
            yield Hit(keys[i][1], f"service '{keys[i][0]}' comes after '{keys[i - 1][0]}'; "
                                  "services are not sorted")
