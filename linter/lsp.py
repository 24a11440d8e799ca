"""The language server: ``shiplint server`` speaks the Language Server Protocol over stdio.

Built on pygls 2 and lsprotocol (the ``shiplint[lsp]`` extra); only ``shiplint server``
imports this module, so ``shiplint check`` never pays for them.

- **Diagnostics** are published when a document is opened, changed (debounced: the unsaved
  buffer is linted ``debounce`` seconds after the last keystroke) and saved, and cleared
  when it is closed. A buffer is linted as ``shiplint check --stdin-filename PATH -`` would
  lint it (``runner.lint_buffer``): the configuration found for its path, its suppression
  comments and annotations, silent on YAML that is neither Compose nor Kubernetes and on a
  file the configuration excludes.
- **Across files.** The cross-object Kubernetes rules see the objects of every YAML file of
  the workspace folders (``Workspace``): read once, the first time a buffer with Kubernetes
  objects is linted, then kept current from the editor's buffers (an open buffer overrides
  its file on disk), ``didSave`` and ``workspace/didChangeWatchedFiles``. A Compose file's
  project reads the other open Compose buffers instead of their files on disk. A change to a
  YAML file re-lints the other open YAML documents; a change to a configuration file re-reads
  the configuration and re-lints every open document.
- **Positions.** Our spans are 1-based lines and columns counted in code points, the end
  exclusive; LSP positions are 0-based lines and columns in the code units the client
  negotiated (UTF-16 unless it chose UTF-8 or UTF-32; a client that counts bytes without
  negotiating, as ALE does, asks for ``{"positionEncoding": "utf-8"}`` in its
  ``initializationOptions``). A UTF-8 byte-order mark the linter stripped is counted back in
  on line 1.
- **A diagnostic** carries the rule code with ``codeDescription.href`` (the rule's section of
  docs/rules.md, as SARIF's ``helpUri``), a severity mapped from ours (``SEVERITIES``),
  ``source: "shiplint"``, and, for a cross-object finding, ``relatedInformation`` pointing at
  the other objects its message names (``Kind 'name'``), when the workspace holds them.
- **Hover** on a diagnostic shows the rule's summary, rationale and fix.
- **Code actions**: "Suppress SLxxx on this line" (a ``# shiplint: ignore=`` comment above the
  line, or above the Dockerfile instruction or YAML block scalar the line belongs to), "...
  for this object / stage / service" (a ``shiplint.io/ignore`` annotation on a Kubernetes
  object, ``# shiplint: ignore-stage=`` above a Dockerfile stage, an ``ignore`` comment above
  a Compose service's key) or "... in this file" (``ignore-file``), each with a ``<reason>``
  placeholder; "Remove the unused suppression" for SL009; and the finding's fix
  (``Finding.autofix``) where it has one.
- **Failure.** A file that does not parse gets its parse-error finding; a rule that raises is
  an internal-error finding (the engine's); anything else that goes wrong while linting is one
  diagnostic on the document, with the traceback (never the exception's text, which may quote
  the file) on standard error. Logs go to standard error, never to standard output, which
  carries the protocol alone.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import re
import sys
import time
import traceback
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol, lsp_method
from pygls.uris import from_fs_path, to_fs_path

from . import __version__, discovery, source
from .findings import Edit, Finding, Severity, Span

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Any, Callable, Iterator
    from .config import Resolver
    from .engine import Rule
    from .kubernetes import KubeObject
    from .source import SourceFile

# The linter itself (rules, configuration, the pipeline) is imported where it is used, in the
# thread that lints: the editor gets the initialize response without waiting for it.

log = logging.getLogger("shiplint.server")

#: our severities as LSP's (hadolint's style and nvim-lint's mapping: info is a hint)
SEVERITIES = {
    Severity.CRITICAL: lsp.DiagnosticSeverity.Error,
    Severity.HIGH: lsp.DiagnosticSeverity.Error,
    Severity.MEDIUM: lsp.DiagnosticSeverity.Warning,
    Severity.LOW: lsp.DiagnosticSeverity.Information,
    Severity.INFO: lsp.DiagnosticSeverity.Hint,
}
SOURCE = "shiplint"
#: seconds between the last change of a buffer and its linting (``initializationOptions``
#: ``{"debounce": seconds}`` changes it)
DEBOUNCE = 0.3
REASON = "<reason>"
#: seconds the reading of a workspace folder may take (a folder such as / or ~)
MAX_WALK_SECONDS = 10
#: YAML files of a workspace read for the cross-object rules at most (a home directory
#: opened as a workspace must not be read whole)
MAX_FILES = 20_000
#: seconds before the other open YAML documents are linted again after a change of one
OTHERS_DELAY = 1.0
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
#: characters the linter takes for line breaks in a YAML file (``source.split_lines``: the
#: YAML reader's \x85, \u2028, \u2029, and the ones it does not allow) and LSP does not: a
#: YAML text holding one has two sets of line numbers, and our positions are mapped through
#: the text's offsets. So has a Dockerfile with a ``\r`` alone, a line break for LSP and
#: not for Docker; else a Dockerfile's lines are LSP's (``\r\n``, ``\n``).
_ODD_BREAKS = frozenset(source.OTHER_BREAKS)
#: how a message names an object: ``Deployment 'web'`` (``obj_label`` of the Kubernetes rules)
_OBJECT_LABEL = re.compile(r"\b([A-Z][A-Za-z0-9]*) '([^'\n]+)'")


def _fs_path(uri: str) -> str | None:
    """The file a ``file:`` URI names; ``None`` for another scheme (``untitled:``) and for
    a path no file can have (a NUL byte: every later call on it would raise)."""
    path = to_fs_path(uri)
    return None if path is None or "\x00" in path else path


def rule_href(code: str) -> str:
    """The rule's documentation: its section of docs/rules.md (SARIF's ``helpUri``)."""
    from .report.sarif import RULES_DOC_URI

    return f"{RULES_DOC_URI}#{code.lower()}"


# --- positions -------------------------------------------------------------------------------


class Lines:
    """A document's lines as LSP splits them (``\\n``, ``\\r\\n``, ``\\r``), and conversion of
    our positions (1-based, code points, end exclusive) to LSP's (0-based, in the client's
    code units: ``units(text)`` counts them)."""

    def __init__(self, text: str, units: Callable[[str], int] | None = None,
                 yaml: bool = False):
        self.bom = text.startswith("\ufeff")  # the linter read the text without it
        #: LSP's lines: after a final line break comes one more, empty
        self.lines = _LINE_BREAK.split(text)
        #: the lines a diagnostic may sit on (not that last empty one)
        self.count = len(self.lines) - 1 if len(self.lines) > 1 and self.lines[-1] == "" \
            else len(self.lines)
        self.units = units or utf16_units
        if yaml:  # the line break edits write: the file's first (a YAML file's may be \r)
            self.eol = m.group(0) if (m := _LINE_BREAK.search(text)) else "\n"
        else:  # a Dockerfile's: \r\n or \n, as the fixer writes (never a \r alone, SL257)
            from .fix import _newline

            self.eol = _newline(text)
        #: with an odd line break: where each of our lines and each of LSP's starts
        self._ours = None
        if not _ODD_BREAKS.isdisjoint(text) if yaml else source.lone_carriage_return(text):
            from .fix import _Lines  # the fixer's table of our lines, not a copy

            self._text, self._ours, self._starts, off = text, _Lines(text, yaml), [], 0
            for line in self.lines:
                self._starts.append(off)
                off += len(line) + len(m.group(0)) if (m := _LINE_BREAK.match(
                    text, off + len(line))) else len(line)

    def text(self, line: int) -> str:
        """Our line ``line`` (1-based), ``""`` past the end."""
        ours = self._ours
        if ours is not None:  # (the two sets of line numbers differ)
            if not 1 <= line <= len(ours.starts):
                return ""
            start = ours.starts[line - 1]
            return self._text[start:start + ours.lengths[line - 1]]
        return self.lines[line - 1] if 1 <= line <= len(self.lines) else ""

    def position(self, line: int, column: int, exact: bool = False) -> lsp.Position:
        """``exact``: where an edit goes (the end of the text after a final line break is
        the start of one more line); else where a diagnostic shows (on a line of text)."""
        last = len(self.lines) if exact else self.count
        if line < 1:
            return lsp.Position(line=0, character=0)
        if self._ours is not None:
            return self._through_offset(line, column, exact)
        if line > last:  # past the end (a parse error at the end of the file)
            return lsp.Position(line=last - 1, character=self.units(self.lines[last - 1]))
        text = self.lines[line - 1]
        col = max(column, 1) - 1 + (1 if self.bom and line == 1 else 0)
        return lsp.Position(line=line - 1, character=self.units(text[:col]))

    def _through_offset(self, line: int, column: int, exact: bool) -> lsp.Position:
        """Our (line, column) as LSP's in a text with an odd line break: through the
        offset in the text (a column past the end of its line is its end; a line past our
        last, the end of the text when ``exact``, else the end of our last line)."""
        import bisect

        ours = self._ours
        if not ours.starts or exact and line > len(ours.starts):
            offset = len(self._text)
        else:
            if line > len(ours.starts):
                line, column = len(ours.starts), ours.lengths[-1] + 1
            start, length = ours.starts[line - 1], ours.lengths[line - 1]
            bom = 1 if self.bom and line == 1 else 0  # the linter read the text without it
            offset = start + min(max(column, 1) - 1 + bom, length)
        at = bisect.bisect_right(self._starts, offset) - 1
        return lsp.Position(line=at, character=self.units(self._text[self._starts[at]:offset]))

    def range(self, span: Span, widen: bool = True) -> lsp.Range:
        """The LSP range of a finding's ``span``; an empty one (a finding about a whole file
        or a missing key) is widened to the rest of its line when ``widen``, so editors show
        it."""
        start = self.position(span.line, span.column)
        end = self.position(span.end_line, span.end_column)
        if (end.line, end.character) < (start.line, start.character):
            end = start
        if widen and end == start:
            end = lsp.Position(line=start.line,
                               character=self.units(self.lines[start.line]))
        return lsp.Range(start=start, end=end)

    def edit(self, edit: Edit) -> lsp.TextEdit:
        """An edit (``\\n`` line breaks, as rules write them) as LSP's, in the document's own
        line breaks."""
        s = edit.span
        return lsp.TextEdit(range=lsp.Range(start=self.position(s.line, s.column, True),
                                            end=self.position(s.end_line, s.end_column, True)),
                            new_text=edit.text.replace("\n", self.eol))


def utf16_units(text: str) -> int:
    """UTF-16 code units of ``text``: two for a character outside the Basic Multilingual
    Plane (an emoji), one for any other."""
    return len(text) + sum(1 for c in text if ord(c) > 0xFFFF)


# --- what the cross-object rules see of the workspace -----------------------------------------


@dataclass
class Workspace:
    """The Kubernetes objects of the workspace's YAML files, for the cross-object rules.

    ``roots``: the workspace folders (absolute). A root is walked as ``shiplint check ROOT``
    walks it (``.gitignore`` and the configuration's ``exclude`` honoured), once, the first
    time a Kubernetes buffer under it is linted; a buffer outside every root has its own
    directory (not the directories below) read the same way. Each file's objects are kept
    (``disk``) and read again when the editor says the file changed (``refresh``). An open
    buffer overrides its file on disk (``buffers``, parsed once per version).

    Used from one thread only (the server lints in one worker thread).
    """

    roots: list[str] = field(default_factory=list)
    #: objects of each YAML file read from disk, by absolute path (``[]``: none, still read)
    disk: dict[str, list[KubeObject]] = field(default_factory=dict)
    #: the open buffers: absolute path -> (version, text)
    buffers: dict[str, tuple[int | None, str]] = field(default_factory=dict)
    _walked: set[str] = field(default_factory=set)  # roots (and flat directories) read
    _flat: set[str] = field(default_factory=set)  # directories read without their subdirectories
    _parsed: dict[str, tuple[int | None, list[KubeObject]]] = field(default_factory=dict)

    def reset(self) -> None:
        """Forget what was read (the configuration changed: excludes may have too)."""
        self.disk.clear()
        self._walked.clear()
        self._flat.clear()
        self._parsed.clear()

    def _root_of(self, path: str) -> str | None:
        best = None
        for r in self.roots:
            if path == r or path.startswith(r.rstrip(os.sep) + os.sep):
                if best is None or len(r) > len(best):
                    best = r
        return best

    def covers(self, path: str) -> bool:
        """Whether ``path`` is in a part of the workspace that was read."""
        root = self._root_of(path)
        if root is not None and root in self._walked:
            return True
        return os.path.dirname(path) in self._flat

    def load_for(self, path: str, resolver: Resolver) -> None:
        """Read the part of the workspace ``path`` belongs to, if not yet read."""
        root = self._root_of(path)
        if root is not None:
            if root not in self._walked:
                self._walked.add(root)
                self._walk([root], resolver)
            return
        directory = os.path.dirname(path)
        if directory not in self._flat:
            self._flat.add(directory)
            try:
                names = sorted(os.listdir(directory))
            except OSError:
                names = []
            files = [os.path.join(directory, n) for n in names
                     if discovery.kind_by_name(n) == discovery.YAML]
            self._walk([f for f in files if os.path.isfile(f)], resolver, explicit=True)

    def _walk(self, paths: list[str], resolver: Resolver, explicit: bool = False) -> None:
        from .config import ConfigError

        def excluded(p: str) -> bool:
            try:
                out = resolver.for_path(p).is_excluded(p)
            except ConfigError:  # said on the buffers of that directory, not here
                return False
            if out and os.path.isfile(p):
                self.disk[os.path.abspath(p)] = []  # left out on purpose: still counts as read
            return out

        count = 0
        deadline = time.monotonic() + MAX_WALK_SECONDS
        try:
            for p, _ in discovery.iter_files(paths, prune=None if explicit else excluded,
                                             gitignore=True):
                if time.monotonic() > deadline:  # a workspace folder such as / or ~
                    log.warning("reading the YAML files under %s took over %d s: the "
                                "cross-object rules see the %d read", ", ".join(paths),
                                MAX_WALK_SECONDS, count)
                    break
                if os.path.isdir(p) or discovery.kind_by_name(p) != discovery.YAML:
                    continue
                if explicit and excluded(p):
                    continue
                if count == MAX_FILES:
                    log.warning("more than %d YAML files under %s: the cross-object rules see "
                                "the first %d only", MAX_FILES, ", ".join(paths), MAX_FILES)
                    break
                self.disk[os.path.abspath(p)] = _objects(source.read(os.path.abspath(p)))
                count += 1
        except (OSError, ValueError) as exc:  # a directory the walk may not enter (/proc)
            log.warning("reading the YAML files under %s stopped (%s): the cross-object "
                        "rules see the %d read", ", ".join(paths), type(exc).__name__, count)
        log.info("read %d YAML files of %s", count, ", ".join(paths) or "nothing")

    def refresh(self, path: str, resolver: Resolver, deleted: bool = False) -> bool:
        """The file at ``path`` changed on disk (or was deleted): read it again if it is in a
        part of the workspace that was read. Returns whether anything changed."""
        from .config import ConfigError

        path = os.path.abspath(path)
        if deleted:  # a file, or a directory and everything read under it
            gone = [p for p in self.disk if p == path or p.startswith(path + os.sep)]
            for p in gone:
                del self.disk[p]
            return bool(gone)
        if discovery.kind_by_name(path) != discovery.YAML or not self.covers(path) \
                or not os.path.isfile(path):
            return False
        try:
            out = resolver.for_path(path).is_excluded(path)
        except ConfigError:
            out = False
        self.disk[path] = [] if out else _objects(source.read(path))
        return True

    def context(self, target: str) -> Iterator[tuple[str, list[KubeObject]]]:
        """``(path, objects)`` of every file read and every open buffer in a part of the
        workspace that was read, buffers over files, ``target`` left out (see
        ``runner.lint_buffer``)."""
        target = os.path.abspath(target)
        for path in sorted(set(self.disk) | set(self.buffers)):
            if path == target:
                continue
            if path in self.buffers:
                if discovery.kind_by_name(path) != discovery.YAML or not self.covers(path):
                    continue
                version, text = self.buffers[path]
                cached = self._parsed.get(path)
                if cached is None or cached[0] != version or version is None:
                    cached = self._parsed[path] = (version, _objects(source.decode(
                        path, text.encode("utf-8", "replace"))))
                yield path, cached[1]
            else:
                yield path, self.disk[path]

    def objects(self) -> Iterator[KubeObject]:
        for _, objects in self.context(""):
            yield from objects

    def forget_buffer(self, path: str) -> None:
        self.buffers.pop(path, None)
        self._parsed.pop(path, None)


def _objects(src: SourceFile) -> list[KubeObject]:
    """The Kubernetes objects of one file, kept as the run's set keeps them (``add`` lets go
    of what the relations never need)."""
    from . import parse
    from .kubernetes import KubeObject, KubernetesSet

    parsed = parse.parse(src, False)
    objects = [t for t in parsed.targets if isinstance(t, KubeObject) and not t.partial]
    if not objects:
        return []
    kept = KubernetesSet()
    kept.add(objects)
    return kept.objects


# --- one linted document ------------------------------------------------------------------------


@dataclass
class Linted:
    """The last lint of a document: the text it read, its findings and their diagnostics
    (in the same order)."""

    version: int | None
    text: str
    lines: Lines
    findings: list[Finding]
    diagnostics: list[lsp.Diagnostic]


def _indent(text: str) -> str:
    return text[:len(text) - len(text.lstrip(" \t"))]


def _comment(what: str, codes: str) -> str:
    return f"# shiplint: {what}={codes} -- {REASON}"


def _insert_above(lines: Lines, line: int, text: str) -> Edit:
    """Insert ``text`` as a line of its own above line ``line``, indented like it."""
    from .fix import insert

    return insert(line, 1, _indent(lines.text(line)) + text + "\n")


def _line_span_end(span: Span) -> int:
    """The last line a node's span covers (a span ending at column 1 ends on the line before)."""
    return span.end_line - 1 if span.end_column == 1 and span.end_line > span.line \
        else span.end_line


