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
(or which generator in which kustomization file) made it. A finding's line is the line of
that file (or of a patch file of the directory) whose text is the rendered line's, when
exactly one line matches; otherwise the first line, with the rendered line in the message.
Suppression comments of those files apply to the findings mapped into them.

Without a program, each kustomization gets one ``kustomize-build`` info finding and its
files are linted one by one. ``SHIPLINT_KUSTOMIZE`` names the program (``kustomize`` or
``kubectl``, or any program taking ``build DIR``); ``SHIPLINT_KUSTOMIZE=none`` turns
rendering off. A Kustomize *component* (``kind: Component``) is only built as part of
another kustomization, so it is not a unit of its own.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass

from .findings import Finding, Problem, Span
from .source import display_path

FILES = ("kustomization.yaml", "kustomization.yml", "Kustomization")
#: seconds one build may take (remote bases are fetched over the network)
TIMEOUT = 120
_ORIGIN = re.compile(r"^\s+config\.kubernetes\.io/origin:\s*\|\s*$")
_ORIGIN_FIELD = re.compile(r"^\s+(path|configuredIn):\s*(\S.*?)\s*$")


def kustomization_file(directory: str) -> str | None:
    """The kustomization file of ``directory``, or ``None``."""
    for name in FILES:
        path = os.path.join(directory, name)
        if os.path.isfile(path):
            return path
    return None


def _read_kustomization(directory: str) -> dict | None:
    path = kustomization_file(directory)
    if path is None:
        return None
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    try:
        with open(path, encoding="utf-8") as fh:
            data = YAML(typ="safe", pure=True).load(fh)
    except (OSError, UnicodeDecodeError, YAMLError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def is_unit(directory: str) -> bool:
    """Whether ``directory`` is a kustomization built on its own (not a component)."""
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


_REMOTE = re.compile(r"^(?:[a-z][a-z0-9+.-]*://|git@|github\.com/|gitlab\.com/|bitbucket\.org/)",
                     re.IGNORECASE)


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
    """The resources, components and bases of ``directory``'s kustomization that are URLs
    (fetching them would make a lint depend on the network)."""
    data = _read_kustomization(directory) or {}
    return [v for key in ("resources", "bases", "components") for v in _strings(data.get(key))
            if _REMOTE.match(v.strip())]


def named_files(directory: str) -> set[str]:
    """Absolute paths of the files of ``directory`` that its kustomization names (resources,
    patches, generator inputs...): the build lints them, so the walk must not."""
    data = _read_kustomization(directory)
    if not data:
        return set()
    out: set[str] = set()
    for v in _strings(data):
        rel = v.split("=", 1)[-1]  # generators: files: [key=path]
        p = os.path.normpath(os.path.join(directory, rel))
        if os.path.isfile(p):
            out.add(os.path.abspath(p))
    return out


def patch_files(directory: str) -> list[str]:
    """The YAML files of ``directory`` other than its resources: patches mostly, searched
    when a rendered line is not found in the object's own file."""
    out = []
    for p in sorted(named_files(directory)):
        if p.lower().endswith((".yaml", ".yml")) and os.path.basename(p) not in FILES:
            out.append(p)
    return out


@dataclass
class RenderedObject:
    """One object of a build: ``origin`` the absolute path of the file it came from (a
    resource file, or the kustomization file whose generator made it; ``None`` if Kustomize
    did not say); ``text`` its YAML."""

    origin: str | None
    text: str


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
                           f"uses remote resources ({remote[0][:120]}), which shiplint does not "
                           "fetch")
    target = os.path.abspath(directory)
    with tempfile.TemporaryDirectory(prefix="shiplint-kustomize-") as wrap:
        rel = os.path.relpath(target, wrap).replace(os.sep, "/")
        with open(os.path.join(wrap, "kustomization.yaml"), "w", encoding="utf-8") as fh:
            fh.write(f"resources:\n- {_quote(rel)}\nbuildMetadata: [originAnnotations]\n")
        try:
            proc = subprocess.run(cmd + [wrap], capture_output=True, text=True, timeout=TIMEOUT,
                                  stdin=subprocess.DEVNULL)
        except (OSError, subprocess.TimeoutExpired) as exc:
            return [], Problem("kustomize-build", f"kustomize build failed to run: {type(exc).__name__}")
        if proc.returncode != 0:
            first = next((ln for ln in proc.stderr.splitlines() if ln.strip()), "no message")
            first = first.replace(wrap, "<wrapper>")
            return [], Problem("kustomize-build", f"kustomize build failed: {first[:300]}")
        return split_rendered(proc.stdout, wrap), None


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
                        origin = os.path.normpath(os.path.join(base, m.group(2)))
                        break
                break
        out.append(RenderedObject(origin, doc if doc.endswith("\n") else doc + "\n"))
    return out


_COMMENT = re.compile(r"\s+#.*$")


def _norm(line: str) -> str:
    """A line as Kustomize would print it: no indentation, list dash or trailing comment."""
    s = _COMMENT.sub("", line).strip()
    return s[2:].lstrip() if s.startswith("- ") else s


def map_back(findings: list[Finding], rendered: str, origin: str, extra: list[str],
             label: str) -> list[Finding]:
    """Point findings on a rendered object at ``origin`` (or one of the ``extra`` files,
    patches of the directory): the file where the rendered line's text appears exactly once
    (``origin`` first); else ``origin``'s first line, with the rendered line in the message.
    ``label`` names the build in messages (the directory built)."""
    lines = rendered.splitlines()
    texts: dict[str, list[str]] = {}
    for path in [origin, *extra]:
        try:
            with open(path, encoding="utf-8") as fh:
                texts[path] = fh.read().splitlines()
        except (OSError, UnicodeDecodeError):
            texts[path] = []
    out = []
    for f in findings:
        wanted = _norm(lines[f.span.line - 1]) if 0 < f.span.line <= len(lines) else ""
        where = None
        for path, text in texts.items():
            hits = [i for i, t in enumerate(text, 1) if wanted and _norm(t) == wanted]
            if len(hits) == 1:
                where = (path, hits[0])
                break
        if where is not None:
            path, line = where
            src = texts[path][line - 1]
            r_line = lines[f.span.line - 1]
            # the same text starts at r_at in the rendered line and at s_at in the file
            r_at, s_at = r_line.find(wanted), src.find(wanted)
            r_at, s_at = max(r_at, 0), max(s_at, 0)
            col = max(f.span.column - 1 - r_at, 0) + s_at + 1
            end = (max(f.span.end_column - 1 - r_at, 0) + s_at + 1
                   if f.span.end_line == f.span.line else len(src) + 1)
            span = Span(line, col, line, max(end, col + 1))
            message = f"{f.message} (in the kustomize build of {label})"
        else:
            path, span = origin, Span(1, 1, 1, 2)
            message = f"{f.message} (in the kustomize build of {label}, rendered line {f.span.line})"
        out.append(Finding(f.code, f.name, f.severity, message, display_path(path), span, f.fix))
    return out
