"""SL005 unreadable-file: File cannot be read as UTF-8 text.

One of the engine's own rules: a parser or the pipeline reports it as a ``Problem``
(see ``linter.findings``), so it has no check of its own.
"""

from __future__ import annotations

from ..findings import Severity
from ..rule import Rule

RULE = Rule(
    code="SL005",
    name="unreadable-file",
    severity=Severity.MEDIUM,
    summary="File cannot be read as UTF-8 text",
    rationale="Binary files, other encodings and files that cannot be opened are not linted.",
    remediation="Save the file as UTF-8, or exclude it from the paths given to shiplint.",
    tags=["correctness"],
    security=False,
    incomplete=True,
)