def _yaml_anchor_line(text: str, lines: Lines, line: int) -> int | None:
    """The line above which a YAML comment suppresses line ``line``: the line itself, or the
    first line of the block scalar, multi-line scalar or flow collection it is inside (a
    comment there would be part of the value). ``None`` when there is no such line."""
    from .compose.project import walk_nodes
    from .yaml import YMapping, YScalar, YSequence, load

    if not lines.text(line).strip():
        return None
    docs, _ = load(text)
    blocked: list[tuple[int, int]] = []
    for doc in docs:
        for n in walk_nodes(doc.root):  # a node a merge brings in: at its anchor's place
            s = n.span
            last = _line_span_end(s)
            if last <= s.line:
                continue
            if isinstance(n, YScalar) or (isinstance(n, (YMapping, YSequence))
                                          and lines.text(s.line)[s.column - 1:s.column] in "{["
                                          and lines.text(s.line)[s.column - 1:s.column]):
                blocked.append((s.line, last))
    moved = True
    while moved:
        moved = False
        for first, last in blocked:
            if first < line <= last:
                line, moved = first, True
    return line


def _dockerfile_anchor_line(tree: Any, line: int) -> int | None:
    """The first line of the instruction holding line ``line`` (an ``ignore`` comment applies
    to the next instruction, all its lines); never above the parser directives."""
    for ins in tree.instructions:
        if ins.span.line <= line <= _line_span_end(ins.span):
            line = ins.span.line
            break
    if any(d.span.line >= line for d in tree.directives.values()):
        return None
    return line


