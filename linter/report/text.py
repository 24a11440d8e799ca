"""The human format: ``path:line:col: CODE [severity] message``, one finding a line.

Findings of one file stay together; a blank line separates files. Paths and messages are
printed with control characters escaped (a file name or a quoted instruction could otherwise
carry terminal escape sequences or a line break that fakes another finding).

With ``show_source`` each finding is followed by a code frame (the first line of its span
with its number and a ``^^^`` underline; a span over several lines says where it ends) and a ``help:`` line with its rule's remediation.
Frames never show a secret: for a finding of a secret rule (tagged ``secrets``, or with
``secret`` in its name) the frame stops at the start of the span, which is replaced by a
fixed ``[REDACTED]`` (same width whatever the secret's length); in every other frame a line
that looks like it holds a credential (a known token format, a literal under a
secret-looking key, a long random-looking string, or a line of a secret finding's span) is
shown as ``[REDACTED]`` as a whole.
"""

from __future__ import annotations

import re

from .. import lazyre
from .. import secrets
from ..engine import CORE_RULES
from ..findings import Finding, Severity
from ..source import OTHER_BREAKS

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Any, Iterable, Mapping, Sequence

RESET = "\x1b[0m"
BOLD = "\x1b[1m"
GUTTER = "\x1b[1;34m"  # bold blue: line numbers and frame rules

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
_UNSAFE = lazyre.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069"
                         "\ud800-\udfff]")


