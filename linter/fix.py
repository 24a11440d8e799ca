"""Fixes: the edits rules attach to findings (``Finding.autofix``), applied to a file's text.

A rule that can fix what it reports yields ``Hit(..., autofix=Autofix(description, edits,
safe))``; each ``Edit`` replaces the text of a span (1-based lines and columns in code
points, end exclusive, as a finding's span) with new text. ``apply`` applies the fixes of
one pass to a text, ``fix_text`` repeats passes until nothing changes (``shiplint check
--fix``), and the language server applies one finding's fix as a code action.

What ``apply`` keeps, whatever the rule wrote:

* everything outside the edits: comments, formatting, quoting;
* the file's line endings: an edit's ``\\n`` becomes ``\\r\\n`` in a CRLF file;
* a UTF-8 byte-order mark: positions count from after it, as the parsers read the text;
* a final line break: a line inserted at the end of a file that has none gets one first.

Two fixes whose edits overlap (or insert at one place) are not applied in one pass: the
first in file order is, the other waits for the next pass, linted again on the new text.
A fix whose edits point outside the text is left out. The other half of the module builds
edits: a span's text replaced, lines deleted, and YAML entries added to a mapping in the
mapping's own style (block or flow, with its indentation).
"""

from __future__ import annotations

import re

from .discovery import yaml_lines
from .findings import Autofix, Edit, Finding, delete_lines, insert, replace  # noqa: F401 (re-exported)
from .plain import Plain
from .source import NOT_IN_YAML_BREAKS, split_lines
from .yaml import YMapping, YNode, YScalar, YSequence

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Callable, Iterable, Sequence

__all__ = ["Edit", "Autofix", "FixResult", "FileFix", "MAX_PASSES", "apply", "fix_text",
           "unparsed", "fix_files", "write", "diff",
           "insert", "replace", "delete_lines", "is_flow", "indent_step", "add_entry",
           "append_item", "written_entries", "written_in_place"]

#: passes of ``fix_text`` at most (fixes that conflict wait for the next pass)
MAX_PASSES = 10

_BOM = "\ufeff"
#: characters ``str.splitlines`` (how the reporters number a YAML file's lines) takes for line
#: breaks and the YAML reader does not (nor allows): a YAML text that holds one has two sets
#: of line numbers. A Dockerfile's lines are the parser's (``source.split_lines``).
_AMBIGUOUS_BREAKS = NOT_IN_YAML_BREAKS


# ------------------------------------------------------------------------------- applying


class _Lines:
    """Line/column -> offset in a text, with its parser's line numbers
    (``source.split_lines``; ``yaml``: a YAML file's)."""

    def __init__(self, text: str, yaml: bool = False) -> None:
        self.text = text
        self.starts: list[int] = []
        self.lengths: list[int] = []  # without the line break
        off = 0
        for line in split_lines(text, keepends=True, yaml=yaml):
            self.starts.append(off)
            self.lengths.append(len(split_lines(line, yaml=yaml)[0]))
            off += len(line)

    def offset(self, line: int, column: int) -> int | None:
        """The offset of (line, column), None when it is not in the text. The position
        just after the last line (``len(lines) + 1``, column 1) is the end of the text."""
        n = len(self.starts)
        if line == n + 1 and column == 1 or n == 0 and (line, column) == (1, 1):
            return len(self.text)
        if not 1 <= line <= n or not 1 <= column <= self.lengths[line - 1] + 1:
            return None
        return self.starts[line - 1] + column - 1


def _newline(text: str) -> str:
    """The file's line break, by its first one (``\\n`` when it has none)."""
    at = text.find("\n")
    return "\r\n" if at > 0 and text[at - 1] == "\r" else "\n"


