"""Findings on rendered manifests (``helm template``, ``kustomize build``) pointed back at the
files the user wrote.

Helm templates are not YAML, so their findings are placed *by text*: a rendered line whose
text (indentation, a leading ``- ``, a trailing comment and quotes around the value aside)
appears exactly once in a source file gives the line there, the column carried over; else
the nearest enclosing node whose line does. Kustomize sources are YAML, and
``linter.kustomize_placement`` places by structure with the helpers here: the path of a
node in a rendered object (keys, and list items by their ``name``) and the node that path
leads to in another tree.
"""

from __future__ import annotations


from typing import Any

from . import lazyre
from .findings import Finding, Span
from .source import display_path
from .yaml import YamlDocument, YMapping, YNode, YScalar, YSequence, load

_COMMENT = lazyre.compile(r"\s+#.*$")
_QUOTED = lazyre.compile(r"""^((?:[^:'"]+:\s+)?)(["'])(.*)\2$""")


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
    from .source import Unreadable, read_text

    try:
        return read_text(path).splitlines()
    except Unreadable:
        return []


# ------------------------------------------------------------------------ by structure

Step = Any  # a mapping key, or ("name", value) / ("#", index) for a list item


def _within(span: Span, line: int, column: int) -> bool:
    return (span.line, span.column) <= (line, column) <= (span.end_line, span.end_column)


def item_step(item: YNode, index: int) -> Step:
    if isinstance(item, YMapping):
        n = item.get("name")
        if isinstance(n, YScalar) and n.value is not None:
            return ("name", n.as_str())
    return ("#", index)


def path_at(root: YNode, line: int, column: int) -> tuple[list[Step], bool] | None:
    """The path from ``root`` to the deepest node (or mapping key) starting at
    ``(line, column)``, and whether it is the key; ``None`` if none starts there."""
    best: tuple[list[Step], bool] | None = None
    node: YNode | None = root
    path: list[Step] = []
    while node is not None:
        if (node.span.line, node.span.column) == (line, column):
            best = (list(path), False)
        nxt = None
        if isinstance(node, YMapping):
            for e in node.entries:  # keys first: a block value ends where the next key starts
                if (e.key.span.line, e.key.span.column) == (line, column):
                    if best is not None and path and isinstance(path[-1], tuple):
                        return best  # a list item (a container) starts with this key: the item
                    return path + [e.name], True
            for e in node.entries:
                if e.value is not None and _within(e.value.span, line, column):
                    nxt, step = e.value, e.name
                    break
        elif isinstance(node, YSequence):
            for i, item in enumerate(node.items):
                if _within(item.span, line, column):
                    nxt, step = item, item_step(item, i)
                    break
        if nxt is None:
            break
        path.append(step)
        node = nxt
    return best


def follow(root: YNode, path: list[Step], key: bool) -> Span | None:
    """The span ``path`` leads to under ``root`` (the key's, when ``key``), or ``None``."""
    node: YNode | None = root
    last_key: YNode | None = None
    for step in path:
        if isinstance(step, tuple):
            if not isinstance(node, YSequence):
                return None
            if step[0] == "name":
                node = next((i for i in node.items if isinstance(i, YMapping)
                             and item_step(i, 0) == step), None)
            else:
                node = node.items[step[1]] if 0 <= step[1] < len(node.items) else None
        else:
            if not isinstance(node, YMapping):
                return None
            e = node.entry(step)
            node, last_key = (e.value, e.key) if e is not None else (None, None)
        if node is None:
            return None
    target = last_key if key and last_key is not None else node
    return target.span if target is not None else None


def identifying(path: list[Step], key: bool) -> bool:
    """Whether the node at ``path`` is found in the resource file before the patches: a
    whole object or list item (a container: a patch naming it does not define it), or a key
    that only identifies one."""
    last = path[-1] if path else None
    return not path or isinstance(last, tuple) or last in ("name", "kind", "apiVersion") \
        or path[:2] == ["metadata", "name"] or (key and isinstance(last, str) and len(path) == 1)


