"""Output formats: turn a sorted list of findings into text for people or for machines.

``render(fmt, findings, rules, files_checked=N)`` returns the whole output as one string, so
callers write it in one go (to stdout or ``--output-file``) and nothing else can slip in
between. ``summary`` is the one line meant for stderr; ``statistics`` the per-rule counts;
``use_color`` decides whether a stream gets ANSI colours. Only the ``text`` format is ever
coloured: every other format is for machines (or CI logs) and ignores ``color``.

Formats: ``text`` (people; ``show_source`` adds code frames), ``json``, ``json-lines``,
``sarif`` (GitHub code scanning), ``gnu`` (editors' error formats), ``github`` (Actions
workflow annotations), ``gitlab`` (Code Quality), ``junit``, ``checkstyle``.
"""

from __future__ import annotations

import os
from typing import IO, Any, Callable, Mapping

from ..engine import Rule
from ..findings import Finding
from . import checkstyle as _checkstyle
from . import github as _github
from . import gitlab as _gitlab
from . import gnu as _gnu
from . import json as _json
from . import jsonlines as _jsonlines
from . import junit as _junit
from . import sarif as _sarif
from . import text as _text
from .common import summary
from .text import statistics

FORMATS = ("text", "json", "json-lines", "sarif", "gnu", "github", "gitlab", "junit",
           "checkstyle")

Renderer = Callable[..., str]

# Each renderer takes (findings, rules, files_checked, color, root, options) and picks what it
# needs; ``options`` holds the keyword options of ``render`` (show_source, sources).
_RENDERERS: dict[str, Renderer] = {
    "text": lambda findings, rules, files_checked, color, root, opts:
        _text.render(findings, color=color, rules=rules, **opts),
    "json": lambda findings, rules, files_checked, color, root, opts:
        _json.render(findings, files_checked=files_checked),
    "json-lines": lambda findings, rules, files_checked, color, root, opts:
        _jsonlines.render(findings),
    "sarif": lambda findings, rules, files_checked, color, root, opts:
        _sarif.render(findings, rules, root=root),
    "gnu": lambda findings, rules, files_checked, color, root, opts:
        _gnu.render(findings),
    "github": lambda findings, rules, files_checked, color, root, opts:
        _github.render(findings, files_checked=files_checked, root=root),
    "gitlab": lambda findings, rules, files_checked, color, root, opts:
        _gitlab.render(findings, root=root),
    "junit": lambda findings, rules, files_checked, color, root, opts:
        _junit.render(findings, rules, files_checked=files_checked),
    "checkstyle": lambda findings, rules, files_checked, color, root, opts:
        _checkstyle.render(findings),
}
assert tuple(_RENDERERS) == FORMATS


def render(fmt: str, findings: list[Finding], rules: list[Rule], *, files_checked: int,
           color: bool = False, root: str | None = None, show_source: bool = False,
           sources: Mapping[str, str] | None = None) -> str:
    """The full output of format ``fmt`` (one of ``FORMATS``).

    ``findings`` come sorted (path, line, column, code); ``rules`` is every known rule (SARIF,
    JUnit and the text format's help lines take metadata from it). ``color`` only affects
    ``text``. ``root`` is the directory SARIF URIs, and the ``github``/``gitlab`` paths of
    absolute file names, are made relative to (the repository root; the CLI passes the
    working directory). ``show_source`` (``text`` only) adds a code frame and the rule's
    remediation under each finding; ``sources`` maps a reported path to its file's text
    (paths missing from it are read from disk). Non-empty output ends with a newline; the
    ``text``, ``json-lines`` and ``gnu`` formats of no findings are the empty string.
    """
    try:
        renderer = _RENDERERS[fmt]
    except KeyError:
        raise ValueError(f"unknown output format {fmt!r} (one of: {', '.join(FORMATS)})") from None
    opts: dict[str, Any] = {"show_source": show_source, "sources": sources}
    return renderer(list(findings), list(rules), files_checked, color, root, opts)


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


__all__ = ["FORMATS", "render", "statistics", "summary", "use_color"]
