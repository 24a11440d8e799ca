"""SL408 conflicting-resource-settings: A resource setting is given twice with different values."""

from __future__ import annotations

from linter import lazyre
from linter.compose import Service
from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.yaml import YScalar

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

_SPEC = "https://docs.docker.com/reference/compose-file/services/"


RULE = Rule(
    code="SL408",
    name="conflicting-resource-settings",
    severity=Severity.HIGH,
    summary="A resource setting is given twice with different values",
    rationale=(
        "`cpus`, `mem_limit`, `mem_reservation`, `pids_limit` and `scale` have twins under "
        "`deploy` (`resources.limits.cpus`, `.memory`, `reservations.memory`, `limits.pids`, "
        "`replicas`). When both are set and differ, Compose stops with an error instead of "
        "choosing; either way a reader cannot tell which one was meant."),
    remediation="Keep one spelling (preferably the `deploy:` one) or make both values equal.",
    references=["https://docs.docker.com/reference/compose-file/deploy/#resources",
                _SPEC + "#mem_limit", _SPEC + "#cpus"],
    aliases={},  # Docker Compose itself rejects this; no linter has an ID for it
    tags=["correctness"],
    failing=lambda: [Example("compose.yaml",
                     "services:\n  web:\n    image: nginx:1.27\n    mem_limit: 256m\n"
                     "    deploy:\n      resources:\n        limits: {memory: 512M}\n")],
    passing=lambda: [Example("compose.yaml",
                     "services:\n  web:\n    image: nginx:1.27\n    mem_limit: 512m\n    cpus: 0.5\n"
                     "    deploy:\n      resources:\n        limits: {memory: 512M, cpus: '0.50'}\n")],
    security=False,
)


_UNITS = {"": 1, "b": 1, "k": 1024, "kb": 1024, "m": 1024 ** 2, "mb": 1024 ** 2,
          "g": 1024 ** 3, "gb": 1024 ** 3, "t": 1024 ** 4, "tb": 1024 ** 4}


_SIZE = lazyre.compile(r"^\s*([0-9]+(?:\.[0-9]+)?)\s*([a-zA-Z]*)\s*$")


def parse_bytes(text: str) -> float | None:
    m = _SIZE.match(text)
    if not m:
        return None
    unit = _UNITS.get(m.group(2).lower())
    return None if unit is None else float(m.group(1)) * unit


def _num(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


_TWINS = (
    # (service key, path under deploy, what, parser)
    ("cpus", ("resources", "limits", "cpus"), "CPU limit", _num),
    ("mem_limit", ("resources", "limits", "memory"), "memory limit", parse_bytes),
    ("mem_reservation", ("resources", "reservations", "memory"), "memory reservation", parse_bytes),
    ("pids_limit", ("resources", "limits", "pids"), "PID limit", _num),
    ("scale", ("replicas",), "replica count", _num),
)


@RULE.check(Service)
def conflicting(s: Service) -> Iterator[Hit]:
    if s.deploy is None:
        return
    for key, path, what, parse in _TWINS:
        a = s.value(key)
        node = s.deploy.path(*path)
        if a is None or not isinstance(node, YScalar) or node.value is None:
            continue
        from linter.compose import make_value

        b = make_value(node)
        if not (a.known and b.known and a.value is not None and b.value is not None):
            continue
        x, y = parse(a.value.strip()), parse(b.value.strip())
        if x is None or y is None or x == y:
            continue
        yield Hit(a, f"service '{s.name}': {key} '{a.value.strip()}' and deploy."
                     f"{'.'.join(path)} '{b.value.strip()}' give two different {what}s")
