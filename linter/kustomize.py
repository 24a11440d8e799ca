"""Kustomize directories: render with ``kustomize build`` (or ``kubectl kustomize``) when one
is installed, lint what it renders, and point findings at the files the objects come from.

A directory holding ``kustomization.yaml`` (``.yml``, or ``Kustomization``) is a
kustomization. Its resource files are mostly plain manifests, but what is deployed is the
build: patches change them, ``namePrefix`` and generators rename and add objects, overlays
stack on bases. When a program is found, the walk yields the directory as one unit and skips
the files its kustomization names (resources, patches, generator inputs); the build is
linted, each object as if it were written in the file it came from.

Origins come from Kustomize itself: the directory is built through a temporary wrapper
kustomization with ``buildMetadata: [originAnnotations]``, so every object says which file
(or which generator in which kustomization file) made it. A finding is placed at the same
place in the object's structure in that file or in a patch of the directory
(``linter.rendered``); otherwise at its first line, with the rendered line in the message.
Suppression comments of those files apply to the findings mapped into them.

Without a program, each kustomization gets one ``kustomize-build`` info finding and its
files are linted one by one, except its patches: a patch is a partial object, never linted
alone. ``SHIPLINT_KUSTOMIZE`` names the program (``kustomize`` or
``kubectl``, or any program taking ``build DIR``); ``SHIPLINT_KUSTOMIZE=none`` turns
rendering off. A Kustomize *component* (``kind: Component``) is only built as part of
another kustomization, so it is not a unit of its own.
"""

from __future__ import annotations

import os
import re

from . import lazyre
# where a run finds kustomizations (``linter.source``: a one-file run imports no
# kustomize module)
from .source import KUSTOMIZATION_FILES as FILES, kustomization_file  # noqa: F401
from .findings import Problem
from .plain import Plain
from .source import display_path, version

#: seconds one build may take (remote bases are fetched over the network)
TIMEOUT = 120
#: klog's prefix on kubectl's messages (level, date, time, thread, file:line)
_KLOG = lazyre.compile(r"^[IWEF]\d{4} \d\d:\d\d:\d\d\.\d+\s+\d+ [\w.-]+:\d+\] ")
_ORIGIN = lazyre.compile(r"^\s+config\.kubernetes\.io/origin:\s*\|\s*$")
_ORIGIN_FIELD = lazyre.compile(r"^\s+(path|configuredIn):\s*(\S.*?)\s*$")


_read_cache: dict[tuple, dict] = {}


def _version(directory: str) -> tuple | None:
    """The kustomization file of ``directory`` and its version (path, mtime, size), a cache
    key; ``None`` when there is none (or it vanished)."""
    path = kustomization_file(directory)
    return version(path) if path is not None else None


def _read_kustomization(directory: str) -> dict | None:
    """The kustomization of ``directory`` as plain data (``{}`` when unreadable, ``None``
    when there is none); read once per file version."""
    key = _version(directory)
    if key is None:
        return None
    path = key[0]
    found = _read_cache.get(key)
    if found is None:
        from ruamel.yaml import YAML
        from ruamel.yaml.error import YAMLError

        from .source import Unreadable, read_text

        try:
            data = YAML(typ="safe", pure=True).load(read_text(path, 1024 * 1024))
        except (Unreadable, YAMLError, ValueError, RecursionError):
            data = {}
        found = data if isinstance(data, dict) else {}
        if len(_read_cache) > 256:
            _read_cache.clear()
        _read_cache[key] = found
    return found


def is_kustomization(directory: str) -> bool:
    """Whether ``directory`` holds a kustomization that is built on its own (a Kustomize
    *component*, ``kind: Component``, is only built as part of another one)."""
    data = _read_kustomization(directory)
    return data is not None and data.get("kind") != "Component"


def disabled() -> bool:
    """``SHIPLINT_KUSTOMIZE=none``: lint kustomization files one by one, say nothing."""
    chosen = os.environ.get("SHIPLINT_KUSTOMIZE")
    return chosen is not None and chosen.strip().lower() in ("", "none", "off", "0", "false")


def program() -> list[str] | None:
    """The command that builds a directory (``[..., DIR]`` is appended), or ``None``."""
    if disabled():
        return None
    import shutil  # only when a directory is built (start-up, issue #14)

    chosen = os.environ.get("SHIPLINT_KUSTOMIZE")
    if chosen is not None:
        found = shutil.which(chosen) or chosen
        return [found, "kustomize"] if os.path.basename(found).startswith("kubectl") \
            else [found, "build"]
    found = shutil.which("kustomize")
    if found:
        return [found, "build"]
    found = shutil.which("kubectl")
    return [found, "kustomize"] if found else None


#: what Kustomize fetches: URLs, go-getter and scp-like git addresses, host/path with ?ref=
REMOTE = lazyre.compile(r"://|^git(?:@|::)|^[\w.-]+\.[a-z]{2,}/|[?&]ref=", re.IGNORECASE)


