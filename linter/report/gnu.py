"""The GNU error format: ``file:line:col: severity: message [CODE]``.

This is the shape GCC prints and the GNU coding standards describe, which editors parse
without configuration (Vim's and Emacs' default ``errorformat`` / ``compilation-mode`` take
``%f:%l:%c: %m``; ``error``/``warning``/``note`` after the column set the kind). One finding a
line; paths and messages have control characters escaped, so nothing can fake a second line.
"""

from __future__ import annotations

from ..findings import Finding, Severity
from .text import clean, preview_note

KINDS = {
    Severity.CRITICAL: "error",
    Severity.HIGH: "error",
    Severity.MEDIUM: "warning",
    Severity.LOW: "note",
    Severity.INFO: "note",
}


def format_finding(f: Finding) -> str:
    s = f.span
    # a preview (a rule newer than the pinned rule set) never fails the run: a note
    kind = "note" if f.preview else KINDS[f.severity]
    return (f"{clean(f.path)}:{max(1, s.line)}:{max(1, s.column)}: {kind}: "
            f"{clean(f.message or f.name)}{preview_note(f)} [{f.code}]")


def render(findings: list[Finding]) -> str:
    return "".join(format_finding(f) + "\n" for f in findings)
