"""SL421 missing-project-name: File has no top-level project name."""

from __future__ import annotations

from linter.compose import ComposeFile
from linter.engine import Example, Hit, Rule
from linter.findings import Severity

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

_SPEC = "https://docs.docker.com/reference/compose-file/"


RULE = Rule(
    code="SL421",
    name="missing-project-name",
    severity=Severity.INFO,
    summary="File has no top-level project name",
    rationale=(
        "Without `name:` the project is named after the directory, so two checkouts (or a "
        "renamed folder) create separate sets of containers, networks and volumes."),
    remediation="Add `name: <project>` at the top of the file.",
    references=[_SPEC + "version-and-name/"],
    aliases={"dclint": "require-project-name-field"},
    tags=["style"],
    security=False,
    failing=lambda: [Example("compose.yaml",
                     "services:\n  web:\n    image: nginx:1.27\n")],
    passing=lambda: [Example("compose.yaml",
                     "name: shop\nservices:\n  web:\n    image: nginx:1.27\n")],
    opt_in="style",
)


@RULE.check(ComposeFile)
def project_name(cf: ComposeFile) -> Iterator[Hit]:
    if "name" not in cf.node:
        yield Hit(cf.node.entries[0].key if cf.node.entries else cf,
                  "the file sets no top-level 'name' for the project")