def is_collection(root: YNode, path: list[Step]) -> bool:
    """Whether the value at ``path`` under ``root`` is a mapping or a list."""
    node: YNode | None = root
    for step in path:
        if isinstance(step, tuple):
            items = node.items if isinstance(node, YSequence) else []
            node = next((i for n, i in enumerate(items) if item_step(i, n) == step), None)
        else:
            node = node.get(step) if isinstance(node, YMapping) else None
        if node is None:
            return False
    return isinstance(node, (YMapping, YSequence))


# ----------------------------------------------------------------------------- mapping


def map_back(findings: list[Finding], rendered: str, sources: list[str], what: str
             ) -> list[Finding]:
    """Point ``findings`` on the ``rendered`` text at ``sources`` (paths; the first is the
    main one, the others are searched after it). ``what`` names the rendering in messages
    (``the rendered chart``). A rendered line whose text is written once in a source gives
    the place; else the nearest enclosing node whose line is (the container of a value a
    template computes, the object's ``kind:``); else the first line of the main source, with
    the rendered line in the message. Paths are returned as given, with ``/``."""
    out = []
    for f, path, span, unplaced in place_by_text(findings, rendered, sources):
        message = f"{f.message} (in {what}" + (
            f", rendered line {unplaced})" if unplaced is not None else ")")
        out.append(Finding(f.code, f.name, f.severity, message, display_path(path), span, f.fix))
    return out


def place_by_text(findings: list[Finding], rendered: str, sources: list[str]
                  ) -> list[tuple[Finding, str, Span, int | None]]:
    """``map_back``'s placing: for each finding, ``(finding, path, span, None)`` where its
    rendered line is written, or ``(finding, the main source, its first line, the rendered
    line)`` when it cannot be told."""
    lines = rendered.splitlines()
    texts = {path: _read_lines(path) for path in dict.fromkeys(sources)}
    docs: list[YamlDocument] | None = None
    out: list[tuple[Finding, str, Span, int | None]] = []
    for f in findings:
        where = _text_place(lines, f.span, texts)
        if where is None:
            if docs is None:
                docs = load(rendered)[0]
            for line in _enclosing_lines(docs, f.span.line, f.span.column):
                where = _text_place(lines, Span(line, 1, line, 1), texts, whole_line=True)
                if where is not None:
                    break
        if where is not None:
            out.append((f, where[0], where[1], None))
        else:
            out.append((f, sources[0], Span(1, 1, 1, 2), f.span.line))
    return out


def _text_place(lines: list[str], at: Span, texts: dict[str, list[str]],
                whole_line: bool = False) -> tuple[str, Span] | None:
    """Where the rendered line of ``at`` is written in a source (by text), the columns
    carried over; ``whole_line``: the finding covers the source line."""
    r_line = lines[at.line - 1] if 0 < at.line <= len(lines) else ""
    wanted = normalise(r_line)
    where = _locate(wanted, texts) if wanted else None
    if where is None:
        return None
    path, line, s_at = where
    src = texts[path][line - 1]
    # the text starts at r_at in the rendered line and at s_at in the file (when quoting
    # differs, the finding covers the line)
    r_at = r_line.find(wanted)
    if whole_line or r_at < 0 or at.end_line != at.line:
        col, end = s_at + 1, len(src) + 1
    else:
        col = max(at.column - 1 - r_at, 0) + s_at + 1
        end = max(at.end_column - 1 - r_at, 0) + s_at + 1
    return path, Span(line, col, line, max(end, col + 1))


def _enclosing_lines(docs: list[YamlDocument], line: int, column: int) -> list[int]:
    """The lines of the nodes that enclose the rendered node at ``(line, column)``, the
    nearest first, then the line of its object's ``kind``."""
    doc = next((d for d in docs if d.root is not None and d.span.line <= line <= d.span.end_line),
               None)
    if doc is None or not isinstance(doc.root, YMapping):
        return []
    found = path_at(doc.root, line, column)
    out: list[int] = []
    if found is not None:
        steps = found[0]
        for i in range(len(steps) - 1, 0, -1):
            span = follow(doc.root, steps[:i], False)
            key = follow(doc.root, steps[:i], True) if isinstance(steps[i - 1], str) else None
            for sp in (key, span):
                if sp is not None and sp.line != line and sp.line not in out:
                    out.append(sp.line)
    kind = doc.root.entry("kind")
    if kind is not None and kind.key.span.line not in out:
        out.append(kind.key.span.line)
    return out