def _object_at(objects: list[KubeObject], line: int) -> KubeObject | None:
    """The innermost object whose lines hold ``line`` (a List's item rather than the List)."""
    found = [o for o in objects if o.span.line <= line <= _line_span_end(o.span)]
    return min(found, key=lambda o: _line_span_end(o.span) - o.span.line, default=None)


def _starts_line(lines: Lines, span: Span) -> bool:
    return not lines.text(span.line)[:span.column - 1].strip()


def _annotation_edits(o: KubeObject, code: str, lines: Lines) -> list[Edit] | None:
    """Edits that add ``code`` to the ``shiplint.io/ignore`` annotation of ``o``, written in
    the style of its metadata (``fix.add_entry``); ``None`` where the YAML is written in a way
    they cannot be placed safely (a merge, an alias, keys out of line)."""
    from .fix import add_entry, indent_step, insert
    from .yaml import YMapping, YScalar

    key = "shiplint.io/ignore"
    meta = o.metadata
    if o.node.entry("metadata") is None or not isinstance(meta, YMapping):
        return None

    def value(sels: list[str], reason: str) -> str:
        return json.dumps(f"{','.join(sels)} -- {reason}", ensure_ascii=False)

    step = indent_step(o.node)
    ann = meta.entry("annotations")
    if ann is None:
        found = add_entry(meta, ["annotations", key], value([code], REASON), step=step,
                          value_of_key=True)
        return list(found) if found else None
    node = ann.value
    if isinstance(node, YMapping):
        existing = node.entry(key)
        if existing is None:
            found = add_entry(node, [key], value([code], REASON), step=step, value_of_key=True)
            return list(found) if found else None
        v = existing.value
        if not isinstance(v, YScalar) or v.span.end_line != v.span.line or existing.merged:
            return None
        sels, _, reason = v.as_str().partition("--")
        known = [s.strip() for s in sels.split(",") if s.strip()]
        return None if code in known else \
            [Edit(v.span, value(known + [code], reason.strip() or REASON))]
    if isinstance(node, YScalar) and node.value is None and not ann.merged:
        entry = f"{key}: {value([code], REASON)}"
        if not node.text and not node.style:  # `annotations:` and nothing after it
            line = ann.key.span.line
            return [insert(line + 1, 1, _indent(lines.text(line)) + " " * step + entry + "\n")]
        return [Edit(node.span, "{" + entry + "}")]  # `annotations: null`
    return None


