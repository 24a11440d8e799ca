"""Output formats: turn a sorted list of findings into text for people, JSON, or SARIF.

``render(fmt, findings, rules, files_checked=N)`` returns the whole output as one string, so
callers write it in one go (to stdout or ``--output-file``) and nothing else can slip in
between. ``summary`` is the one line meant for stderr; ``use_color`` decides whether a stream
gets ANSI colours. Only the ``text`` format is ever coloured.
"""

from __future__ import annotations

import os
from typing import IO, Any, Iterable

from ..engine import Rule
from ..findings import Finding, Severity
from . import json as _json
from . import sarif as _sarif
from . import text as _text

FORMATS = ("text", "json", "sarif")

_RENDERERS = {
    "text": lambda findings, rules, files_checked, color, root:
        _text.render(findings, color=color),
    "json": lambda findings, rules, files_checked, color, root:
        _json.render(findings, files_checked=files_checked),
    "sarif": lambda findings, rules, files_checked, color, root:
        _sarif.render(findings, rules, root=root),
}


def render(fmt: str, findings: list[Finding], rules: list[Rule], *, files_checked: int,
           color: bool = False, root: str | None = None) -> str:
    """The full output of format ``fmt`` (one of ``FORMATS``).

    ``findings`` come sorted (path, line, column, code); ``rules`` is every known rule (the
    SARIF driver takes metadata from it). ``color`` only affects ``text``. ``root`` is the
    directory SARIF URIs are made relative to. Non-empty output ends with a newline; the
    ``text`` format of no findings is the empty string.
    """
    try:
        renderer = _RENDERERS[fmt]
    except KeyError:
        raise ValueError(f"unknown output format {fmt!r} (one of: {', '.join(FORMATS)})") from None
    return renderer(list(findings), list(rules), files_checked, color, root)


def summary(findings: Iterable[Finding], files_checked: int) -> str:
    """One line for stderr: ``Found 3 findings (1 high, 2 medium) in 2 of 9 files.``"""
    findings = list(findings)
    files = "file" if files_checked == 1 else "files"
    if not findings:
        return f"No findings in {files_checked} {files}."
    counts: dict[Severity, int] = {}
    for f in findings:
        counts[f.severity] = counts.get(f.severity, 0) + 1
    parts = ", ".join(f"{counts[s]} {s}" for s in sorted(counts, reverse=True))
    noun = "finding" if len(findings) == 1 else "findings"
    with_findings = len({f.path for f in findings})
    return f"Found {len(findings)} {noun} ({parts}) in {with_findings} of {files_checked} {files}."


def use_color(stream: IO[Any] | Any) -> bool:
    """Whether to colour ``stream``: NO_COLOR (non-empty) says no, then FORCE_COLOR
    (non-empty) says yes, then ``TERM=dumb`` says no, else colour only a terminal."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    if os.environ.get("TERM") == "dumb":
        return False
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):  # no isatty, or a closed stream
        return False


__all__ = ["FORMATS", "render", "summary", "use_color"]
