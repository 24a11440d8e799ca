"""Findings on rendered manifests (``helm template``, ``kustomize build``) pointed back at the
files the user wrote.

A renderer reorders keys, drops comments and list dashes move, but most lines survive with
their text: a rendered line whose text (indentation, a leading ``- `` and a trailing comment
aside) appears exactly once in a source file gives the finding's line there, the column
carried over. Otherwise the finding points at the first line of the main source file and
says which rendered line it was.
"""

from __future__ import annotations

import re

from .findings import Finding, Span
from .source import display_path

_COMMENT = re.compile(r"\s+#.*$")
_QUOTED = re.compile(r"""^((?:[^:'"]+:\s+)?)(["'])(.*)\2$""")


def normalise(line: str) -> str:
    """A line as a renderer prints it: no indentation, list dash, trailing comment, or
    quotes around the value (renderers quote what they like)."""
    s = _COMMENT.sub("", line).strip()
    s = s[2:].lstrip() if s.startswith("- ") else s
    m = _QUOTED.match(s)
    return m.group(1) + m.group(3) if m else s


def _locate(wanted: str, texts: dict[str, list[str]]) -> tuple[str, int, int] | None:
    """``(path, line, column of the text)`` where ``wanted`` is written: the first file with
    exactly one line of that text (a file with several is ambiguous: the search stops); else
    the only line of the first file holding it in a flow collection (``{app: web}``)."""
    for path, text in texts.items():
        hits = [i for i, t in enumerate(text, 1) if normalise(t) == wanted]
        if len(hits) == 1:
            src = text[hits[0] - 1]
            plain = normalise(src)
            at = src.find(plain) if plain else -1
            return path, hits[0], max(at, 0)
        if hits:
            return None
    for path, text in texts.items():
        hits = [i for i, t in enumerate(text, 1) if ("{" in t or "[" in t) and wanted in t]
        if len(hits) == 1:
            return path, hits[0], text[hits[0] - 1].find(wanted)
        if hits:
            return None
    return None


def _read_lines(path: str) -> list[str]:
    try:
        with open(path, encoding="utf-8") as fh:
            return fh.read().splitlines()
    except (OSError, UnicodeDecodeError, ValueError):
        return []


def map_back(findings: list[Finding], rendered: str, sources: list[str], what: str) -> list[Finding]:
    """Point ``findings`` on the ``rendered`` text at ``sources`` (paths; the first is the
    main one, the others are searched after it: patches). ``what`` names the rendering in
    messages (``the rendered chart``). Paths are returned as given, with ``/``."""
    lines = rendered.splitlines()
    texts = {path: _read_lines(path) for path in dict.fromkeys(sources)}
    out = []
    for f in findings:
        r_line = lines[f.span.line - 1] if 0 < f.span.line <= len(lines) else ""
        wanted = normalise(r_line)
        where = _locate(wanted, texts) if wanted else None
        if where is not None:
            path, line, s_at = where
            src = texts[path][line - 1]
            # the text starts at r_at in the rendered line and at s_at in the file (when
            # quoting differs, the finding covers the line)
            r_at = r_line.find(wanted)
            if r_at < 0 or f.span.end_line != f.span.line:
                col, end = s_at + 1, len(src) + 1
            else:
                col = max(f.span.column - 1 - r_at, 0) + s_at + 1
                end = max(f.span.end_column - 1 - r_at, 0) + s_at + 1
            span = Span(line, col, line, max(end, col + 1))
            message = f"{f.message} (in {what})"
        else:
            path, span = sources[0], Span(1, 1, 1, 2)
            message = f"{f.message} (in {what}, rendered line {f.span.line})"
        out.append(Finding(f.code, f.name, f.severity, message, display_path(path), span, f.fix))
    return out
