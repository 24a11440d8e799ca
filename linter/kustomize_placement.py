"""Which file of a Kustomize build wrote a rendered value.

A built object comes from one resource file (its *origin*, which Kustomize names in the
``config.kubernetes.io/origin`` annotation) or from a generator, and is then changed by the
components and patches of every kustomization on the way from that file to the directory
being built. A finding on a rendered node belongs on the line that wrote the value at fault
(``../shared/reference/kustomize-placement.md``):

1. the last patch on the way that sets that node: a strategic-merge patch by the node's path
   (list items matched by their ``name``), a JSON 6902 patch by the path of an op, an inline
   patch in the kustomization file itself; components are overlays too;
2. else the resource file, where the node is written;
3. else the object itself: the deepest part of the node's path that the resource file
   writes (a value no file writes, such as a name prefix, is the build's), never a line of a
   file that does not hold the object.

A node that only names what it changes (a list item such as a container, the ``name`` of
one, ``metadata.name``) is looked for in the resource file first: a patch that names
container ``web`` to change it does not define it. A container a patch *adds* is found in
that patch.

Generated ConfigMaps and Secrets are placed on their generator entry in the kustomization
file, and a key of their data on the literal or file that gives it.

``Placer`` is made once per run: it reads each kustomization and patch file once.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field

from . import source
from .findings import Span
from .kustomize import FILES, REMOTE, kustomization_file
from .rendered import Step, follow, identifying, is_collection, item_step, path_at
from .yaml import YamlDocument, YMapping, YNode, YScalar, YSequence, load

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Any, Iterator

#: how deep kustomizations may nest (bases of bases...) before the walk stops
MAX_DEPTH = 32


@dataclass
class Patch:
    """One patch: the documents of its text, with spans in ``file`` (a patch file, or the
    kustomization file for an inline patch), and the ``target`` selector it was given."""

    file: str
    docs: list[YamlDocument]
    target: dict[str, str] | None = None


@dataclass
class Layer:
    """One kustomization (or component) with what it applies, in the order Kustomize does:
    its resources (files, and kustomizations built first), then its components, then its
    patches."""

    directory: str
    file: str
    node: YMapping | None
    resources: list[str] = field(default_factory=list)  # absolute paths of files
    children: list["Layer"] = field(default_factory=list)
    components: list["Layer"] = field(default_factory=list)
    patches: list[Patch] = field(default_factory=list)
    #: every file the kustomization names that exists (resources, patches, generator inputs)
    named: set[str] = field(default_factory=set)

    def walk(self) -> Iterator["Layer"]:
        yield self
        for sub in self.children + self.components:
            yield from sub.walk()


class Placer:
    """Finds the writer of a rendered node (see the module docstring); one per run."""

    def __init__(self) -> None:
        self._docs: dict[tuple, list[YamlDocument]] = {}
        self._texts: dict[tuple, list[str]] = {}
        self._layers: dict[str, Layer | None] = {}

    # ---------------------------------------------------------------- reading files

    def line(self, path: str, number: int) -> str:
        """Line ``number`` (1-based) of the file at ``path`` (``""`` past its end)."""
        key = source.version(path)
        text = self._texts.get(key) if key is not None else None
        if text is None:
            text = (source.read(path).text or "").splitlines()
            if key is not None:
                self._texts[key] = text
        return text[number - 1] if 0 < number <= len(text) else ""

    def documents(self, path: str) -> list[YamlDocument]:
        """The YAML documents of a file, read once per version of it."""
        key = source.version(path)
        if key is None:
            return []
        found = self._docs.get(key)
        if found is None:
            src = source.read(path)
            found = load(src.text)[0] if src.text else []
            self._docs[key] = found
        return found

    def layer(self, directory: str, _depth: int = 0, _seen: frozenset = frozenset()
              ) -> Layer | None:
        """The kustomization of ``directory`` with its bases and components, read once."""
        directory = os.path.abspath(directory)
        if directory in self._layers:
            return self._layers[directory]
        kfile = kustomization_file(directory)
        if kfile is None or _depth > MAX_DEPTH or directory in _seen:
            return None
        docs = self.documents(kfile)
        root = next((d.root for d in docs if isinstance(d.root, YMapping)), None)
        out = Layer(directory, kfile, root)
        seen = _seen | {directory}
        for ref, _node in _strings(root, "resources") + _strings(root, "bases"):
            if REMOTE.search(ref):
                continue
            full = os.path.normpath(os.path.join(directory, ref))
            if os.path.isdir(full):
                child = self.layer(full, _depth + 1, seen)
                if child is not None:
                    out.children.append(child)
            elif os.path.isfile(full):
                out.resources.append(full)
        for ref, _node in _strings(root, "components"):
            full = os.path.normpath(os.path.join(directory, ref))
            if not REMOTE.search(ref) and os.path.isdir(full):
                comp = self.layer(full, _depth + 1, seen)
                if comp is not None:
                    out.components.append(comp)
        out.patches = list(self._patches(directory, kfile, root))
        out.named = _named_files(directory, root)
        self._layers[directory] = out
        return out

    def _patches(self, directory: str, kfile: str, root: YMapping | None) -> Iterator[Patch]:
        if root is None:
            return
        for key in ("patchesStrategicMerge", "patches", "patchesJson6902"):
            items = root.get(key)
            if not isinstance(items, YSequence):
                continue
            for item in items.items:
                target = None
                text_node: YNode | None = item
                if isinstance(item, YMapping):
                    target = _selector(item.get("target"))
                    text_node = item.get("patch") if item.get("patch") is not None \
                        else item.get("path")
                    if text_node is item.get("path") and isinstance(text_node, YScalar):
                        yield self._file_patch(directory, text_node.as_str(), target)
                        continue
                if not isinstance(text_node, YScalar) or text_node.value is None:
                    continue
                text = text_node.as_str()
                if "\n" in text or text.lstrip().startswith(("[", "{")):
                    yield Patch(kfile, _inline_docs(kfile, text_node, self), target)
                else:
                    yield self._file_patch(directory, text, target)

    def _file_patch(self, directory: str, rel: str, target: dict | None) -> Patch:
        path = os.path.normpath(os.path.join(directory, rel))
        return Patch(path, self.documents(path) if os.path.isfile(path) else [], target)

    def referenced(self, directories: list[str]) -> set[str]:
        """The directories among ``directories`` that another one builds on (a base, a
        component): they are linted through the builds that use them."""
        inner: set[str] = set()
        for d in directories:
            top = self.layer(d)
            if top is None:
                continue
            for sub in top.walk():
                if sub is not top:
                    inner.add(sub.directory)
        return {d for d in directories if os.path.abspath(d) in inner}

    # ---------------------------------------------------------------- placing

    def place(self, build_dir: str, origin: str, rendered: YMapping, line: int, column: int
              ) -> tuple[str, Span] | None:
        """Where the node of ``rendered`` (an object of the build of ``build_dir``, from the
        file ``origin``) at ``(line, column)`` was written: ``(path, span)``, or ``None``
        when it cannot be told (the origin cannot be read)."""
        found = path_at(rendered, line, column)
        if found is None:
            return None
        steps, key = found
        kind, name = _kind_name(rendered) or ("", "")
        top = self.layer(build_dir)
        chain = self._chain(top, origin) if top is not None else None
        if os.path.basename(origin) in FILES:  # a generated object: its generator entry
            return self._generated(origin, kind, name, steps)
        resource = self._resource_object(origin, kind, name)
        if resource is None:
            return None
        res_root, written_name = resource
        writers = []
        for layer in chain or []:
            for patch in layer.patches[::-1]:
                writers.append(patch)
        ident = identifying(steps, key) or (key and is_collection(rendered, steps))
        labels = _labels(rendered)
        names = {written_name, name}
        for where in (["origin"] + writers) if ident else (writers + ["origin"]):
            if where == "origin":
                span = follow(res_root, steps, key)
                if span is not None:
                    return origin, span
                continue
            span = self._in_patch(where, steps, key, kind, names, labels, rendered)
            if span is not None:
                return where.file, span
        for i in range(len(steps) - 1, -1, -1):  # the object itself, as deep as it is written
            span = follow(res_root, steps[:i], False)
            if span is not None:
                return origin, span
        return origin, res_root.span

    def _chain(self, top: Layer, origin: str) -> list[Layer] | None:
        """The layers that change objects of ``origin``, outermost (applied last) first:
        each kustomization from ``top`` down to the one listing the file, and at each one
        its components (applied before its own patches)."""
        def down(layer: Layer, trail: list[Layer]) -> list[Layer] | None:
            here = trail + [layer]
            if origin in layer.resources:
                return here
            for sub in layer.children + layer.components:
                found = down(sub, here)
                if found is not None:
                    return found
            return None

        path = down(top, [])
        if path is None:
            return None
        out: list[Layer] = []
        for i, layer in enumerate(path):
            out.append(layer)  # its own patches apply after its components
            nxt = path[i + 1] if i + 1 < len(path) else None
            for comp in layer.components[::-1]:
                if comp is not nxt:
                    out.extend(c for c in comp.walk())
        return out

    def _in_patch(self, patch: Patch, steps: list[Step], key: bool, kind: str,
                  names: set[str], labels: dict[str, str], rendered: YMapping) -> Span | None:
        for doc in patch.docs[::-1]:  # a later document of a file applies later
            root = doc.root
            if isinstance(root, YSequence):  # JSON 6902: a list of operations
                if patch.target is None or not _selects(patch.target, kind, names, labels,
                                                        rendered):
                    continue
                span = _in_operations(root, steps, key, rendered)
            elif isinstance(root, YMapping):
                if patch.target is not None:
                    if not _selects(patch.target, kind, names, labels, rendered):
                        continue
                else:
                    kn = _kind_name(root)
                    if kn is None or kn[0] != kind or not _names_match(kn[1], names):
                        continue
                span = follow(root, steps, key)
            else:
                continue
            if span is not None:
                return span
        return None

    def _resource_object(self, path: str, kind: str, name: str) -> tuple[YMapping, str] | None:
        """The document of the resource file ``path`` a rendered ``kind``/``name`` came from
        (a name may have gained a prefix, suffix or hash): the longest name contained in
        it; with that name as written."""
        best, best_len, tie = None, -1, False
        for doc in self.documents(path):
            kn = _kind_name(doc.root)
            if kn is None or kn[0] != kind or kn[1] not in name:
                continue
            if len(kn[1]) > best_len:
                best, best_len, tie = (doc.root, kn[1]), len(kn[1]), False
            elif len(kn[1]) == best_len:
                tie = True
        return None if tie else best  # type: ignore[return-value]

    def _generated(self, kfile: str, kind: str, name: str, steps: list[Step]
                   ) -> tuple[str, Span] | None:
        """A generated ConfigMap or Secret: its generator entry in ``kfile``, and for a key of
        its data, the literal or file that gives the key."""
        root = next((d.root for d in self.documents(kfile) if isinstance(d.root, YMapping)), None)
        if root is None:
            return None
        generators = root.get({"ConfigMap": "configMapGenerator",
                               "Secret": "secretGenerator"}.get(kind, ""))
        if not isinstance(generators, YSequence):
            return kfile, root.span
        best = None
        for item in generators.items:
            n = item.get("name") if isinstance(item, YMapping) else None
            if isinstance(n, YScalar) and n.as_str() and n.as_str() in name and (
                    best is None or len(n.as_str()) > len(best[0])):
                best = (n.as_str(), item)
        if best is None:
            return kfile, generators.span
        item = best[1]
        if len(steps) >= 2 and steps[0] in ("data", "stringData", "binaryData") \
                and isinstance(steps[1], str):
            wanted = steps[1]
            for text, node in _strings(item, "literals") + _strings(item, "files"):
                k = text.split("=", 1)[0] if "=" in text else os.path.basename(text)
                if k.strip() == wanted:
                    return kfile, node.span
            for text, node in _strings(item, "envs") + _strings(item, "env"):
                env = os.path.normpath(os.path.join(os.path.dirname(kfile), text))
                for n, line in enumerate((source.read(env).text or "").splitlines(), 1):
                    if line.split("=", 1)[0].strip() == wanted:
                        return env, Span(n, 1, n, len(line) + 1)
        return kfile, item.span


# ----------------------------------------------------------------------------- helpers


def _strings(node: YNode | None, key: str) -> list[tuple[str, YScalar]]:
    """The string items of the list at ``key`` of ``node`` (with their nodes)."""
    items = node.get(key) if isinstance(node, YMapping) else None
    if not isinstance(items, YSequence):
        return []
    return [(i.as_str(), i) for i in items.items if isinstance(i, YScalar) and i.value is not None]


def _named_files(directory: str, root: YMapping | None) -> set[str]:
    """Absolute paths of the files a kustomization names (resources, patches, generator
    inputs, ...) that exist."""
    out: set[str] = set()
    stack: list[Any] = [root]
    while stack:
        n = stack.pop()
        if isinstance(n, YMapping):
            stack.extend(e.value for e in n.entries)
        elif isinstance(n, YSequence):
            stack.extend(n.items)
        elif isinstance(n, YScalar) and isinstance(n.value, str) and "\n" not in n.value \
                and len(n.value) < 4096:
            rel = n.value.split("=", 1)[-1]  # generators: files: [key=path]
            p = os.path.normpath(os.path.join(directory, rel))
            if os.path.isfile(p):
                out.add(os.path.abspath(p))
    return out


def _selector(node: YNode | None) -> dict[str, str] | None:
    if not isinstance(node, YMapping):
        return None
    return {e.name: e.value.as_str() for e in node.entries
            if isinstance(e.name, str) and isinstance(e.value, YScalar)}


def _kind_name(root: YNode | None) -> tuple[str, str] | None:
    if not isinstance(root, YMapping):
        return None
    k, meta = root.get("kind"), root.get("metadata")
    n = meta.get("name") if isinstance(meta, YMapping) else None
    if isinstance(k, YScalar) and isinstance(n, YScalar) and n.value is not None:
        return k.as_str(), n.as_str()
    return None


def _names_match(patch_name: str, names: set[str]) -> bool:
    """A patch names its object as the kustomization that applies it sees it: as written in
    the resource file, or with the prefixes and suffixes of the layers below."""
    written = min(names, key=len)
    return patch_name in names or any(written in patch_name and patch_name in n for n in names)


def _labels(root: YMapping) -> dict[str, str]:
    meta = root.get("metadata")
    labels = meta.get("labels") if isinstance(meta, YMapping) else None
    if not isinstance(labels, YMapping):
        return {}
    return {str(e.name): e.value.as_str() for e in labels.entries if isinstance(e.value, YScalar)}


def _selects(target: dict[str, str], kind: str, names: set[str], labels: dict[str, str],
             rendered: YMapping) -> bool:
    """Whether a patch ``target`` selects the object (kind, group, version, name as a
    regular expression, equality-based label selectors; set-based ones are taken to match)."""
    if target.get("kind") and target["kind"] != kind:
        return False
    api = rendered.get("apiVersion")
    api_text = api.as_str() if isinstance(api, YScalar) else ""
    group, _, version = api_text.rpartition("/")
    if target.get("group") is not None and target["group"] != group:
        return False
    if target.get("version") and target["version"] != version:
        return False
    if target.get("name"):
        try:
            pattern = re.compile(target["name"])
        except re.error:
            pattern = re.compile(re.escape(target["name"]))
        if not any(pattern.fullmatch(n) for n in names):
            return False
    for term in (target.get("labelSelector") or "").split(","):
        term = term.strip()
        if not term or " in " in term or "(" in term:
            continue
        if "!=" in term:
            k, v = (s.strip() for s in term.split("!=", 1))
            if labels.get(k) == v:
                return False
        elif "=" in term:
            k, v = (s.strip() for s in term.replace("==", "=").split("=", 1))
            if labels.get(k) != v:
                return False
        elif term.startswith("!"):
            if term[1:] in labels:
                return False
        elif term not in labels:
            return False
    return True


def _pointer_steps(pointer: str, rendered: YNode | None) -> list[Step]:
    """A JSON pointer (``/spec/template/spec/containers/0/image``) as path steps, list
    positions turned into the item's name where the rendered object has one."""
    steps: list[Step] = []
    node = rendered
    for raw in pointer.split("/")[1:]:
        tok = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(node, YSequence) or (node is None and (tok.isdigit() or tok == "-")):
            items = node.items if isinstance(node, YSequence) else []
            idx = len(items) - 1 if tok == "-" else int(tok) if tok.isdigit() else -1
            if 0 <= idx < len(items):
                steps.append(item_step(items[idx], idx))
                node = items[idx]
            else:
                steps.append(("#", idx))
                node = None
        else:
            steps.append(tok)
            node = node.get(tok) if isinstance(node, YMapping) else None
    return steps


