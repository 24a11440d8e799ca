"""GitHub Actions workflow commands: one annotation per finding, grouped per file.

Each finding becomes ``::error|warning|notice file=…,line=…,endLine=…,col=…,endColumn=…,
title=…::message`` (critical/high -> error, medium -> warning, low/info -> notice) and is
also printed as a plain report line, because GitHub shows only the first few annotations of a
step (10 of each kind) and a job (50): the log keeps the full list. Findings of one file sit
in a collapsible ``::group::``; the output ends with the summary line.

Escaping follows the runner's decoding: in the message ``%``, CR and LF become ``%25``,
``%0D``, ``%0A``; in property values ``:`` and ``,`` also become ``%3A`` and ``%2C``. Other
control characters are written as ``\\xNN`` so they cannot colour or rewrite the log. Plain
lines are indented so that no path or message can start a line with ``::`` and be taken for
a workflow command. ``col``/``endColumn`` are only given for single-line spans (GitHub
ignores them otherwise); ``endColumn`` is the column of the last character (inclusive).
"""

from __future__ import annotations

from ..findings import Finding, Severity
from .common import repo_path, summary
from .text import clean, format_finding, preview_note

COMMANDS = {
    Severity.CRITICAL: "error",
    Severity.HIGH: "error",
    Severity.MEDIUM: "warning",
    Severity.LOW: "notice",
    Severity.INFO: "notice",
}

#: Annotations GitHub displays per step and kind; beyond, only the log has them.
ANNOTATIONS_PER_STEP = 10


def escape_data(text: str) -> str:
    """A workflow command's message (the part after ``::``)."""
    return clean(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def escape_property(text: str) -> str:
    """A workflow command's property value (``file=``, ``title=``...)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(f: Finding, *, root: str | None = None) -> str:
    s = f.span
    line, column = max(1, s.line), max(1, s.column)
    end_line = max(line, s.end_line)
    props = []
    path = repo_path(f.path, root)
    if path not in ("", "-"):
        props += [f"file={escape_property(path)}", f"line={line}", f"endLine={end_line}"]
        if end_line == line:
            props += [f"col={column}", f"endColumn={max(column, s.end_column - 1)}"]
    props.append("title=" + escape_property(f"{f.code} {f.name} ({f.severity})"))
    # a preview (a rule newer than the pinned rule set) never fails the run: a notice
    command = "notice" if f.preview else COMMANDS[f.severity]
    return f"::{command} {','.join(props)}::{escape_data((f.message or f.name) + preview_note(f))}"


def render(findings: list[Finding], *, files_checked: int, root: str | None = None) -> str:
    groups: dict[str, list[Finding]] = {}
    for f in findings:
        groups.setdefault(f.path, []).append(f)
    out = []
    for path, group in groups.items():
        noun = "finding" if len(group) == 1 else "findings"
        out.append(f"::group::{escape_data(path)} ({len(group)} {noun})")
        for f in group:
            out.append("  " + format_finding(f))
            out.append(annotation(f, root=root))
        out.append("::endgroup::")
    line = summary(findings, files_checked)
    kinds: dict[str, int] = {}
    for f in findings:
        command = "notice" if f.preview else COMMANDS[f.severity]
        kinds[command] = kinds.get(command, 0) + 1
    if any(n > ANNOTATIONS_PER_STEP for n in kinds.values()):
        line += (f" GitHub shows at most {ANNOTATIONS_PER_STEP} annotations of each kind per "
                 "step; the log above lists every finding.")
    out.append(line)
    return "".join(x + "\n" for x in out)