def suppressions(finding: Finding, text: str, lines: Lines,
                 rules: dict[str, Rule]) -> list[tuple[str, list[Edit]]]:
    """(title, edits) of the suppressions that switch ``finding`` off: on its line, and for
    its object (Kubernetes), stage (Dockerfile), service (Compose) or file."""
    from . import parse, source
    from .engine import CORE_RULES
    from .fix import insert
    from .kubernetes import KubeObject

    rule = rules.get(finding.code)
    if rule is None or rule.name.endswith("suppression") \
            or rule.name == CORE_RULES["internal-error"].name:
        return []
    code, line = finding.code, finding.span.line
    parsed = parse.parse(source.decode(finding.path, text.encode("utf-8", "replace")), False)
    out: list[tuple[str, list[Edit]]] = []
    if parsed.kind == "dockerfile":
        tree = parsed.targets[0]
        at = _dockerfile_anchor_line(tree, line)
        if at is not None and lines.text(at).strip():
            out.append((f"Suppress {code} on this line",
                        [_insert_above(lines, at, _comment("ignore", code))]))
        stage = next((st for st in tree.stages if st.instructions
                      and st.instructions[0].span.line <= line
                      <= _line_span_end(st.instructions[-1].span)), None)
        if stage is not None:
            first = stage.instructions[0].span.line
            if not any(d.span.line >= first for d in tree.directives.values()):
                out.append((f"Suppress {code} for this stage",
                            [_insert_above(lines, first, _comment("ignore-stage", code))]))
        return out
    if parsed.kind not in ("compose", "kubernetes"):
        return out
    at = _yaml_anchor_line(text, lines, line)
    if at is not None:
        out.append((f"Suppress {code} on this line",
                    [_insert_above(lines, at, _comment("ignore", code))]))
    if parsed.kind == "kubernetes":
        o = _object_at([t for t in parsed.targets if isinstance(t, KubeObject)], line)
        edits = _annotation_edits(o, code, lines) if o is not None else None
        if edits:
            label = f"{o.kind} '{o.name}'" if o.name else o.kind  # type: ignore[union-attr]
            out.append((f"Suppress {code} for this object ({label})", edits))
        return out
    cf = parsed.targets[0]
    service = next((s for s in cf.services if s.span.line <= line
                    <= _line_span_end(s.node.span)), None)
    if service is not None and _starts_line(lines, service.span):
        out.append((f"Suppress {code} for service '{service.name}'",
                    [_insert_above(lines, service.span.line, _comment("ignore", code))]))
    out.append((f"Suppress {code} in this file",
                [insert(1, 1, _comment("ignore-file", code) + "\n")]))
    return out