def _in_operations(ops: YSequence, steps: list[Step], key: bool, rendered: YMapping
                   ) -> Span | None:
    """The span of the JSON 6902 operation (the last that applies) that writes the node
    at ``steps``."""
    for op in ops.items[::-1]:
        if not isinstance(op, YMapping):
            continue
        what, path = op.str("op"), op.get("path")
        if what not in ("add", "replace", "copy", "move") or not isinstance(path, YScalar):
            continue
        at = _pointer_steps(path.as_str(), rendered)
        if steps[:len(at)] != at:
            continue
        rest = steps[len(at):]
        value = op.get("value")
        if what in ("copy", "move") or value is None:
            return path.span if not rest else None
        if not rest:
            return path.span if key else value.span
        span = follow(value, rest, key)
        if span is not None:
            return span
    return None


def _inline_docs(kfile: str, node: YScalar, placer: Placer) -> list[YamlDocument]:
    """The documents of an inline patch (a string in the kustomization file), with spans
    moved to where its text is written in the file: a block scalar's lines start on the
    line after its indicator, at its indentation; a one-line string at its first column."""
    text = node.as_str()
    docs, _ = load(text)
    lines = (source.read(kfile).text or "").splitlines()
    if node.style in ("|", ">"):
        first = node.span.line  # 0-based index of the line after the indicator
        body = next((ln for ln in lines[first:first + 50] if ln.strip()), "")
        indent = len(body) - len(body.lstrip(" "))
        dl, dc = node.span.line, indent
    else:
        dl, dc = node.span.line - 1, node.span.column - 1 + (1 if node.style else 0)
    for d in docs:
        _shift(d.root, dl, dc)
    return docs


def _shift(node: YNode | None, dl: int, dc: int, seen: set[int] | None = None) -> None:
    seen = set() if seen is None else seen
    if node is None or id(node) in seen:
        return
    seen.add(id(node))
    s = node.span
    node.span = Span(s.line + dl, s.column + dc, s.end_line + dl, s.end_column + dc)
    if isinstance(node, YMapping):
        for e in node.entries:
            _shift(e.key, dl, dc, seen)
            _shift(e.value, dl, dc, seen)
    elif isinstance(node, YSequence):
        for i in node.items:
            _shift(i, dl, dc, seen)
