"""SL437 included-file-unreadable: a file that ``include:`` or ``extends.file`` names cannot be
read as a Compose file.

Compose reads every file a project includes or extends from before it does anything else, and
stops when one is missing, is not a regular file (``/dev/zero``, a FIFO, a directory), is too
large, or is not a Compose file at all (``/etc/passwd``). The pipeline reads them through the
same bounded, non-blocking reader as every linted file and tells the project which ones it
could not read (``linter.compose.project.Unread``).
"""

from __future__ import annotations

from linter.compose import ComposeFile
from linter.compose.project import project_of
from linter.engine import Example, Hit, Rule
from linter.findings import Severity

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

_SPEC = "https://docs.docker.com/reference/compose-file/"

RULE = Rule(
    code="SL437",
    name="included-file-unreadable",
    severity=Severity.HIGH,
    summary="A file that include or extends names cannot be read as a Compose file",
    rationale=(
        "`docker compose` reads every file a project includes (`include:`) or takes services "
        "from (`extends.file`) before it starts anything, and refuses the project when one "
        "is missing, is not a regular file, or is not a Compose file: the typo or the moved "
        "file is found at deploy time. Nothing in such a file is checked either."),
    remediation=(
        "Fix the path (it is relative to the file that names it), or add the missing file; "
        "an optional include is not a thing in Compose, so remove the entry if the file is "
        "gone for good."),
    references=[_SPEC + "include/", _SPEC + "services/#extends"],
    tags=["correctness"],
    security=False,
    failing=lambda: [Example("compose.yaml", "include:\n  - path: ./does-not-exist.yaml\n"
                                     "services:\n  web:\n    image: nginx:1.27\n")],
    passing=lambda: [Example("compose.yaml", "services:\n  web:\n    image: nginx:1.27\n")],
)


@RULE.check(ComposeFile)
def unreadable(cf: ComposeFile) -> Iterator[Hit]:
    for u in project_of(cf).unread:
        if u.by is not cf:
            continue
        what = "include" if u.how == "include" else "extends.file"
        yield Hit(u.node, f"{what} names '{u.node.as_str()}', which cannot be read: {u.why}; "
                          "Compose refuses the project",
                  fix="fix the path, relative to this file, or remove the entry")
