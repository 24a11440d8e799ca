"""SARIF 2.1.0 for GitHub code scanning and SARIF viewers, built with the ``sarif_om`` classes.

What GitHub needs, and this module guarantees: one run (``automationDetails.id`` ``shiplint/``),
``results`` always an array, every result with ``level``, ``message.text``, ``ruleIndex``
matching ``ruleId`` and one physical location whose URI is relative (forward slashes,
percent-encoded, ``uriBaseId`` ``%SRCROOT%``) or, for files outside the root, a ``file://``
URI; regions 1-based with an exclusive ``endColumn``; every rule with non-empty short and full
descriptions and help. No ``snippet`` is written: a snippet would copy the very secret a
finding is about into the uploaded report.

GitHub rejects an upload with more than 25,000 results in a run or more than 10 MB of
gzip-compressed SARIF. ``render`` stays under both: it keeps the most severe results (in
report order) and says in ``invocations[0].toolExecutionNotifications`` how many it left out.

``sarif_om`` only models the log; serializing is ours (``to_jsonable``), because the usual
helper drops every value equal to its model default — an explicit ``level: "warning"`` would
vanish and the result would silently take its rule's default level.
"""

from __future__ import annotations

import gzip
import json
import posixpath
import string
from types import SimpleNamespace
from urllib.parse import quote

import attr
import sarif_om as om

from .. import __version__
from ..engine import CORE_RULES, Rule, scrub
from ..findings import Finding, Severity, Span
from .common import DRIVE, absolute, is_absolute, repo_relative
from .text import preview_note

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Any

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/shiplint/shiplint"
RULES_DOC_URI = "https://github.com/shiplint/shiplint/blob/main/docs/rules.md"
SRCROOT = "%SRCROOT%"

LEVELS = {
    Severity.CRITICAL: "error",
    Severity.HIGH: "error",
    Severity.MEDIUM: "warning",
    Severity.LOW: "note",
    Severity.INFO: "note",
}

#: GitHub's ``security-severity`` (a number in a string): >9 critical, 7-8.9 high, 4-6.9
#: medium, below 4 low.
SECURITY_SEVERITY = {
    Severity.CRITICAL: "9.5",
    Severity.HIGH: "8.0",
    Severity.MEDIUM: "5.5",
    Severity.LOW: "3.0",
    Severity.INFO: "1.0",
}

#: A rule tagged with one of these (and not with ``security``) is not a security rule: it gets
#: ``problem.severity`` instead of ``security-severity``, so GitHub lists it as a plain
#: error/warning/note alert, not a security alert (a parse error is no vulnerability).

_PROBLEM_SEVERITY = {"error": "error", "warning": "warning", "note": "recommendation"}

# GitHub's limits per rule.
MAX_TAGS = 20
MAX_DESCRIPTION = 1024
# GitHub's limits per upload: results per run, gzip-compressed size of the file.
MAX_RESULTS = 25_000
MAX_GZIP_BYTES = 10 * 1024 * 1024


# --- serializing sarif_om objects ---------------------------------------------------------

_REQUIRED = object()
#: Fields written even when equal to the model default, because their absence means
#: something else (a result without ``level`` inherits its rule's default level).
_ALWAYS_WRITTEN = frozenset({"level"})
_plans: dict[type, list[tuple[str, str, Any]]] = {}
#: Keys written first (in this order) for people reading the log; the rest follow the model.
_FIRST = {k: i for i, k in enumerate((
    "$schema", "id", "name", "version", "ruleId", "ruleIndex", "level", "message", "text",
    "uri", "uriBaseId", "startLine", "startColumn", "endLine", "endColumn", "tool"))}


def _plan(cls: type) -> list[tuple[str, str, Any]]:
    """(attribute, JSON key, default to omit) for each field of a ``sarif_om`` class."""
    plan = _plans.get(cls)
    if plan is None:
        plan = []
        for a in attr.fields(cls):
            default = a.default
            if isinstance(default, attr.Factory):  # type: ignore[arg-type]
                default = default.factory()
            elif default is attr.NOTHING or a.name in _ALWAYS_WRITTEN:
                default = _REQUIRED
            plan.append((a.name, a.metadata.get("schema_property_name", a.name), default))
        _plans[cls] = plan
    return plan


