"""SL409 duplicate-mount-target: Two mounts of a service use the same container path."""

from __future__ import annotations

from linter.compose import Service
from linter.engine import Example, Hit, Rule
from linter.findings import Severity

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

_SPEC = "https://docs.docker.com/reference/compose-file/services/"


RULE = Rule(
    code="SL409",
    name="duplicate-mount-target",
    severity=Severity.HIGH,
    summary="Two mounts of a service use the same container path",
    rationale=(
        "A container path can hold one mount. Compose rejects a service whose `volumes` "
        "mount two sources at the same target, which usually hides a copy-paste slip."),
    remediation="Give each mount its own target path, or remove the duplicate.",
    references=[_SPEC + "#volumes"],
    aliases={},  # Docker Compose itself rejects this; no linter has an ID for it
    tags=["correctness"],
    failing=lambda: [Example("compose.yaml",
                     "services:\n  db:\n    image: postgres:16\n    volumes:\n"
                     "      - ./data:/var/lib/postgresql/data\n"
                     "      - pg:/var/lib/postgresql/data\nvolumes:\n  pg: {}\n")],
    passing=lambda: [Example("compose.yaml",
                     "services:\n  db:\n    image: postgres:16\n    volumes:\n"
                     "      - ./conf:/etc/postgresql\n      - pg:/var/lib/postgresql/data\n"
                     "volumes:\n  pg: {}\n")],
    security=False,
)


@RULE.check(Service)
def duplicate_mounts(s: Service) -> Iterator[Hit]:
    seen: dict[str, int] = {}
    for vm in s.volumes:
        if not vm.known or not vm.target:
            continue
        target = vm.target.strip().rstrip("/") or "/"
        if target in seen:
            yield Hit(vm, f"service '{s.name}' mounts two volumes at '{target}' (the first on "
                          f"line {seen[target]})")
        else:
            seen[target] = vm.span.line
