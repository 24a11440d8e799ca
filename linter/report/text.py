"""The human format: ``path:line:col: CODE [severity] message``, one finding a line.

Findings of one file stay together; a blank line separates files. Paths and messages are
printed with control characters escaped (a file name or a quoted instruction could otherwise
carry terminal escape sequences or a line break that fakes another finding).
"""

from __future__ import annotations

import re

from ..findings import Finding, Severity

RESET = "\x1b[0m"
BOLD = "\x1b[1m"

#: ANSI colour of a finding's code and severity, by severity.
SEVERITY_COLORS = {
    Severity.CRITICAL: "\x1b[1;35m",  # bold magenta
    Severity.HIGH: "\x1b[31m",        # red
    Severity.MEDIUM: "\x1b[33m",      # yellow
    Severity.LOW: "\x1b[36m",         # cyan
    Severity.INFO: "\x1b[2m",         # dim
}

# C0/C1 controls, DEL, bidirectional overrides/isolates, and lone surrogates (undecodable
# bytes of a file name read with surrogateescape).
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _escape_char(m: re.Match[str]) -> str:
    code = ord(m.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def clean(text: str) -> str:
    """``text`` with every character that could move the cursor or fake a line escaped."""
    return _UNSAFE.sub(_escape_char, text)


def format_finding(f: Finding, *, color: bool = False) -> str:
    s = f.span
    where = f"{clean(f.path)}:{s.line}:{s.column}:"
    code, sev = f.code, f"[{f.severity}]"
    if color:
        paint = SEVERITY_COLORS.get(f.severity, "")
        where = f"{BOLD}{where}{RESET}"
        code = f"{paint}{code}{RESET}"
        sev = f"{paint}{sev}{RESET}"
    return f"{where} {code} {sev} {clean(f.message)}"


def render(findings: list[Finding], *, color: bool = False) -> str:
    """All findings, grouped by file in the order files first appear."""
    groups: dict[str, list[Finding]] = {}
    for f in findings:
        groups.setdefault(f.path, []).append(f)
    blocks = ["".join(format_finding(f, color=color) + "\n" for f in group)
              for group in groups.values()]
    return "\n".join(blocks)