def to_jsonable(value: Any) -> Any:
    """Plain JSON data of a ``sarif_om`` tree: SARIF (camelCase) keys, ``None`` and
    model-default values left out (except ``level``). Property bags are plain dicts."""
    if attr.has(type(value)):
        out = {}
        for name, key, default in _plan(type(value)):
            v = getattr(value, name)
            if v is None or (default is not _REQUIRED and v == default):
                continue
            out[key] = to_jsonable(v)
        return dict(sorted(out.items(), key=lambda kv: _FIRST.get(kv[0], len(_FIRST))))
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items() if v is not None}
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    return value


# --- paths to URIs ------------------------------------------------------------------------

_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)  # keeps lengths


def _quote(path: str) -> str:
    # surrogateescape: undecodable bytes of a file name come back as their own %XX.
    return quote(path, safe="/", errors="surrogateescape")


def file_uri(path: str) -> str:
    """``file://`` URI of an absolute path with forward slashes (POSIX, ``C:/``, ``//host``)."""
    if path.startswith("//"):  # UNC: //server/share/...
        return "file:" + _quote(path)
    if DRIVE.match(path):
        return "file:///" + path[:2] + _quote(path[2:])
    return "file://" + _quote(path)


def artifact_location(path: str, root: str | None = None) -> om.ArtifactLocation:
    """Where a finding's file is, as GitHub wants it.

    With a ``root``: relative to it when the file is under it, else a ``file://`` URI. Without:
    a relative path as given (normalized); an absolute path, or a relative one climbing out
    with ``..``, becomes a ``file://`` URI. Backslashes are taken as separators. ``-`` (stdin
    without a name) stays ``-``.
    """
    p = path.replace("\\", "/")
    if root is not None and p not in ("", "-"):
        rel = repo_relative(p, root)
        if rel is not None:
            return om.ArtifactLocation(uri=_quote(posixpath.normpath(rel)), uri_base_id=SRCROOT)
        # outside the root: %SRCROOT%-relative would name the wrong file
        return om.ArtifactLocation(uri=file_uri(absolute(p)))
    if is_absolute(p):
        return om.ArtifactLocation(uri=file_uri(posixpath.normpath(p)))
    rel = posixpath.normpath(p) if p else "-"
    if rel == ".." or rel.startswith("../"):
        return om.ArtifactLocation(uri=file_uri(absolute(p)))
    return om.ArtifactLocation(uri=_quote(rel), uri_base_id=SRCROOT)


def region(span: Span) -> om.Region:
    """A region with every number >= 1 and a non-empty range (``endColumn`` exclusive)."""
    line, column = max(1, span.line), max(1, span.column)
    end_line = max(line, span.end_line)
    end_column = max(1, span.end_column)
    if end_line == line and end_column <= column:
        end_column = column + 1
    return om.Region(start_line=line, start_column=column, end_line=end_line,
                     end_column=end_column)


# --- rules --------------------------------------------------------------------------------

def _clip(text: str, limit: int = MAX_DESCRIPTION) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _aliases(rule: Any, *, markdown: bool) -> str:
    parts = []
    for tool, ids in rule.aliases.items():
        ids = [ids] if isinstance(ids, str) else list(ids)
        shown = ", ".join(f"`{i}`" if markdown else i for i in ids)
        parts.append(f"{tool} {shown}")
    return "; ".join(parts)


def _help(rule: Any) -> om.MultiformatMessageString:
    rationale = rule.rationale or rule.summary
    text = [rationale]
    md = [rationale]
    if rule.remediation:
        text.append(f"How to fix: {rule.remediation}")
        md.append(f"**How to fix:** {rule.remediation}")
    if rule.references:
        text.append("References:\n" + "\n".join(f"- {r}" for r in rule.references))
        md.append("**References:**\n\n" + "\n".join(f"- <{r}>" for r in rule.references))
    if rule.aliases:
        text.append(f"Same as: {_aliases(rule, markdown=False)}")
        md.append(f"**Same as:** {_aliases(rule, markdown=True)}")
    return om.MultiformatMessageString(text="\n\n".join(text), markdown="\n\n".join(md))


def is_security(rule: Any) -> bool:
    return bool(getattr(rule, "security", False))


