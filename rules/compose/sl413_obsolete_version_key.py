"""SL413 obsolete-version-key: Top-level 'version' is obsolete."""

from __future__ import annotations

from linter.compose import ComposeFile
from linter.engine import Example, Hit, Rule
from linter.findings import Autofix, Severity
from linter.yaml import YScalar

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

RULE = Rule(
    code="SL413",
    name="obsolete-version-key",
    severity=Severity.LOW,
    summary="Top-level 'version' is obsolete",
    rationale=(
        "The Compose Specification dropped file format versions: `docker compose` ignores "
        "`version:` and prints a warning on every run. Worse, the number suggests features "
        "and limits of the old v2/v3 formats (e.g. `deploy` being Swarm-only) that no longer "
        "apply, and some tools change behaviour on it."),
    remediation="Delete the `version:` line.",
    references=["https://docs.docker.com/reference/compose-file/version-and-name/"],
    aliases={"dclint": "no-version-field"},
    tags=["maintainability"],
    failing=lambda: [Example("compose.yaml", "version: '3.8'\nservices:\n  web:\n    image: nginx:1.27\n")],
    passing=lambda: [Example("compose.yaml", "name: shop\nservices:\n  web:\n    image: nginx:1.27\n")],
    security=False,
    opt_in="style",
    fixable="safe",  # Compose ignores the key
)


@RULE.check(ComposeFile)
def obsolete_version(cf: ComposeFile) -> Iterator[Hit]:
    entry = cf.node.entry("version")
    if entry is not None:
        shown = entry.value.as_str() if isinstance(entry.value, YScalar) else ""
        yield Hit(entry.key, f"the top-level 'version'{f' ({shown})' if shown else ''} is "
                             "obsolete: Compose ignores it and warns", fix="delete the line",
                  autofix=_delete(cf, entry))


def _delete(cf: ComposeFile, entry) -> Autofix | None:
    """The lines of the ``version`` entry deleted, when nothing else is written on them (a
    block mapping with the value on the key's line)."""
    from linter.fix import delete_lines, is_flow, written_entries  # with a finding (issue #14)

    if entry.merged or not isinstance(entry.value, YScalar) or is_flow(cf.node) is not False:
        return None
    key, value = entry.key.span, entry.value.span
    last = max(key.end_line, value.end_line)
    if value.line < key.line or any(e is not entry and key.line <= e.key.span.line <= last
                                    for e in written_entries(cf.node)):
        return None
    if key.column != written_entries(cf.node)[0].key.span.column:
        return None
    return Autofix("delete the obsolete top-level 'version'", (delete_lines(key.line, last),),
                   True)