def _strings(data: object) -> list[str]:
    out: list[str] = []
    stack = [data]
    while stack:
        v = stack.pop()
        if isinstance(v, dict):
            stack.extend(v.values())
        elif isinstance(v, list):
            stack.extend(v)
        elif isinstance(v, str) and "\n" not in v and len(v) < 4096:
            out.append(v)
    return out


def remote_resources(directory: str) -> list[str]:
    """The resources, components and bases of ``directory``'s kustomization, or of the local
    kustomizations it builds on, that are URLs (fetching them would make a lint depend on
    the network)."""
    out: list[str] = []
    todo, seen = [os.path.abspath(directory)], set()
    while todo and len(seen) < 64:
        d = todo.pop()
        if d in seen:
            continue
        seen.add(d)
        data = _read_kustomization(d) or {}
        for key in ("resources", "bases", "components"):
            for v in _strings(data.get(key)):
                if REMOTE.search(v.strip()):
                    out.append(v)
                else:
                    p = os.path.normpath(os.path.join(d, v))
                    if os.path.isdir(p):
                        todo.append(p)
    return out


class RenderedObject(Plain):
    """One object of a build: ``origin`` the absolute path of the file it came from (a
    resource file, or the kustomization file whose generator made it; ``None`` if Kustomize
    did not say); ``text`` its YAML. (A dataclass before: ``linter.plain``, start-up: every
    run imports this module.)"""

    FIELDS = ("origin", "text")

    def __init__(self, origin: str | None, text: str) -> None:
        self.origin = origin
        self.text = text


def render(directory: str) -> tuple[list[RenderedObject], Problem | None]:
    """Build ``directory``; on failure return a problem (the program's first error line)."""
    cmd = program()
    if cmd is None:
        return [], Problem("kustomize-build", "Kustomize directory linted file by file: install "
                           "kustomize or kubectl so shiplint can lint what it builds (patches, "
                           "overlays, generated names)")
    remote = remote_resources(directory)
    if remote:
        return [], Problem("kustomize-build", f"Kustomize directory linted file by file: it "
                           f"uses remote resources ({_where_from(remote[0])}), which shiplint "
                           "does not fetch")
    target = os.path.abspath(directory)
    import tempfile  # here: only a Kustomize build needs it

    with tempfile.TemporaryDirectory(prefix="shiplint-kustomize-") as wrap:
        try:  # Kustomize takes relative roots only
            rel = os.path.relpath(target, wrap).replace(os.sep, "/")
        except ValueError:  # Windows: the temporary directory is on another drive
            return [], Problem("kustomize-build", "Kustomize directory linted file by file: it "
                               "is on another drive than the temporary directory")
        with open(os.path.join(wrap, "kustomization.yaml"), "w", encoding="utf-8") as fh:
            fh.write(f"resources:\n- {_quote(rel)}\nbuildMetadata: [originAnnotations]\n")
        import subprocess  # here: a run without a Kustomize build does not pay for it

        try:
            proc = subprocess.run(cmd + [wrap], capture_output=True, timeout=TIMEOUT,
                                  stdin=subprocess.DEVNULL)
        except (OSError, subprocess.TimeoutExpired) as exc:
            return [], Problem("kustomize-build", f"kustomize build failed to run: {type(exc).__name__}")
        out = proc.stdout.decode("utf-8", errors="replace")
        if proc.returncode != 0:
            err = proc.stderr.decode("utf-8", errors="replace")
            first = _first_error(err).replace(wrap, "<wrapper>").replace(rel, ".").replace(
                target, display_path(directory))
            return [], Problem("kustomize-build",
                               f"kustomize build failed: {_shorten(first, directory)}")
        return split_rendered(out, wrap), None


def _first_error(stderr: str) -> str:
    """The error of a failed build, from its error output: the text of kubectl's klog line
    (``"command failed" err="..."``, or the lines between ``err=<`` and ``>``), else the
    last ``Error:`` line of kustomize; never one of the deprecation warnings that come
    before it (``# Warning: 'patchesStrategicMerge' is deprecated...``)."""
    lines = [_KLOG.sub("", ln).strip() for ln in stderr.splitlines()]
    lines = [ln for ln in lines if ln and not re.match(r"^#?\s*Warning\b", ln, re.IGNORECASE)]
    for i, text in enumerate(lines):
        if text.startswith('"command failed" err=<'):
            body = []
            for more in lines[i + 1:]:
                if more == ">":
                    break
                body.append(more)
            if body:
                return " ".join(body)
        m = re.match(r'^"command failed" err="(.*)"$', text)
        if m:
            return m.group(1).replace('\\"', '"')
    errors = [ln for ln in lines if ln.startswith("Error:")]
    if errors:
        last = errors[-1][len("Error:"):].strip()
        if last:
            return last
        after = lines[lines.index(errors[-1]) + 1:]
        if after:
            return after[0]
    return lines[-1] if lines else "no message"


#: words of a build error that may be kept: lower-case words, and paths under the directory
_PLAIN_WORD = lazyre.compile(r"[a-z][a-z_.='-]*")
_EDGES = "'\"`,;:()[]{}<>"