def remove_suppression(finding: Finding, lines: Lines) -> list[Edit]:
    """Edits that delete the comment an ``unused-suppression`` finding points at: its line,
    or the end of the line it trails."""
    from .fix import delete_lines

    s = finding.span
    text = lines.text(s.line)
    if text[s.column - 1:s.column] != "#":
        return []  # an annotation: a Kubernetes object's metadata is not edited away
    if not text[:s.column - 1].strip():
        return [delete_lines(s.line, s.line)]
    start = len(text[:s.column - 1].rstrip()) + 1
    return [Edit(Span(s.line, start, s.line, len(text) + 1), "")]


def related_objects(finding: Finding, own: list[KubeObject],
                    others: Iterator[KubeObject]) -> list[KubeObject]:
    """The objects a cross-object finding's message names (``Deployment 'web'``), other
    than the object the finding is on, looked up among ``others`` (the workspace's)."""
    labels = {(k, n) for k, n in _OBJECT_LABEL.findall(finding.message)}
    mine = _object_at(own, finding.span.line)
    if mine is not None:
        labels.discard((mine.kind, mine.name))
    if not labels:
        return []
    by_label: dict[tuple[str, str | None], list[KubeObject]] = {}
    for o in others:
        if (o.kind, o.name) in labels and o is not mine:
            by_label.setdefault((o.kind, o.name), []).append(o)
    out = []
    ns = mine.namespace if mine is not None else None
    for found in by_label.values():
        same = [o for o in found if (o.namespace or None) == (ns or None)]
        out.extend(same if same else found if len(found) == 1 else [])
    return out


# --- the server ---------------------------------------------------------------------------------


class _Protocol(LanguageServerProtocol):
    """pygls's protocol, with one more way to choose the position encoding: a client that
    counts columns in bytes without saying so (ALE) asks for it in its
    ``initializationOptions``, ``{"positionEncoding": "utf-8"}`` (or ``"utf-32"``); the
    initialize response states it as for a client that negotiated it. A client that lists
    ``general.positionEncodings`` is answered from its list."""

    @lsp_method(lsp.INITIALIZE)
    def lsp_initialize(self, params: lsp.InitializeParams) -> Any:
        options = params.initialization_options
        wanted = options.get("positionEncoding") if isinstance(options, dict) else None
        general = params.capabilities.general
        if wanted in ("utf-8", "utf-16", "utf-32") and (general is None
                                                        or not general.position_encodings):
            if general is None:
                general = params.capabilities.general = lsp.GeneralClientCapabilities()
            general.position_encodings = [lsp.PositionEncodingKind(wanted)]
        return (yield from super().lsp_initialize(params))

    def structure_message(self, data: Any) -> Any:
        """pygls's, plus an answer to a request whose parameters do not fit the protocol
        (a negative line, a missing field): pygls logs it and drops it, and the client
        would wait for its response for ever. It gets an InvalidParams error instead."""
        try:
            return super().structure_message(data)
        except Exception as exc:
            if isinstance(data, dict) and "jsonrpc" in data and "method" in data \
                    and isinstance(data.get("id"), (int, str)):
                from pygls.exceptions import JsonRpcException, JsonRpcInvalidParams

                error = exc if isinstance(exc, JsonRpcException) else JsonRpcInvalidParams()
                self._send_response(data["id"], error=lsp.ResponseError(
                    code=error.code, message=f"{error.message}: the {data['method']} "
                                             "request does not fit the protocol"))
            raise


