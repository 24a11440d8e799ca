"""Findings on rendered manifests (``helm template``, ``kustomize build``) pointed back at the
files the user wrote.

When the sources are YAML (Kustomize), a finding is placed *by structure*: the path of the
node it points at in the rendered object (keys, and list items by their ``name``) is
followed in the object of the same kind and name in the source files: the patches first
(they override), except for the keys that only identify (``name`` of a list item,
``metadata``'s ``name``), which are found in the resource file first. Otherwise (Helm
templates are not YAML) *by text*: a rendered line whose text (indentation, a leading
``- ``, a trailing comment and quotes around the value aside) appears exactly once in a
source file gives the line there, the column carried over. Failing both, the finding
points at the first line of the main source file and says which rendered line it was.
"""

from __future__ import annotations

import re

from typing import Any

from .findings import Finding, Span
from .source import display_path, version
from .yaml import YamlDocument, YMapping, YNode, YScalar, YSequence, load

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


# ------------------------------------------------------------------------ by structure

Step = Any  # a mapping key, or ("name", value) / ("#", index) for a list item


def _within(span: Span, line: int, column: int) -> bool:
    return (span.line, span.column) <= (line, column) <= (span.end_line, span.end_column)


def _item_step(item: YNode, index: int) -> Step:
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
                    nxt, step = item, _item_step(item, i)
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
                             and _item_step(i, 0) == step), None)
            else:
                node = node.items[step[1]] if step[1] < len(node.items) else None
        else:
            if not isinstance(node, YMapping):
                return None
            e = node.entry(step)
            node, last_key = (e.value, e.key) if e is not None else (None, None)
        if node is None:
            return None
    target = last_key if key and last_key is not None else node
    return target.span if target is not None else None


def _kind_name(root: YNode | None) -> tuple[str, str] | None:
    if not isinstance(root, YMapping):
        return None
    k, meta = root.get("kind"), root.get("metadata")
    n = meta.get("name") if isinstance(meta, YMapping) else None
    if isinstance(k, YScalar) and isinstance(n, YScalar) and n.value is not None:
        return k.as_str(), n.as_str()
    return None


_docs_cache: dict[tuple, list[YamlDocument]] = {}


def _documents(path: str) -> list[YamlDocument]:
    """The YAML documents of a source file (read once per version of the file)."""
    key = version(path)
    if key is None:
        return []
    found = _docs_cache.get(key)
    if found is None:
        lines = _read_lines(path)
        found = load("\n".join(lines) + "\n")[0] if lines else []
        if len(_docs_cache) > 4096:
            _docs_cache.clear()
        _docs_cache[key] = found
    return found


def _resource_object(path: str, kind: str, name: str) -> tuple[YNode, str] | None:
    """The document of the resource file ``path`` that a rendered ``kind``/``name`` came from
    (a name may have gained a prefix, suffix or hash): the longest name contained in it;
    with that name as written."""
    best, best_len, tie = None, -1, False
    for doc in _documents(path):
        kn = _kind_name(doc.root)
        if kn is None or kn[0] != kind or kn[1] not in name:
            continue
        if len(kn[1]) > best_len:
            best, best_len, tie = (doc.root, kn[1]), len(kn[1]), False
        elif len(kn[1]) == best_len:
            tie = True
    return None if tie else best


def _patch_object(path: str, kind: str, name: str) -> YNode | None:
    """The document of the patch file ``path`` that patches ``kind``/``name`` (the name as
    the resource file writes it: patches name what they patch exactly)."""
    return next((d.root for d in _documents(path) if _kind_name(d.root) == (kind, name)), None)


def _identifying(path: list[Step], key: bool) -> bool:
    """Whether the node at ``path`` is found in the resource file before the patches: a
    whole object or list item (a container: a patch naming it does not define it), or a key
    that only identifies one."""
    last = path[-1] if path else None
    return not path or isinstance(last, tuple) or last in ("name", "kind", "apiVersion") \
        or path[:2] == ["metadata", "name"] or (key and isinstance(last, str) and len(path) == 1)


def _is_collection(root: YNode, path: list[Step]) -> bool:
    """Whether the value at ``path`` under ``root`` is a mapping or a list."""
    node: YNode | None = root
    for step in path:
        if isinstance(step, tuple):
            items = node.items if isinstance(node, YSequence) else []
            node = next((i for n, i in enumerate(items) if _item_step(i, n) == step), None)
        else:
            node = node.get(step) if isinstance(node, YMapping) else None
        if node is None:
            return False
    return isinstance(node, (YMapping, YSequence))


def locate_structurally(rendered_docs: list[YamlDocument], line: int, column: int,
                        sources: list[str]) -> tuple[str, Span] | None:
    """Where the rendered node at ``(line, column)`` is written in ``sources`` (the first is
    the resource file, the others patches), or ``None``."""
    doc = next((d for d in rendered_docs if d.root is not None
                and d.span.line <= line <= d.span.end_line), None)
    if doc is None or doc.root is None:
        return None
    kn = _kind_name(doc.root)
    found = path_at(doc.root, line, column)
    if kn is None or found is None:
        return None
    path, key = found
    resource = _resource_object(sources[0], *kn)
    if resource is None:
        return None
    roots = [(sources[0], resource[0])] + [
        (src, root) for src in sources[1:]
        if (root := _patch_object(src, kn[0], resource[1])) is not None]
    if not _identifying(path, key) and not (key and _is_collection(doc.root, path)):
        roots = roots[1:] + roots[:1]  # patches override (a value; a whole list or mapping
        # under a key, like 'containers:', is where the resource file writes it)
    for src, root in roots:
        span = follow(root, path, key)
        if span is not None:
            return src, span
    return None


# ----------------------------------------------------------------------------- mapping


def map_back(findings: list[Finding], rendered: str, sources: list[str], what: str,
             structural: bool = False) -> list[Finding]:
    """Point ``findings`` on the ``rendered`` text at ``sources`` (paths; the first is the
    main one, the others are searched after it: patches). ``what`` names the rendering in
    messages (``the rendered chart``). ``structural``: the sources are YAML, place by
    structure first (see the module docstring). Paths are returned as given, with ``/``."""
    lines = rendered.splitlines()
    texts = {path: _read_lines(path) for path in dict.fromkeys(sources)}
    docs = load(rendered)[0] if structural else []
    out = []
    for f in findings:
        placed = locate_structurally(docs, f.span.line, f.span.column, sources) \
            if structural else None
        if placed is not None:
            path, sp = placed
            span = Span(sp.line, sp.column, sp.line,
                        sp.end_column if sp.end_line == sp.line else len(texts[path][sp.line - 1]) + 1)
            out.append(Finding(f.code, f.name, f.severity, f"{f.message} (in {what})",
                               display_path(path), span, f.fix))
            continue
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
