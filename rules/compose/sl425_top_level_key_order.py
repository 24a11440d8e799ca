"""SL425 top-level-key-order: Top-level keys are not in the conventional order."""

from __future__ import annotations

from linter.compose import ComposeFile
from linter.engine import Example, Hit, Rule
from linter.findings import Severity

from .ordering import first_out_of_order, written_keys

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

_SPEC = "https://docs.docker.com/reference/compose-file/"


RULE = Rule(
    code="SL425",
    name="top-level-key-order",
    severity=Severity.INFO,
    summary="Top-level keys are not in the conventional order",
    rationale=(
        "The usual order (extension fields, name, include, services, networks, volumes, secrets, "
        "configs, models) lets readers find sections at a glance."),
    remediation="Reorder the top-level sections.",
    references=[_SPEC],
    aliases={"dclint": "top-level-properties-order"},
    tags=["style"],
    security=False,
    failing=lambda: [Example("compose.yaml",
                     "volumes:\n  data: {}\nservices:\n  web:\n    image: nginx:1.27\n")],
    passing=lambda: [Example("compose.yaml",
                     "x-common: &c {restart: always}\nname: shop\nservices:\n  web:\n    image: nginx:1.27\n"
    "volumes:\n  data: {}\n")],
    opt_in="style",
)


_TOP = {"version": 1, "name": 2, "include": 3, "services": 4, "networks": 5, "volumes": 6,
        "secrets": 7, "configs": 8, "models": 9}


@RULE.check(ComposeFile)
def top_level_order(cf: ComposeFile) -> Iterator[Hit]:
    keys = [(k, n) for k, n in written_keys(cf.node) if k in _TOP or k.startswith("x-")]
    i = first_out_of_order(keys, key=lambda k: 0 if k[0].startswith("x-") else _TOP[k[0]])
    if i is not None:
        yield Hit(keys[i][1], f"top-level '{keys[i][0]}' comes after '{keys[i - 1][0]}'")