#: names in build errors that are no values: Kustomize's fields, kinds and transformers
_KUSTOMIZE_WORDS = frozenset((
    "apiVersion", "buildMetadata", "commonAnnotations", "commonLabels", "configMapGenerator",
    "configurations", "crds", "generatorOptions", "helmCharts", "helmGlobals", "namePrefix",
    "nameSuffix", "openapi", "patchesJson6902", "patchesStrategicMerge", "replacements",
    "secretGenerator", "sortOptions", "transformers", "validators", "Kustomization",
    "Component", "labelSelector", "annotationSelector", "fieldPath", "fieldSpecs"))
_IDENTIFIER = lazyre.compile(r"[A-Za-z]+(?:Transformer|Generator|Plugin|Error)")


def _withhold_values(message: str, directory: str) -> str:
    """A build error may quote the files (a generator literal, a secret among them): every
    word of eight characters or more is withheld unless it is a lower-case word, a name of
    Kustomize's (a field such as ``patchesStrategicMerge``, a transformer, a dotted Go field
    of them) or a path of a file under ``directory`` or the working directory (shown
    relative to it)."""
    top = os.path.abspath(directory)
    out = []
    for word in message.split(" "):
        core = word.strip(_EDGES)
        if len(core) >= 8:
            kept = _kept(core, top)
            word = word.replace(core, kept if kept is not None else "[withheld]")
        out.append(word)
    return " ".join(out)


def _kept(core: str, top: str) -> str | None:
    """``core`` as it may be shown (a path under ``top`` made relative), or ``None``."""
    if _PLAIN_WORD.fullmatch(core) or core in _KUSTOMIZE_WORDS or _IDENTIFIER.fullmatch(core):
        return core
    if "." in core and all(p in _KUSTOMIZE_WORDS or p in ("Kustomization",) or
                           _PLAIN_WORD.fullmatch(p) for p in core.split(".")):
        return core  # a Go struct field: Kustomization.resources
    if "(" in core:  # path(nothere.yaml
        head, _, inner = core.partition("(")
        shown = _kept(inner, top) if inner else None
        return f"{head}({shown}" if shown is not None and _PLAIN_WORD.fullmatch(head) else None
    path = os.path.normpath(core if os.path.isabs(core) else os.path.join(top, core))
    for base in (top, os.getcwd()):  # under the directory, or where shiplint runs
        if not (path.startswith(base + os.sep) or path == base):
            continue
        rel = os.path.relpath(path, base)
        named_file = re.search(r"\.(?:ya?ml|json|env|properties|txt)$", core) and \
            os.path.isdir(os.path.dirname(path))  # a missing file the build names
        if os.path.exists(path) or named_file:
            return rel.replace(os.sep, "/")
        return None
    return None


def _shorten(message: str, directory: str = ".", limit: int = 240) -> str:
    """A build error fit for a finding: Kustomize chains causes (``a: b: c``), so a long one
    keeps its first part, the innermost that names a file, and its last; words that may be
    values are withheld (see ``_withhold_values``), and nothing is cut inside a word."""
    message = _withhold_values(message, directory)
    if len(message) > limit:
        parts = message.split(": ")
        if len(parts) > 2:
            named = next((p for p in parts[-2:0:-1] if re.search(r"\.ya?ml\b|'[^']+'", p)),
                         None)
            keep = [parts[0]] + ([named] if named else []) + [parts[-1]]
            message = ": ... : ".join(dict.fromkeys(keep))
    if len(message) > limit:
        message = message[:limit].rsplit(" ", 1)[0] + " ..."
    return message


def _where_from(url: str) -> str:
    """A remote resource named without credentials or query (``?ref=``, tokens)."""
    from urllib.parse import urlsplit

    text = url.strip().split("?", 1)[0]
    if "://" in text:
        parts = urlsplit(text)
        text = f"{parts.scheme}://{parts.hostname or ''}{parts.path}"
    elif "@" in text:
        text = text.split("@", 1)[1]
    return text[:120]


def _unquote(text: str) -> str:
    """A YAML scalar as Kustomize prints a path: plain, 'single' or "double" quoted."""
    if len(text) >= 2 and text[0] == text[-1] == "'":
        return text[1:-1].replace("''", "'")
    if len(text) >= 2 and text[0] == text[-1] == '"':
        import json

        try:
            return json.loads(text)
        except ValueError:
            return text[1:-1]
    return text


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def split_rendered(text: str, base: str) -> list[RenderedObject]:
    """Split a build into objects, each with its origin resolved against ``base`` (the
    directory the build ran in)."""
    out: list[RenderedObject] = []
    for doc in re.split(r"(?m)^---[ \t]*\n", text):
        if not doc.strip():
            continue
        origin = None
        lines = doc.splitlines()
        for i, line in enumerate(lines):
            if _ORIGIN.match(line):
                for follow in lines[i + 1:i + 6]:
                    m = _ORIGIN_FIELD.match(follow)
                    if m:
                        origin = os.path.normpath(os.path.join(base, _unquote(m.group(2))))
                        break
                break
        out.append(RenderedObject(origin, doc if doc.endswith("\n") else doc + "\n"))
    return out