def _resolve(fix: Autofix, lines: _Lines, newline: str) -> list[tuple[int, int, str]] | None:
    """The edits of ``fix`` as (start, end, text) offsets, sorted; None when one points
    outside the text or two of them overlap."""
    out = []
    text = lines.text
    for edit in fix.edits:
        s = edit.span
        start = lines.offset(s.line, s.column)
        end = lines.offset(s.end_line, s.end_column)
        if start is None or end is None or end < start:
            return None
        new = edit.text.replace("\r\n", "\n")
        if newline != "\n":
            new = new.replace("\n", newline)
        if start == len(text) and text and new and not text.endswith(("\n", "\r")) \
                and s.line > len(lines.starts):
            new = newline + new  # a line added after a last line that has no line break
        out.append((start, end, new))
    out.sort()
    for (s1, e1, _), (s2, e2, _) in zip(out, out[1:]):
        if _overlap(s1, e1, s2, e2):
            return None
    return out


def _overlap(s1: int, e1: int, s2: int, e2: int) -> bool:
    """Two edits that cannot both be applied: their ranges share text, or they start at
    the same place (two insertions there would depend on their order)."""
    return s1 == s2 or (s1 < e2 and s2 < e1)


def apply(text: str, findings: Iterable[Finding], unsafe: bool = False
          ) -> tuple[str, list[Finding]]:
    """Apply the fixes of ``findings`` to ``text`` (the file the findings are about) in one
    pass: safe fixes, and unsafe ones too with ``unsafe``. Returns the new text and the
    findings whose fixes were applied. A fix that overlaps one applied before it (in file
    order) waits: lint the new text and apply again (``fix_text`` does). A finding whose fix
    is the same edits as one applied counts as fixed too (one change fixes both)."""
    body = text[1:] if text.startswith(_BOM) else text
    findings = list(findings)
    yaml = bool(findings) and yaml_lines(findings[0].path, body)  # (all of one file)
    if yaml and any(c in body for c in _AMBIGUOUS_BREAKS):
        return text, []  # the parsers do not agree on its line numbers: no edit is placed
    lines = _Lines(body, yaml)
    newline = _newline(body)
    taken: list[tuple[int, int, str]] = []
    applied: set[tuple] = set()
    fixed: list[Finding] = []
    for f in sorted(findings, key=lambda f: f.sort_key):
        fix = f.autofix
        if fix is None or not fix.edits or not (fix.safe or unsafe):
            continue
        edits = _resolve(fix, lines, newline)
        if edits is None:
            continue
        key = tuple(edits)
        if key in applied:
            fixed.append(f)
            continue
        if any(_overlap(s1, e1, s2, e2) for s1, e1, _ in edits for s2, e2, _ in taken):
            continue
        taken.extend(edits)
        applied.add(key)
        fixed.append(f)
    out = body
    for start, end, new in sorted(taken, reverse=True):
        out = out[:start] + new + out[end:]
    return (_BOM + out if body is not text else out), fixed


class FixResult(Plain):
    """What ``fix_text`` did: the fixed ``text``, the findings it ``fixed`` (over every
    pass), the findings that ``remain`` on the fixed text, and ``broken``: fixes left out
    because the text would no longer parse with them (a bug of the rule's fix).
    (A dataclass before: ``linter.plain``, start-up: rules with fixes import this module.)"""

    FIELDS = ("text", "fixed", "remain", "broken", "unparsed")

    def __init__(self, text: str, fixed: list[Finding] | None = None,
                 remain: list[Finding] | None = None, broken: list[Finding] | None = None,
                 unparsed: bool = False) -> None:
        self.text = text
        self.fixed = [] if fixed is None else fixed  # a new list each
        self.remain = [] if remain is None else remain
        self.broken = [] if broken is None else broken
        #: the text was not fixed at all: it does not parse (``unparsed``)
        self.unparsed = unparsed


#: the engine's rule whose findings say a file does not parse
_PARSE_ERROR = "parse-error"
#: the engine's rules whose findings say the tree the rules saw is not the whole file, or
#: not the one every reader sees (a parse error, a duplicate key, an alias bomb, bytes that
#: are not UTF-8): such a file is not fixed, as its fixes are placed by that tree
_NOT_PARSED = frozenset({_PARSE_ERROR, "duplicate-key", "yaml-alias-bomb", "invalid-utf8"})


def _parse_errors(findings: Sequence[Finding]) -> int:
    return sum(1 for f in findings if f.name == _PARSE_ERROR)


def unparsed(findings: Iterable[Finding]) -> bool:
    """Whether ``findings`` (a file's) say the file does not parse cleanly: it is not fixed."""
    return any(f.name in _NOT_PARSED for f in findings)


