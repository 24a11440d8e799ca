"""Output formats: turn a sorted list of findings into text for people or for machines.

``render(fmt, findings, rules, files_checked=N)`` returns the whole output as one string, so
callers write it in one go (to stdout or ``--output-file``) and nothing else can slip in
between. ``summary`` is the one line meant for stderr; ``statistics`` the per-rule counts;
``use_color`` decides whether a stream gets ANSI colours. Only the ``text`` format is ever
coloured: every other format is for machines (or CI logs) and ignores ``color``.

Each format's module is imported when it is written. Formats: ``text`` (people;
``show_source`` adds code frames), ``json``, ``json-lines``,
``sarif`` (GitHub code scanning), ``gnu`` (editors' error formats), ``github`` (Actions
workflow annotations), ``gitlab`` (Code Quality), ``junit``, ``checkstyle``.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Sequence

from ..engine import Rule
from ..findings import Finding
from ..secrets import mask_path
from .common import repo_path, summary

FORMATS = ("text", "json", "json-lines", "sarif", "gnu", "github", "gitlab", "junit",
           "checkstyle")

#: the formats for CI systems and tools: their paths are relative to the repository root
REPO_RELATIVE = frozenset({"json", "sarif", "github", "gitlab", "junit", "checkstyle"})

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import IO, Any, Callable, Mapping

    Renderer = Callable[..., str]


def _module(name: str) -> Any:
    """A format's module, imported when that format is written (SARIF's object model costs
    a tenth of the start-up, and a text run never needs it)."""
    return importlib.import_module(f".{name}", __name__)


# Each renderer takes (findings, rules, files_checked, color, root, options) and picks what it
# needs; ``options`` holds the keyword options of ``render``.
_RENDERERS: dict[str, Renderer] = {
    "text": lambda findings, rules, files_checked, color, root, opts:
        _module("text").render(findings, color=color, rules=rules,
                               show_source=opts["show_source"], sources=opts["sources"]),
    "json": lambda findings, rules, files_checked, color, root, opts:
        _module("json").render(findings, files_checked=files_checked,
                               suppressed=opts["suppressed"], ledger=opts["ledger"]),
    "json-lines": lambda findings, rules, files_checked, color, root, opts:
        _module("jsonlines").render(findings),
    "sarif": lambda findings, rules, files_checked, color, root, opts:
        _module("sarif").render(findings, rules, root=root, exit_code=opts["exit_code"],
                                suppressed=opts["suppressed"],
                                fingerprints=opts["fingerprints"], ledger=opts["ledger"]),
    "gnu": lambda findings, rules, files_checked, color, root, opts:
        _module("gnu").render(findings),
    "github": lambda findings, rules, files_checked, color, root, opts:
        _module("github").render(findings, files_checked=files_checked, root=root),
    "gitlab": lambda findings, rules, files_checked, color, root, opts:
        _module("gitlab").render(findings, root=root),
    "junit": lambda findings, rules, files_checked, color, root, opts:
        _module("junit").render(findings, rules, files_checked=files_checked),
    "checkstyle": lambda findings, rules, files_checked, color, root, opts:
        _module("checkstyle").render(findings),
}
assert tuple(_RENDERERS) == FORMATS


def render(fmt: str, findings: list[Finding], rules: list[Rule], *, files_checked: int,
           color: bool = False, root: str | None = None, show_source: bool = False,
           sources: Mapping[str, str] | None = None, exit_code: int | None = None,
           suppressed: list[tuple[Finding, str]] | None = None,
           fingerprints: bool = False, ledger: Mapping[str, Any] | None = None) -> str:
    """The full output of format ``fmt`` (one of ``FORMATS``).

    ``findings`` come sorted (path, line, column, code); ``rules`` is every known rule (SARIF,
    JUnit and the text format's help lines take metadata from it). ``color`` only affects
    ``text``. ``root`` is the repository root: the formats for CI systems (``REPO_RELATIVE``)
    report every path relative to it, wherever shiplint ran; ``text``, ``gnu`` and
    ``json-lines`` (people and editors) keep paths as the user named them.
    ``show_source`` (``text`` only) adds a code frame and the rule's remediation under each
    finding; ``sources`` maps a reported path to its file's text (paths missing from it are
    read from disk). ``exit_code`` goes into SARIF's invocation; ``suppressed`` (findings
    left out, each with ``inSource`` or ``external``: an inline suppression or the baseline)
    is written, marked, by SARIF and JSON; ``fingerprints`` adds SARIF's
    ``primaryLocationLineHash``. ``ledger`` (what the run linted, passed over and could not
    lint) goes into JSON (``ledger``) and SARIF (the invocation). Non-empty output ends with a newline; the ``text``,
    ``json-lines`` and ``gnu`` formats of no findings are the empty string.
    """
    try:
        renderer = _RENDERERS[fmt]
    except KeyError:
        raise ValueError(f"unknown output format {fmt!r} (one of: {', '.join(FORMATS)})") from None
    findings, suppressed = list(findings), list(suppressed or [])
    findings = [_masked(f) for f in findings]  # a secret in a path is never shown
    suppressed = [(_masked(f), *rest) for f, *rest in suppressed]
    if sources is not None:
        sources = {mask_path(p): text for p, text in sources.items()}
    if fmt in REPO_RELATIVE and root is not None and fmt != "sarif":  # SARIF: %SRCROOT% URIs
        findings = [_repo_relative(f, root) for f in findings]
        suppressed = [(_repo_relative(f, root), *rest) for f, *rest in suppressed]
        root = None  # the paths are relative to it now
    opts: dict[str, Any] = {"show_source": show_source, "sources": sources,
                            "exit_code": exit_code, "suppressed": suppressed,
                            "fingerprints": fingerprints, "ledger": ledger}
    # a run's rules are a ``LazyRules``: only a format that reads them loads them (issue #14)
    return renderer(findings, rules if isinstance(rules, Sequence) else list(rules),
                    files_checked, color, root, opts)


def _masked(f: Finding) -> Finding:
    path = mask_path(f.path)
    return f if path == f.path else f.replace(path=path)


def _repo_relative(f: Finding, root: str) -> Finding:
    path = repo_path(f.path, root)
    return f if path == f.path else f.replace(path=path)


def statistics(findings: list[Finding], rules: list[Rule] = ()) -> str:  # type: ignore[assignment]
    """One line per rule with findings (see ``text.statistics``)."""
    return _module("text").statistics(findings, rules)


def statistics_json(findings: list[Finding], rules: list[Rule] = ()) -> str:  # type: ignore[assignment]
    """The per-rule counts as JSON: ``[{"code", "name", "count"}]``, most frequent first."""
    import json

    names = {r.code: r.name for r in rules}
    counts: dict[str, int] = {}
    for f in findings:
        counts[f.code] = counts.get(f.code, 0) + 1
        names.setdefault(f.code, f.name)
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return json.dumps([{"code": c, "name": names[c], "count": n} for c, n in ordered],
                      indent=2) + "\n"


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


__all__ = ["FORMATS", "REPO_RELATIVE", "render", "statistics", "statistics_json", "summary",
           "use_color"]