def descriptor(rule: Any) -> om.ReportingDescriptor:
    """The ``reportingDescriptor`` of one rule (a ``Rule`` or anything with its attributes)."""
    level = LEVELS[rule.severity]
    security = is_security(rule)
    tags = list(dict.fromkeys(
        (["security"] if security else [])
        + [t for t in rule.tags if t != "security"]
        + [f"pss-{level}" for level in getattr(rule, "pss_levels", ())]
        + list(rule.formats)))[:MAX_TAGS]
    properties: dict[str, Any] = {"tags": tags, "precision": "high"}
    if security:
        properties["security-severity"] = SECURITY_SEVERITY[rule.severity]
    else:
        properties["problem.severity"] = _PROBLEM_SEVERITY[level]
    summary = _clip(rule.summary or rule.name.replace("-", " "))
    return om.ReportingDescriptor(
        id=rule.code,
        name=rule.name,
        short_description=om.MultiformatMessageString(text=summary),
        full_description=om.MultiformatMessageString(text=_clip(rule.rationale or summary)),
        help=_help(rule),
        help_uri=f"{RULES_DOC_URI}#{rule.code.lower()}",
        default_configuration=om.ReportingConfiguration(level=level),
        properties=properties,
    )


def _unknown_rule(f: Finding) -> Any:
    """Stand-in metadata for a finding whose rule is not in the list (should not happen)."""
    return SimpleNamespace(
        code=f.code, name=f.name or f.code.lower(), severity=f.severity,
        summary=(f.name or f.code).replace("-", " "), rationale="", remediation="",
        references=[], aliases={}, tags=[], formats=[], security=True)


# --- the log ------------------------------------------------------------------------------

def build(findings: list[Finding], rules: list[Rule], *, root: str | None = None,
          category: str = "shiplint", notes: list[str] | None = None,
          exit_code: int | None = None, suppressed: list[tuple[Finding, str]] | None = None,
          fingerprints: bool = False, ledger: dict[str, Any] | None = None) -> om.SarifLog:
    """The ``sarif_om`` log of ``findings``; ``rules`` supplies metadata by code. ``notes``:
    warnings about the run itself, written as ``invocations[0].toolExecutionNotifications``;
    ``exit_code``: the run's exit status, written in ``invocations[0]`` (0 and 1 are a
    successful execution: 1 only means findings). ``suppressed``: findings an inline
    suppression (``inSource``) or the baseline (``external``) left out, written as results
    with ``suppressions`` so a viewer shows them as dismissed. ``fingerprints``: add each
    result's ``partialFingerprints.primaryLocationLineHash`` (see ``fingerprint``)."""
    known: dict[str, Any] = {r.code: r for r in CORE_RULES.values()}
    known.update((r.code, r) for r in rules)
    marked = [(f, None, None) for f in findings] + [
        (f, kind, why[0] if why else None) for f, kind, *why in suppressed or []]
    used: dict[str, Any] = {}
    for f, _, _ in marked:
        if f.code not in used:
            used[f.code] = known.get(f.code) or _unknown_rule(f)
    ordered = sorted(used.values(), key=lambda r: r.code)
    index = {r.code: i for i, r in enumerate(ordered)}
    hashes = _LineHashes() if fingerprints else None

    results = []
    for f, kind, justification in marked:
        rule = used[f.code]
        result = om.Result(
            rule_id=f.code,
            rule_index=index[f.code],
            # a preview (a rule newer than the pinned rule set) never fails the run: a note,
            # so that no code scanning check fails on it either, saying so in its message
            level="note" if f.preview else LEVELS[f.severity],
            message=om.Message(text=(f.message or rule.summary or f.code) + preview_note(f)),
            locations=[om.Location(physical_location=om.PhysicalLocation(
                artifact_location=artifact_location(f.path, root),
                region=region(f.span)))],
        )
        if kind is not None:
            result.suppressions = [om.Suppression(  # the reason, a token in it withheld
                kind=kind, justification=scrub(justification) if justification else None)]
        if f.preview:  # a rule newer than the pinned rule set: reported, never failing
            result.properties = {"newSinceRuleSet": True, "ruleSince": f.preview}
        if hashes is not None:
            value = hashes.at(f.path, max(1, f.span.line))
            if value is not None:
                result.partial_fingerprints = {"primaryLocationLineHash": value}
        results.append(result)

    descriptors = [descriptor(r) for r in ordered]
    # a rule whose every result is a preview ranks no alert by security severity (GitHub
    # fails a check on a high one): it is a recommendation until the pin moves
    preview = {f.code for f, _, _ in marked if f.preview} - \
        {f.code for f, _, _ in marked if not f.preview}
    for d in descriptors:
        if d.id in preview and "security-severity" in d.properties:
            d.properties = {k: v for k, v in d.properties.items() if k != "security-severity"}
            d.properties["problem.severity"] = _PROBLEM_SEVERITY["note"]
    driver = om.ToolComponent(
        name="shiplint",
        version=__version__,
        semantic_version=__version__,
        information_uri=INFORMATION_URI,
        rules=descriptors,
    )
    run = om.Run(
        tool=om.Tool(driver=driver),
        automation_details=om.RunAutomationDetails(id=f"{category}/"),
        column_kind="unicodeCodePoints",
        results=results,
    )
    if root is not None:  # the base of every %SRCROOT%-relative URI (valid SARIF needs it)
        base = absolute(root.replace("\\", "/"))
        run.original_uri_base_ids = {SRCROOT: om.ArtifactLocation(
            uri=file_uri(base if base.endswith("/") else base + "/"))}
    if notes or exit_code is not None or ledger is not None:
        not_linted = (ledger or {}).get("not_linted", [])
        run.invocations = [om.Invocation(
            execution_successful=exit_code in (None, 0, 1),
            exit_code=exit_code,
            tool_execution_notifications=[
                om.Notification(level="warning", message=om.Message(text=n))
                for n in notes or []] + [
                om.Notification(level="error", message=om.Message(
                    text=f"not linted: {item['path']}: {item['reason']}"))
                for item in not_linted] or None,
            properties={"ledger": ledger} if ledger is not None else None)]
    return om.SarifLog(version="2.1.0", schema_uri=SCHEMA_URI, runs=[run])