def fix_text(text: str, lint: Callable[[str], list[Finding]], unsafe: bool = False, *,
             keep: Callable[[Finding], bool] | None = None, passes: int = MAX_PASSES,
             findings: list[Finding] | None = None) -> FixResult:
    """Fix ``text`` until nothing changes (at most ``passes`` passes), as ruff does: lint it
    with ``lint`` (the text's findings, as the file it stands for), apply the fixes, lint
    again... ``keep`` chooses the findings to fix (default: all that have a fix);
    ``findings``: the findings of ``text`` when the caller has them already. A pass whose
    fixes together would make the text fail to parse is applied fix by fix instead, and the
    fixes that break it are left out (``FixResult.broken``). A text that does not parse
    cleanly (``unparsed``) is not fixed at all. Never loops: a text seen before ends it."""
    current = text
    found = lint(text) if findings is None else findings
    out = FixResult(text)
    if unparsed(found):
        out.remain, out.unparsed = found, True
        return out
    seen = {text}
    for _ in range(passes):
        wanted = [f for f in found if f.autofix is not None and (keep is None or keep(f))]
        new, done = apply(current, wanted, unsafe)
        if not done or new == current or new in seen:
            break
        after = lint(new)
        if _parse_errors(after) > _parse_errors(found):
            new, done, after, bad = _one_by_one(current, found, wanted, lint, unsafe)
            out.broken.extend(bad)
            if not done or new in seen:
                break
        seen.add(new)
        out.fixed.extend(done)
        current, found = new, after
    out.text, out.remain = current, found
    return out


def _one_by_one(text: str, found: list[Finding], wanted: list[Finding],
                lint: Callable[[str], list[Finding]], unsafe: bool):
    """The fixes of ``wanted`` applied one at a time, each kept only when the text still
    parses as well as before: (text, fixed, findings of the text, fixes that break it)."""
    errors = _parse_errors(found)
    done: list[Finding] = []
    bad: list[Finding] = []
    current, now = text, found
    for f in wanted:
        new, one = apply(current, [f], unsafe)
        if not one or new == current:
            continue
        after = lint(new)
        if _parse_errors(after) > errors:
            bad.append(f)
            continue
        done.extend(one)
        current, now = new, after
    return current, done, now, bad


def diff(old: str, new: str, path: str) -> str:
    """A unified diff from ``old`` to ``new`` (``--- path`` / ``+++ path``, so ``patch -p0``
    applies it): a last line without a line break is marked so. Lines that hold a secret
    are shown as ``[REDACTED]`` (the diff goes to CI logs like any report), whatever rules
    the run selected: every line of an instruction continued over several lines when the
    instruction holds one, and ``ENV key value`` read as ``key=value``. A path that holds a
    secret is masked, and one with a line break or a quote is quoted, as git does."""
    import difflib  # only for --diff, not by every rule with a fix (start-up, issue #14)

    from .report.text import secret_lines

    yaml = yaml_lines(path, old)
    a = split_lines(old, keepends=True, yaml=yaml)  # numbered as the file's parser does
    b = split_lines(new, keepends=True, yaml=yaml)
    hide_a, hide_b = secret_lines(a), secret_lines(b)
    shown = _diff_path(path)
    out = []
    for n, line in enumerate(difflib.unified_diff(a, b, shown, shown, n=3)):
        if line.startswith("@@"):
            m = re.match(r"@@ -(\d+)(?:,\d+)? \+(\d+)", line)
            at_a, at_b = (int(m.group(1)), int(m.group(2))) if m else (0, 0)
        elif n >= 2 and line[:1] in " +-":
            hidden = (line[0] != "+" and at_a in hide_a) or (line[0] != "-" and at_b in hide_b)
            line = line[0] + (_redacted(line[1:]) if hidden else _masked(line[1:]))
            at_a += line[0] != "+"
            at_b += line[0] != "-"
        out.append(line)
        if not line.endswith(("\n", "\r")):
            out.append("\n\\ No newline at end of file\n")
    return "".join(out)