def _escape_char(m: re.Match[str]) -> str:
    code = ord(m.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def clean(text: str) -> str:
    """``text`` with every character that could move the cursor or fake a line escaped."""
    # every character of _UNSAFE is a control (Cc), format (Cf) or surrogate (Cs) one, which
    # str.isprintable() rejects: a printable text has none, and a run whose findings are all
    # printable compiles no pattern (0.3 ms, start-up, issue #14)
    return text if text.isprintable() else _UNSAFE.sub(_escape_char, text)


def format_finding(f: Finding, *, color: bool = False) -> str:
    s = f.span
    where = f"{clean(f.path)}:{s.line}:{s.column}:"
    code, sev = f.code, f"[{f.severity}]"
    if color:
        paint = SEVERITY_COLORS.get(f.severity, "")
        where = f"{BOLD}{where}{RESET}"
        code = f"{paint}{code}{RESET}"
        sev = f"{paint}{sev}{RESET}"
    return f"{where} {code} {sev} {clean(f.message)}{preview_note(f)}"


def preview_note(f: Finding) -> str:
    """What a preview finding says after its message (``rule-set``, ``--preview-rule-set``)."""
    if not f.preview:
        return ""
    if f.preview == "next":
        return " (preview of the next release; does not fail the run)"
    return f" (new since your rule set: in {f.preview}; does not fail the run)"


# --- code frames ----------------------------------------------------------------------------

REDACTED = "[REDACTED]"
TAB_WIDTH = 4

# A key=value or key: value pair on a line (Dockerfile ENV/ARG/LABEL, YAML, .env, flags).
_PAIR = lazyre.compile(r"""["']?([A-Za-z_][A-Za-z0-9_.-]*)["']?[ \t]*[:=][ \t]*"""
                   r"""(?:"([^"]*)"|'([^']*)'|([^\s"',}\]]+))""")
# What may stay in front of a redacted span: indentation, list dashes and at most one short
# word (an instruction keyword or a YAML key) with its ``:`` or ``=``.
_SAFE_PREFIX = lazyre.compile(r"^[ \t]*(?:-[ \t]+)*(?:[A-Za-z_][A-Za-z0-9_.-]{0,39}[ \t]*[:=]?[ \t]*)?$")


def _looks_secret(line: str) -> bool:
    if secrets.scan_value(line):
        return True
    for m in _PAIR.finditer(line):
        value = next((g for g in m.groups()[1:] if g is not None), "")
        if secrets.check(m.group(1), value):
            return True
    return secrets.holds_random_blob(line)


#: an instruction continued on the next line (a Dockerfile's ``\`` or its ``escape=`` one)
_CONTINUED = lazyre.compile(r"[\\`]\s*$")
#: ``ENV key value`` / ``ARG``: the legacy form, read as ``key=value`` for the secret test
_LEGACY_ENV = lazyre.compile(r"(?i)^(\s*(?:ENV|ARG|LABEL)\s+)([^\s=]+)\s+(\S.*)$")


def secret_lines(lines: Sequence[str]) -> set[int]:
    """The 1-based numbers of ``lines`` that belong to a logical line (physical lines joined
    by continuations) that holds a secret: a secret-looking line, an ``ENV key value`` whose
    value is one, or a command line the secret rules would report. Code frames and
    ``--diff`` (``linter.fix``) hide them, whatever rules the run selected."""

    out: set[int] = set()
    group: list[int] = []
    for n, line in enumerate(lines, 1):
        group.append(n)
        body = line.rstrip("\r\n")
        if _CONTINUED.search(body) and n < len(lines):
            continue
        text = " ".join(lines[i - 1].rstrip("\r\n").rstrip("\\`").strip() for i in group)
        # and what an editor shows as lines of their own: the parts between a ``\r`` alone
        # or another character a viewer may break a line at (a Dockerfile's are characters
        # of its line: ``RUN make #\rENV PASSWORD value`` holds an ENV for the eye)
        parts = [text]
        for i in group:
            raw = lines[i - 1].rstrip("\r\n")
            if not raw.isprintable():
                parts += [p.strip() for p in _VIEWER_BREAK.split(raw)]
        if any(_looks_secret(p) or _looks_secret(_LEGACY_ENV.sub(r"\1\2=\3", p))
               or _command_secret(p) for p in parts):
            out.update(group)
        group = []
    return out


#: what a terminal or an editor may end a line at, besides ``\n`` (``secret_lines``): a ``\r``
#: alone, and what ``str.splitlines`` also ends one at
_VIEWER_BREAK = lazyre.compile("[" + re.escape("\r" + OTHER_BREAKS) + "]")


def _command_secret(text: str) -> bool:
    from ..rules.secrets.scan import scan_script  # the secret rules' own command-line test

    try:
        return bool(scan_script(text))
    except Exception:  # noqa: BLE001 - a test that fails never shows the line
        return True


def is_secret_rule(f: Finding, rule: Any = None) -> bool:
    """Whether ``f`` is about a secret: its rule masks source (``Rule.masks_source``); a
    finding of a rule shiplint does not know is masked when its name says ``secret``."""
    if rule is not None:
        return bool(getattr(rule, "masks_source", False))
    return "secret" in f.name


def _display(text: str) -> str:
    return clean(text.expandtabs(TAB_WIDTH))


class _Frame:
    """Builds the lines of one code frame."""

    def __init__(self, width: int, color: bool, paint: str):
        self.width, self.color, self.paint = width, color, paint
        self.out: list[str] = []

    def _gutter(self, label: str = "") -> str:
        g = f"{label:>{self.width}} |"
        return f"{GUTTER}{g}{RESET}" if self.color else g

    def source(self, number: int, text: str) -> None:
        self.out.append(f"{self._gutter(str(number))} {text}".rstrip())

    def carets(self, start: int, length: int) -> None:
        marks = "^" * max(1, length)
        if self.color:
            marks = f"{self.paint}{marks}{RESET}"
        self.out.append(f"{self._gutter()} {' ' * start}{marks}")

    def note(self, text: str) -> None:
        self.out.append(f"{self._gutter()} {text}")

    def help(self, label: str, text: str) -> None:
        pad = " " * self.width
        label = f"{BOLD}{label}:{RESET}" if self.color else f"{label}:"
        self.out.append(f"{pad} = {label} {text}")


def _underline(frame: _Frame, number: int, line: str, start: int, end: int | None) -> None:
    """Show ``line`` and underline code points ``start`` (0-based) to ``end`` (exclusive,
    None: the end of the line), measured after tab expansion and escaping; an empty range
    gets one caret."""
    start = min(max(0, start), len(line))
    end = len(line) if end is None else min(max(end, start), len(line))
    pre = len(_display(line[:start]))
    frame.source(number, _display(line))
    frame.carets(pre, len(_display(line[:end])) - pre)


#: findings whose line is never shown: the parser could not tell what on it is a value
NO_SOURCE = frozenset({"parse-error", "duplicate-key"})


def code_frame(f: Finding, lines: list[str] | None, *, redact_lines: frozenset[int] = frozenset(),
               secret: bool = False, remediation: str = "", color: bool = False) -> list[str]:
    """The frame and help lines printed under a finding (without the finding's own line)."""
    if f.name in NO_SOURCE:
        lines = None  # a line that does not parse is not known to be free of secrets
    s = f.span
    line_no = max(1, s.line)
    end_line = max(line_no, s.end_line)
    to_eol = end_line > line_no  # the first line is covered to its end
    if end_line > line_no and s.end_column <= 1:
        end_line -= 1  # the span ends at the very start of its last line
    frame = _Frame(len(str(line_no)), color, SEVERITY_COLORS.get(f.severity, ""))
    if lines is not None and line_no <= len(lines):
        if secret:
            text = lines[line_no - 1]
            prefix = text[:max(0, s.column - 1)]
            if not _SAFE_PREFIX.match(prefix) or _looks_secret(prefix):
                prefix = prefix[:len(prefix) - len(prefix.lstrip(" \t"))]
            shown = _display(prefix)
            frame.source(line_no, shown + REDACTED)
            frame.carets(len(shown), len(REDACTED))
        else:
            text = lines[line_no - 1]
            if line_no in redact_lines or _looks_secret(text):
                indent = text[:len(text) - len(text.lstrip(" \t"))]
                frame.source(line_no, _display(indent) + REDACTED)
            else:
                start = s.column - 1
                if to_eol:
                    end: int | None = None
                elif s.end_column <= s.column:
                    end = start + 1
                else:
                    end = s.end_column - 1
                _underline(frame, line_no, text, start, end)
            if end_line > line_no:
                frame.note(f"... to line {end_line}")
    if remediation:
        frame.help("help", clean(" ".join(remediation.split())))
    if f.fix and not secret:
        frame.help("suggestion", clean(" ".join(f.fix.split())))
    return frame.out


def _lines(path: str, text: str) -> list[str]:
    """The lines of the file ``path`` as its parser numbers them (``source.split_lines``)."""
    from ..discovery import yaml_lines
    from ..source import split_lines

    return split_lines(text, yaml=yaml_lines(path, text))


def _read_lines(path: str) -> list[str] | None:
    from ..source import read
    if path in ("", "-"):
        return None
    src = read(path)
    return _lines(path, src.text) if src.text is not None else None


def render(findings: list[Finding], *, color: bool = False, show_source: bool = False,
           sources: Mapping[str, str] | None = None, rules: Iterable[Any] = ()) -> str:
    """All findings, grouped by file in the order files first appear.

    ``show_source``: a code frame and the rule's remediation under each finding. The text of
    each file comes from ``sources`` (reported path -> text); a path missing from it is read
    from disk (a file that cannot be read gets no frame, only the help line).
    """
    groups: dict[str, list[Finding]] = {}
    for f in findings:
        groups.setdefault(f.path, []).append(f)
    if not show_source:
        blocks = ["".join(format_finding(f, color=color) + "\n" for f in group)
                  for group in groups.values()]
        return "\n".join(blocks)
    known: dict[str, Any] = {r.code: r for r in CORE_RULES.values()}
    known.update((r.code, r) for r in rules)
    blocks = []
    for path, group in groups.items():
        if sources is not None and path in sources:
            lines: list[str] | None = _lines(path, sources[path])
        else:
            lines = _read_lines(path)
        redact: set[int] = secret_lines(lines) if lines is not None else set()
        for f in group:
            if is_secret_rule(f, known.get(f.code)):
                redact.update(range(max(1, f.span.line), max(f.span.line, f.span.end_line) + 1))
        for f in group:
            rule = known.get(f.code)
            frame = code_frame(f, lines, redact_lines=frozenset(redact),
                               secret=is_secret_rule(f, rule),
                               remediation=getattr(rule, "remediation", "") or "", color=color)
            blocks.append("".join(x + "\n" for x in [format_finding(f, color=color), *frame]))
    return "\n".join(blocks)


def statistics(findings: Iterable[Finding], rules: Iterable[Any] = ()) -> str:
    """One line per rule with findings, ``count  CODE  name``, most frequent first (ties by
    code); counts right-aligned. No findings: the empty string."""
    names: dict[str, str] = {r.code: r.name for r in CORE_RULES.values()}
    names.update((r.code, r.name) for r in rules)
    counts: dict[str, int] = {}
    for f in findings:
        counts[f.code] = counts.get(f.code, 0) + 1
        names.setdefault(f.code, f.name)
    if not counts:
        return ""
    width = len(str(max(counts.values())))
    code_width = max(len(c) for c in counts)
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return "".join(f"{n:>{width}}  {code:<{code_width}}  {names[code]}\n" for code, n in ordered)