class _LineHashes:
    """upload-sarif's line hashes of each file a finding is in, computed once per file."""

    def __init__(self) -> None:
        self.files: dict[str, dict[int, str]] = {}

    def at(self, path: str, line: int) -> str | None:
        found = self.files.get(path)
        if found is None:
            from .fingerprint import line_hashes

            from ..source import Unreadable, read_bytes

            try:
                found = line_hashes(read_bytes(path).decode("utf-8", errors="surrogateescape"))
            except Unreadable:
                found = {}
            self.files[path] = found
        return found.get(line)


def most_severe(findings: list[Finding], limit: int) -> list[Finding]:
    """The ``limit`` most severe findings, in their original order (ties: the earlier ones)."""
    if len(findings) <= limit:
        return list(findings)
    ranked = sorted(range(len(findings)), key=lambda i: (-findings[i].severity, i))[:max(0, limit)]
    return [findings[i] for i in sorted(ranked)]


def _dump(doc: Any) -> str:
    return json.dumps(doc, indent=2, ensure_ascii=True) + "\n"


def _size_text(n: int) -> str:
    return f"{n // (1024 * 1024)} MB" if n % (1024 * 1024) == 0 else f"{n} bytes"


def render(findings: list[Finding], rules: list[Rule], *, root: str | None = None,
           category: str = "shiplint", max_results: int = MAX_RESULTS,
           max_bytes: int = MAX_GZIP_BYTES, exit_code: int | None = None,
           suppressed: list[tuple[Finding, str]] | None = None,
           fingerprints: bool = False, ledger: dict[str, Any] | None = None) -> str:
    """The SARIF log as JSON text, within GitHub's limits: at most ``max_results`` results
    and ``max_bytes`` of gzip-compressed output. When findings must be left out, the most
    severe are kept and a run-level notification says how many were dropped and why."""
    total = len(findings)
    kept = most_severe(findings, max_results)
    reason = f"at most {max_results} results per run" if len(kept) < total else ""
    while True:
        notes = []
        if len(kept) < total:
            notes.append(
                f"{total - len(kept)} of {total} results were left out to stay within GitHub "
                f"code scanning's limits ({reason}); the {len(kept)} most severe are kept. "
                "Run shiplint with another output format to see every finding.")
        text = _dump(to_jsonable(build(kept, rules, root=root, category=category, notes=notes,
                                       exit_code=exit_code, suppressed=suppressed,
                                       fingerprints=fingerprints, ledger=ledger)))
        # ASCII, so characters are bytes; gzip adds at most a few dozen bytes to any input
        if len(text) + 64 <= max_bytes:
            return text
        size = len(gzip.compress(text.encode("ascii"), compresslevel=6))
        if size <= max_bytes or not kept:
            return text
        # shrink in proportion, with a margin, and try again
        target = min(len(kept) - 1, int(len(kept) * max_bytes / size * 0.9))
        kept = most_severe(findings, max(0, target))
        reason = f"at most {_size_text(max_bytes)} of gzip-compressed SARIF"