def _diff_path(path: str) -> str:
    """``path`` as a diff header shows it: masked when it holds a secret, and quoted (C
    escapes, as git writes it) when a line break, a tab, a quote or an end space in it would
    change what the header says."""
    from .secrets import mask_path

    shown = mask_path(path)
    if any(c in shown for c in "\n\r\t\"") or shown != shown.strip():
        shown = '"' + shown.encode("unicode_escape").decode("ascii").replace('"', '\\"') + '"'
    return shown


def _redacted(line: str) -> str:
    from .report.text import REDACTED

    body = line.rstrip("\r\n")
    indent = body[:len(body) - len(body.lstrip())]
    return indent + REDACTED + line[len(body):]


def _masked(line: str) -> str:
    from .report.text import _looks_secret  # the code frames' test, not a copy

    body = line.rstrip("\r\n")
    if not body.strip() or not _looks_secret(body):
        return line
    return _redacted(line)


# ---------------------------------------------------------------------------------- files


class FileFix(Plain):
    """What fixing one file did: its reported ``path``, its text ``before`` and ``after``
    (without a byte-order mark; ``bom`` says whether it had one), the findings ``fixed``, and
    the fixes left out because they would break the file (``broken``); ``unparsed``: the
    file was left alone because it does not parse cleanly. (A dataclass before:
    ``linter.plain``.)"""

    FIELDS = ("path", "before", "after", "bom", "fixed", "broken", "unparsed")

    def __init__(self, path: str, before: str, after: str, bom: bool = False,
                 fixed: list[Finding] | None = None, broken: list[Finding] | None = None,
                 unparsed: bool = False) -> None:
        self.path = path
        self.before = before
        self.after = after
        self.bom = bom
        self.fixed = [] if fixed is None else fixed  # a new list each
        self.broken = [] if broken is None else broken
        self.unparsed = unparsed

    @property
    def changed(self) -> bool:
        return self.after != self.before

    def data(self) -> bytes:
        """The fixed file's bytes (UTF-8, with its byte-order mark when it had one)."""
        return (_BOM if self.bom else "").encode("utf-8") + self.after.encode("utf-8")


def fix_files(findings: Iterable[Finding], lint: Callable[[str, str], list[Finding]], *,
              unsafe: bool = False, stdin: bytes | None = None,
              stdin_path: str | None = None) -> list[FileFix]:
    """Fix every file that ``findings`` (a run's report) holds fixable findings on: ``lint(text,
    path)`` lints a text as the file ``path`` (its configuration, suppressions, Compose
    project). The first pass fixes the reported findings (rule and place), as the file's own
    lint finds them again with edits of its text: a finding a Kustomize build placed on the
    file carries edits of the rendered text, not of the file. Later passes fix what the same
    rules still report. ``stdin``: the bytes of standard input, reported as ``stdin_path``.
    A file that cannot be read back as UTF-8 is left alone. Returns the files fixed (or
    whose fixes broke them, or left alone because they do not parse)."""
    places: dict[str, set[tuple]] = {}
    for f in findings:
        if f.autofix is not None and f.autofix.edits:
            places.setdefault(f.path, set()).add((f.code, f.span))
    out = []
    for path, mine in places.items():
        if stdin is not None and path == stdin_path:
            data = stdin
        else:
            from .source import Unreadable, read_bytes

            try:
                data = read_bytes(path)
            except Unreadable:
                continue
        bom = data.startswith(_BOM.encode("utf-8"))
        try:
            text = data[3 if bom else 0:].decode("utf-8")
        except UnicodeDecodeError:
            continue  # could not be written back as it was read
        codes = {code for code, _ in mine}
        calls = [0]

        def lint_one(t: str, path: str = path) -> list[Finding]:
            calls[0] += 1
            return lint(t, path)

        def keep(f: Finding, mine: set = mine, codes: set = codes) -> bool:
            return (f.code, f.span) in mine if calls[0] == 1 else f.code in codes

        result = fix_text(text, lint_one, unsafe, keep=keep)
        if result.text != text or result.broken or result.unparsed:
            out.append(FileFix(path, text, result.text, bom, result.fixed, result.broken,
                               result.unparsed))
    return out