class ShiplintServer(LanguageServer):
    """The server's state: the rules, the configuration resolver, the workspace's objects,
    the last lint of every open document, and one worker thread that lints (the linter is
    synchronous; the protocol is served while it works)."""

    def __init__(self) -> None:
        super().__init__("shiplint", __version__, protocol_cls=_Protocol)
        self.debounce = DEBOUNCE
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="shiplint-lint")
        self._rules: list[Rule] | None = None
        self._resolver: Resolver | None = None
        self.files = Workspace()
        self.linted: dict[str, Linted] = {}
        self._pending: dict[str, asyncio.TimerHandle] = {}

    # the worker thread's side

    @property
    def rules(self) -> list[Rule]:
        if self._rules is None:
            from .engine import load_rules

            self._rules = load_rules()
        return self._rules

    @property
    def resolver(self) -> Resolver:
        if self._resolver is None:
            from .config import Resolver

            self._resolver = Resolver(self.rules)
        return self._resolver

    def configuration_changed(self) -> None:
        self._resolver = None
        self.files.reset()

    def lint_now(self, path: str, text: str) -> list[Finding] | str:
        """Lint one buffer (in the worker thread): its findings, or why it could not be
        linted (a broken configuration, an internal error)."""
        from .config import ConfigError
        from .runner import lint_buffer

        try:
            resolver = self.resolver

            def context() -> Iterator[tuple[str, list[KubeObject]]]:
                self.files.load_for(path, resolver)
                return self.files.context(path)

            buffers = {p: t for p, (_, t) in self.files.buffers.items() if p != path}
            report = lint_buffer(path, text, resolver=resolver, buffers=buffers,
                                 context=context)
        except ConfigError as exc:
            return f"configuration error: {exc}"
        except Exception as exc:  # a bug outside the rules: one diagnostic, the server lives
            log.error("internal error linting %s: %s\n%s", path, type(exc).__name__,
                      "".join(traceback.format_tb(exc.__traceback__)))
            return (f"internal error ({type(exc).__name__}) while linting this file; run "
                    "`shiplint server -v` and see the editor's log of the server")
        return [f for f in report.findings if f.path == source.display_path(path)]

    def diagnostics(self, findings: list[Finding], lines: Lines,
                    text: str) -> list[lsp.Diagnostic]:
        from .engine import CORE_RULES
        from .kubernetes import KubernetesSet

        by_code = {r.code: r for r in self.rules}
        own: list[KubeObject] | None = None
        out = []
        for f in findings:
            rule = by_code.get(f.code)
            related = None
            if rule is not None and KubernetesSet in rule.checks:
                if own is None:
                    own = _objects(source.decode(f.path, text.encode("utf-8", "replace")))
                found = related_objects(f, own, self.files.objects())
                related = [lsp.DiagnosticRelatedInformation(
                    location=lsp.Location(uri=from_fs_path(o.path) or o.path,
                                          range=self._range_in(o.path, o.name_span)),
                    message=f"{o.kind} '{o.name}'") for o in found] or None
            out.append(lsp.Diagnostic(
                range=lines.range(f.span), message=f.message, severity=SEVERITIES[f.severity],
                code=f.code, code_description=lsp.CodeDescription(href=rule_href(f.code)),
                source=SOURCE, related_information=related,
                tags=[lsp.DiagnosticTag.Unnecessary]
                if f.name == CORE_RULES["unused-suppression"].name else None))
        return out

    def _range_in(self, path: str, span: Span) -> lsp.Range:
        """``span`` in the file ``path`` (its open buffer, else the file on disk)."""
        held = self.files.buffers.get(os.path.abspath(path))
        if held is not None:
            text = held[1]
        else:
            try:
                text = source.read_text(path)
            except source.Unreadable:
                text = ""
        return Lines(text, self.units, discovery.yaml_lines(path, text)).range(span, widen=False)

    def units(self, text: str) -> int:
        return self.workspace.position_codec.client_num_units(text)

    # the protocol's side (the event loop)

    def schedule(self, uri: str, delay: float) -> None:
        """Lint ``uri`` after ``delay`` seconds, unless asked again before."""
        pending = self._pending.pop(uri, None)
        if pending is not None:
            pending.cancel()
        loop = asyncio.get_running_loop()
        self._pending[uri] = loop.call_later(
            delay, lambda: asyncio.ensure_future(self.lint(uri)))

    def snapshot_buffers(self) -> dict[str, tuple[int | None, str]]:
        out = {}
        for uri, doc in self.workspace.text_documents.items():
            path = _fs_path(uri)
            if path:
                out[os.path.abspath(path)] = (doc.version, doc.source)
        return out

    async def run(self, fn: Callable[..., Any], *args: Any) -> Any:
        return await asyncio.get_running_loop().run_in_executor(self.pool, fn, *args)

    async def lint(self, uri: str) -> Linted | None:
        """Lint the open document ``uri`` and publish its diagnostics (dropped when the
        document changed meanwhile: a newer lint is on its way)."""
        self._pending.pop(uri, None)
        doc = self.workspace.text_documents.get(uri)
        path = _fs_path(uri)
        if doc is None or not path:
            return None
        path = os.path.abspath(path)
        version, text = doc.version, doc.source
        buffers = self.snapshot_buffers()
        units = self.units

        def work() -> Linted:
            self.files.buffers = buffers
            found = self.lint_now(path, text)
            lines = Lines(text, units, discovery.yaml_lines(path, text))
            if isinstance(found, str):
                return Linted(version, text, lines, [], [lsp.Diagnostic(
                    range=lines.range(Span(1, 1, 1, 1)), message=found,
                    severity=lsp.DiagnosticSeverity.Error, source=SOURCE)])
            return Linted(version, text, lines, found, self.diagnostics(found, lines, text))

        linted = await self.run(work)
        diags = linted.diagnostics
        current = self.workspace.text_documents.get(uri)
        if current is None or current.version != version:
            return None
        self.linted[uri] = linted
        self.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(
            uri=uri, version=version, diagnostics=diags))
        return linted

    async def current(self, uri: str) -> Linted | None:
        """The lint of the document as it is now (linted again if it changed since)."""
        doc = self.workspace.text_documents.get(uri)
        if doc is None:
            return None
        linted = self.linted.get(uri)
        if linted is not None and linted.version == doc.version and linted.text == doc.source:
            return linted
        return await self.lint(uri)

    def relint_others(self, uri: str, delay: float) -> None:
        """Another YAML file changed: the cross-object verdicts of the open YAML documents
        may have too."""
        for other in list(self.workspace.text_documents):
            if other != uri and discovery.kind_by_name(_fs_path(other) or "") == discovery.YAML:
                self.schedule(other, delay)

    def relint_all(self, delay: float = 0.0) -> None:
        for uri in list(self.workspace.text_documents):
            self.schedule(uri, delay)


