"""SL435 invalid-interpolation: Malformed ${...} variable reference."""

from __future__ import annotations

from linter.compose import ComposeFile
from linter.compose.interpolation import syntax_errors
from linter.compose.schema import describe_path
from linter.compose.tree import sub_span
from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.yaml import walk_scalars

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

_SPEC = "https://docs.docker.com/reference/compose-file/"


RULE = Rule(
    code="SL435",
    name="invalid-interpolation",
    severity=Severity.HIGH,
    summary="Malformed ${...} variable reference",
    rationale=(
        "Compose interpolates `${...}` in every value of the file and stops with 'invalid "
        "interpolation format' on an unclosed `${`, on `${1}` or `${}` and on an unknown "
        "operator (`${VAR:x}`). A shell snippet in `command:` or `healthcheck` that uses "
        "`${1}` or `${#VAR}` for the container's shell hits this: it must be written `$${1}`."),
    remediation="Close the brace, use a variable name with a valid operator (`:-`, `-`, "
                "`:?`, `?`, `:+`, `+`), or double the `$` (`$${VAR}`) when the shell inside "
                "the container, not Compose, must expand it.",
    references=[_SPEC + "interpolation/"],
    aliases={},  # Docker Compose itself rejects this; no linter has an ID for it
    tags=["correctness"],
    failing=lambda: [Example("compose.yaml", "services:\n  web:\n    image: a:1\n"
                                     "    command: [sh, -c, 'echo ${1:-none}']\n")],
    passing=lambda: [Example("compose.yaml", "services:\n  web:\n    image: a:${TAG:-1}\n"
                                     "    command: [sh, -c, 'echo $${1:-none} $$HOME $1']\n"
                                     "    environment: {A: '${B:-${C}}', P: '${D:?set D}'}\n")],
    security=False,
)


@RULE.check(ComposeFile)
def interpolation(cf: ComposeFile) -> Iterator[Hit]:
    seen: set[int] = set()
    for path, node in walk_scalars(cf.node):
        if not isinstance(node.value, str) or "${" not in node.text or id(node) in seen:
            continue
        seen.add(id(node))
        for start, end, why in syntax_errors(node.text):
            where = describe_path([p for p in path if p is not None])
            yield Hit(sub_span(node, start, end),
                      f"{where}: invalid interpolation: {why}",
                      fix="write '$$' for a '$' that Compose must leave alone")