def write(fx: FileFix) -> None:
    """Write a fixed file in place: through a temporary file in its directory renamed over
    it (a reader never sees half of it), keeping its permissions; a symbolic link stays one
    (the file it points at is written). Raises ``OSError``."""
    import os
    import stat

    from . import atomic

    target = os.path.realpath(fx.path)
    mode = stat.S_IMODE(os.stat(target).st_mode)
    if not os.access(target, os.W_OK):  # renaming over it would bypass its permissions
        raise PermissionError(13, "Permission denied", fx.path)
    atomic.write_bytes(target, fx.data(), mode=mode, prefix=".shiplint-fix-")


# ------------------------------------------------------------------------------- building


# ``insert``, ``replace`` and ``delete_lines`` (text edits) live in ``linter.findings``


# -- YAML ----------------------------------------------------------------------------------
# Rules see the YAML tree, not the text, so an edit is placed by the spans of the nodes around
# it: a new entry of a block mapping goes on lines of its own (after an entry written on one
# line, or before the first entry), indented like the mapping's keys; one of a flow mapping
# goes after its last entry, in flow style. Nodes that come from elsewhere (a ``<<`` merge,
# an alias) are never edited: the change would reach every place that uses them.


def written_entries(m: YMapping) -> list:
    """The entries written in ``m`` itself (not merged in through ``<<``), in text order."""
    return sorted((e for e in m.entries if not e.merged),
                  key=lambda e: (e.key.span.line, e.key.span.column))


def is_flow(node: YMapping | YSequence, key: YNode | None = None,
            parent: YMapping | None = None) -> bool | None:
    """Whether a collection is written in flow style (``{a: 1}``, ``[a]``); None when its
    spans cannot tell. ``key``: the key whose value it is (a block sequence never starts on
    its key's line; a flow one does). ``parent``: the mapping that holds it, which tells a
    flow mapping whose ``{`` is alone on its line from a block one with an anchor there."""
    if isinstance(node, YMapping):
        first = [e.key.span for e in written_entries(node)]
        if not node.entries:
            return True
        if not first:
            return None
        f = first[0]
        if node.span.line == f.line:
            return node.span.column < f.column
        # something before the first key, on an earlier line: the ``{`` of a flow mapping
        # written over several lines, or the anchor or tag of a block one
        return None if parent is None else _block_ends(node, parent) is False
    if not node.items:
        return True
    first_item = node.items[0].span
    if key is not None and node.span.line == key.span.line:
        return first_item.line == node.span.line  # else: an anchor after the key
    if key is not None:
        return False
    return None


def _block_ends(node: YMapping, parent: YMapping) -> bool | None:
    """Whether ``node`` (a value of ``parent``) ends where a block mapping ends: at the start
    of the next token, the next key of ``parent`` (or where ``parent`` itself ends when it is
    the last value). A flow mapping ends just after its ``}``, which no key follows on the
    same spot. None when ``node`` is not a value written in ``parent``."""
    entries = written_entries(parent)
    at = next((i for i, e in enumerate(entries) if e.value is node), None)
    if at is None:
        return None
    end = (node.span.end_line, node.span.end_column)
    if at + 1 < len(entries):
        nxt = entries[at + 1].key.span
        return end == (nxt.line, nxt.column)
    return end == (parent.span.end_line, parent.span.end_column)


def indent_step(*mappings: YMapping | None, default: int = 2) -> int:
    """How far the file indents a nested block mapping, from the first one found under
    ``mappings`` (breadth first, a bounded walk); ``default`` when none shows it."""
    queue: list[YNode] = [m for m in mappings if m is not None]
    looked = 0
    while queue and looked < 500:
        node = queue.pop(0)
        looked += 1
        if isinstance(node, YMapping):
            for e in written_entries(node):
                v = e.value
                if isinstance(v, YMapping) and v.entries and is_flow(v) is False:
                    inner = written_entries(v)
                    if inner and inner[0].key.span.line > e.key.span.line:
                        step = inner[0].key.span.column - e.key.span.column
                        if step > 0:
                            return step
                queue.append(v)
        elif isinstance(node, YSequence):
            queue.extend(node.items)
    return default