def _config_names() -> tuple[str, ...]:
    from .config import CONFIG_NAMES

    return CONFIG_NAMES


def _is_config(path: str) -> bool:
    return os.path.basename(path) in _config_names()


def _yaml(uri: str) -> bool:
    return discovery.kind_by_name(_fs_path(uri) or "") == discovery.YAML


def build_server() -> ShiplintServer:
    """The server with its handlers."""
    server = ShiplintServer()

    @server.feature(lsp.INITIALIZE)
    def initialize(ls: ShiplintServer, params: lsp.InitializeParams) -> None:
        options = params.initialization_options
        if isinstance(options, dict) and isinstance(options.get("debounce"), (int, float)):
            ls.debounce = max(0.0, float(options["debounce"]))
        folders = [_fs_path(f.uri) for f in params.workspace_folders or []]
        if not folders and (params.root_uri or params.root_path):
            folders = [_fs_path(params.root_uri) if params.root_uri else params.root_path]
        ls.files.roots = [os.path.abspath(f) for f in folders if f and "\x00" not in f]

    @server.feature(lsp.INITIALIZED)
    async def initialized(ls: ShiplintServer, params: lsp.InitializedParams) -> None:
        ls.pool.submit(lambda: ls.rules)  # load the rules while the editor opens the file
        watch = ls.client_capabilities.workspace
        if watch is None or watch.did_change_watched_files is None \
                or not watch.did_change_watched_files.dynamic_registration:
            return
        names = ",".join(sorted(_config_names()))
        watchers = [lsp.FileSystemWatcher(glob_pattern=g)
                    for g in ("**/*.yaml", "**/*.yml", f"**/{{{names}}}")]
        try:
            await ls.client_register_capability_async(lsp.RegistrationParams(registrations=[
                lsp.Registration(id="shiplint-watched-files",
                                 method=lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                                 register_options=lsp.DidChangeWatchedFilesRegistrationOptions(
                                     watchers=watchers))]))
        except Exception as exc:  # the client refused: changes on disk are seen on save only
            log.info("file watching not registered: %s", type(exc).__name__)

    @server.feature(lsp.WORKSPACE_DID_CHANGE_WORKSPACE_FOLDERS)
    def folders_changed(ls: ShiplintServer, params: lsp.DidChangeWorkspaceFoldersParams) -> None:
        added = [os.path.abspath(p) for f in params.event.added if (p := _fs_path(f.uri))]
        removed = {os.path.abspath(p) for f in params.event.removed if (p := _fs_path(f.uri))}

        def work() -> None:
            ls.files.roots = [r for r in ls.files.roots if r not in removed] + added
            ls.files.reset()

        ls.pool.submit(work)
        ls.relint_all()

    @server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
    async def did_open(ls: ShiplintServer, params: lsp.DidOpenTextDocumentParams) -> None:
        await ls.lint(params.text_document.uri)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: ShiplintServer, params: lsp.DidChangeTextDocumentParams) -> None:
        uri = params.text_document.uri
        ls.schedule(uri, ls.debounce)
        if _yaml(uri):
            ls.relint_others(uri, max(ls.debounce, OTHERS_DELAY))

    @server.feature(lsp.TEXT_DOCUMENT_DID_SAVE, lsp.SaveOptions(include_text=False))
    async def did_save(ls: ShiplintServer, params: lsp.DidSaveTextDocumentParams) -> None:
        uri = params.text_document.uri
        path = _fs_path(uri)
        if path and _is_config(path):
            await ls.run(ls.configuration_changed)
            ls.relint_all()
            return
        if path:
            await ls.run(lambda: ls.files.refresh(path, ls.resolver))
        await ls.lint(uri)
        if _yaml(uri):
            ls.relint_others(uri, 0.0)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: ShiplintServer, params: lsp.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        pending = ls._pending.pop(uri, None)
        if pending is not None:
            pending.cancel()
        ls.linted.pop(uri, None)
        path = _fs_path(uri)
        if path:
            ls.pool.submit(ls.files.forget_buffer, os.path.abspath(path))
        ls.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri=uri,
                                                                          diagnostics=[]))
        if _yaml(uri):  # the file on disk stands for it again
            ls.relint_others(uri, ls.debounce)

    @server.feature(lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    async def watched(ls: ShiplintServer, params: lsp.DidChangeWatchedFilesParams) -> None:
        changes = [(p, c.type == lsp.FileChangeType.Deleted) for c in params.changes
                   if (p := _fs_path(c.uri))]
        if any(_is_config(p) for p, _ in changes):
            await ls.run(ls.configuration_changed)
            ls.relint_all()
            return

        def work() -> bool:
            return any([ls.files.refresh(p, ls.resolver, deleted) for p, deleted in changes])

        if await ls.run(work):
            ls.relint_all(ls.debounce)

    @server.feature(lsp.TEXT_DOCUMENT_HOVER)
    def hover(ls: ShiplintServer, params: lsp.HoverParams) -> lsp.Hover | None:
        linted = ls.linted.get(params.text_document.uri)
        if linted is None:
            return None
        p = params.position
        at = [(f, d) for f, d in zip(linted.findings, linted.diagnostics)
              if _contains(d.range, p)]
        if not at:
            return None
        by_code = {r.code: r for r in ls.rules}
        parts = [hover_text(f, by_code.get(f.code)) for f, _ in at]
        return lsp.Hover(contents=lsp.MarkupContent(kind=lsp.MarkupKind.Markdown,
                                                    value="\n\n---\n\n".join(parts)),
                         range=at[0][1].range)

    @server.feature(lsp.TEXT_DOCUMENT_CODE_ACTION,
                    lsp.CodeActionOptions(code_action_kinds=[lsp.CodeActionKind.QuickFix]))
    async def code_action(ls: ShiplintServer,
                          params: lsp.CodeActionParams) -> list[lsp.CodeAction] | None:
        uri = params.text_document.uri
        linted = await ls.current(uri)
        if linted is None or not linted.findings:
            return None
        chosen = _chosen(linted, params)
        if not chosen:
            return None
        by_code = {r.code: r for r in ls.rules}
        return await ls.run(lambda: actions(uri, linted, chosen, by_code))

    return server


def _contains(r: lsp.Range, p: lsp.Position) -> bool:
    return (r.start.line, r.start.character) <= (p.line, p.character) \
        <= (r.end.line, r.end.character)


def _overlaps(a: lsp.Range, b: lsp.Range) -> bool:
    return (a.start.line, a.start.character) <= (b.end.line, b.end.character) \
        and (b.start.line, b.start.character) <= (a.end.line, a.end.character)


def _chosen(linted: Linted, params: lsp.CodeActionParams) -> list[tuple[Finding, lsp.Diagnostic]]:
    """The findings a code action request is about: the client's diagnostics of ours (by
    code, message and line: some clients send the columns back in other units), else those
    whose range meets the requested one."""
    pairs = list(zip(linted.findings, linted.diagnostics))
    theirs = {(str(d.code), d.message, d.range.start.line)
              for d in params.context.diagnostics if d.source == SOURCE}
    found = [(f, d) for f, d in pairs if (d.code, d.message, d.range.start.line) in theirs]
    return found or [(f, d) for f, d in pairs if _overlaps(d.range, params.range)]


def hover_text(f: Finding, rule: Rule | None) -> str:
    """What hovering a diagnostic shows: the rule's summary, rationale and fix."""
    if rule is None:
        return f"**{f.code}** {f.message}"
    out = [f"**{rule.code} {rule.name}** · severity {f.severity}", "", rule.summary, "",
           f"**Why.** {rule.rationale}", "", f"**Fix.** {rule.remediation}"]
    if f.fix:
        out += ["", f"**Here.** {f.fix}"]
    out += ["", f"[{rule.code} in the rule reference]({rule_href(rule.code)})"]
    return "\n".join(out)


def _workspace_edit(uri: str, lines: Lines, edits: list[Any]) -> lsp.WorkspaceEdit:
    return lsp.WorkspaceEdit(changes={uri: [lines.edit(e) for e in edits]})


def actions(uri: str, linted: Linted, chosen: list[tuple[Finding, lsp.Diagnostic]],
            rules: dict[str, Rule]) -> list[lsp.CodeAction]:
    """The code actions for the chosen findings: the fix first, then the suppressions."""
    from .engine import CORE_RULES

    out: list[lsp.CodeAction] = []
    for f, d in chosen:
        fix = getattr(f, "autofix", None)
        if fix is not None and fix.edits:
            title = f"Fix {f.code}: {fix.description}" + ("" if fix.safe else " (unsafe)")
            out.append(lsp.CodeAction(title=title, kind=lsp.CodeActionKind.QuickFix,
                                      diagnostics=[d], is_preferred=bool(fix.safe),
                                      edit=_workspace_edit(uri, linted.lines, list(fix.edits))))
        if f.name == CORE_RULES["unused-suppression"].name:
            edits = remove_suppression(f, linted.lines)
            if edits:
                out.append(lsp.CodeAction(title="Remove the unused suppression",
                                          kind=lsp.CodeActionKind.QuickFix, diagnostics=[d],
                                          edit=_workspace_edit(uri, linted.lines, edits)))
        for title, edits in suppressions(f, linted.text, linted.lines, rules):
            out.append(lsp.CodeAction(title=title, kind=lsp.CodeActionKind.QuickFix,
                                      diagnostics=[d],
                                      edit=_workspace_edit(uri, linted.lines, edits)))
    return out


def _protocol_stdout() -> Any:
    """Standard output for the protocol alone: a duplicate of its descriptor, while
    descriptor 1 itself (and ``sys.stdout``) is pointed at standard error, so that whatever a
    rule, a rule pack's extension or a program they start writes there lands in the log."""
    try:
        fd = sys.stdout.fileno()
        sys.stdout.flush()
        protocol = os.fdopen(os.dup(fd), "wb")
        os.dup2(sys.stderr.fileno(), fd)
    except (AttributeError, OSError, ValueError):  # no descriptors (embedded): Python's only
        protocol = sys.stdout.buffer
    sys.stdout = sys.stderr
    return protocol


def serve(verbose: bool = False) -> None:
    """Run the server over standard input and output until the client says exit. Anything
    else written to standard output goes to standard error instead: standard output carries
    the protocol alone."""
    logging.basicConfig(stream=sys.stderr, level=logging.INFO if verbose else logging.WARNING,
                        format="shiplint server: %(levelname)s: %(message)s")
    if not verbose:
        logging.getLogger("pygls").setLevel(logging.ERROR)
    stdin, stdout = sys.stdin.buffer, _protocol_stdout()
    build_server().start_io(stdin, stdout)