def written_in_place(e) -> bool:
    """An entry whose value is written right after its key (not an alias of a node written
    elsewhere)."""
    k, v = e.key.span, e.value.span
    return (v.line, v.column) >= (k.end_line, k.end_column)


def _one_line_scalar(e) -> bool:
    v = e.value
    return isinstance(v, YScalar) and v.span.line == v.span.end_line == e.key.span.line \
        and e.key.span.line == e.key.span.end_line and written_in_place(e) and \
        (v.value is not None or v.text != "" or v.style != "")


def _flow_value(keys: Sequence[str], leaf: str) -> str:
    text = f"{keys[-1]}: {leaf}"
    for k in reversed(keys[:-1]):
        text = f"{k}: {{{text}}}"
    return text


def _block_lines(keys: Sequence[str], leaf: str, indent: int, step: int) -> str:
    out = []
    for depth, k in enumerate(keys):
        pad = " " * (indent + depth * step)
        out.append(f"{pad}{k}:" + (f" {leaf}" if depth == len(keys) - 1 else ""))
    return "\n".join(out) + "\n"


def add_entry(m: YMapping, keys: Sequence[str], leaf: str, *, step: int,
              value_of_key: bool, parent: YMapping | None = None) -> tuple[Edit, ...] | None:
    """Edits that add ``keys[0]: {keys[1]: ... {keys[-1]: leaf}}`` to the mapping ``m``,
    written in ``m``'s style: in a flow mapping after its last entry, in flow style; in a
    block mapping on new lines, nested by ``step`` columns, after the last entry written on
    one line (a scalar), else (``value_of_key``: ``m`` is a key's value, so its first key
    starts its line) before its first entry. ``leaf`` is YAML text (``false``,
    ``[ALL]``); ``parent``: the mapping ``m`` is a value of, if any (see ``is_flow``).
    None when the spans do not show where it can go safely."""
    flow = is_flow(m, parent=parent)
    entries = written_entries(m)
    if flow is None:
        return None
    if flow:
        if not entries:
            if m.entries or m.span.line != m.span.end_line or m.span.end_column - m.span.column < 2:
                return None
            return (insert(m.span.end_line, m.span.end_column - 1, _flow_value(keys, leaf)),)
        last = max(entries, key=lambda e: (e.value.span.end_line, e.value.span.end_column))
        if not written_in_place(last):
            return None
        end = last.value.span
        return (insert(end.end_line, end.end_column, ", " + _flow_value(keys, leaf)),)
    if not entries:
        return None
    column = entries[0].key.span.column
    if any(e.key.span.column != column for e in entries):
        return None  # keys not aligned: not a block mapping the spans explain
    lines = _block_lines(keys, leaf, column - 1, step)
    scalars = [e for e in entries if _one_line_scalar(e)]
    if scalars:
        after = scalars[-1].key.span.line
        if any(e.key.span.line == after for e in entries if e is not scalars[-1]):
            return None
        return (insert(after + 1, 1, lines),)
    if value_of_key:
        return (insert(entries[0].key.span.line, 1, lines),)
    return None


def append_item(seq: YSequence, item: str, *, key: YNode) -> Edit | None:
    """An edit that adds ``item`` (YAML text) to the sequence ``seq``, the value of ``key``:
    after the last item of a flow sequence, or as a line of its own before the first item of
    a block sequence (``- item`` at the column of its dashes). None when the spans do not
    show where."""
    flow = is_flow(seq, key)
    if flow is None or not (seq.span.line, seq.span.column) >= (key.span.end_line, key.span.end_column):
        return None
    if flow:
        if not seq.items:
            if seq.span.line != seq.span.end_line or seq.span.end_column - seq.span.column < 2:
                return None
            return insert(seq.span.end_line, seq.span.end_column - 1, item)
        last = max(seq.items, key=lambda i: (i.span.end_line, i.span.end_column))
        return insert(last.span.end_line, last.span.end_column, ", " + item)
    first = seq.items[0].span
    if seq.span.line != first.line or first.column - seq.span.column < 2:
        return None  # the dash is not where the spans say it is
    return insert(first.line, 1, " " * (seq.span.column - 1) + f"- {item}\n")
