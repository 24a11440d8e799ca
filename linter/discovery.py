"""Which files to lint, and what each one is.

``iter_files`` walks the paths given on the command line. ``classify`` tells a Dockerfile from
YAML by name, then by content; ``parse`` turns a ``SourceFile`` into the targets the rules
check (a ``Dockerfile``; a ``ComposeFile`` and its services; Kubernetes objects and their pod
templates) plus the problems found while reading it.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator

from .findings import Problem, Span
from .source import SourceFile, display_path

#: Directories never entered by a walk (they are not the user's manifests).
SKIP_DIRS = frozenset({
    ".git", ".hg", ".svn", ".bzr", "node_modules", "__pycache__", ".venv", "venv", ".tox", ".nox",
    ".mypy_cache", ".pytest_cache", ".ruff_cache", ".idea", ".vscode", ".terraform", ".eggs",
})

# Dockerfile, Containerfile, api.Dockerfile, Dockerfile.dev, Dockerfile-prod, dev_Dockerfile...
_DOCKERFILE_NAME = re.compile(r"(?i)(?:^|[._-])(?:docker|container)file(?:[._-][^/]*)?$")
_NOT_DOCKERFILE_SUFFIX = (".dockerignore", ".yml", ".yaml", ".json", ".md", ".txt", ".sh",
                          ".ps1", ".py", ".j2", ".tpl", ".template", ".orig", ".bak", ".swp")
_YAML_SUFFIX = (".yml", ".yaml")
_COMPOSE_NAME = re.compile(r"(?i)(?:^|[._-])(?:docker-)?compose(?:[._-][^/]*)?\.ya?ml$")
# What marks a Go template action as Helm's: checked on the text right after each "{{".
_HELM_ACTION = re.compile(
    r"-?\s*(?:[^}\n]{0,120}?\.(?:Values|Release|Chart|Capabilities|Files)\b|include\s"
    r"|template\s|define\s|toYaml\b|tpl\s)")
#: actions looked at per file: a Helm template shows itself in its first few
MAX_ACTIONS = 200

DOCKERFILE, YAML = "dockerfile", "yaml"


def kind_by_name(path: str) -> str | None:
    """``"dockerfile"``, ``"yaml"`` or ``None`` from the file name alone."""
    base = path.replace("\\", "/").rsplit("/", 1)[-1]
    lower = base.lower()
    if lower.endswith(_YAML_SUFFIX):
        return YAML
    if _DOCKERFILE_NAME.search(base) and not lower.endswith(_NOT_DOCKERFILE_SUFFIX):
        return DOCKERFILE
    return None


def is_compose_name(path: str) -> bool:
    return bool(_COMPOSE_NAME.search(path.replace("\\", "/").rsplit("/", 1)[-1]))


def iter_files(paths: list[str], prune: Callable[[str], bool] | None = None
               ) -> Iterator[tuple[str, bool]]:
    """Yield ``(path, explicit)``: files named on the command line (``explicit=True``) and the
    Dockerfile/YAML files found under named directories, sorted, skipping ``SKIP_DIRS``,
    symbolic links to directories, and the directories and files ``prune(path)`` rejects
    (configured excludes). A missing path is yielded as explicit so it gets a finding.
    Each file once, however often it is named (through links too), and explicit if it
    was named at all.

    A Helm chart (a directory with ``Chart.yaml``) is yielded as the directory itself, and
    its files are not: the chart is linted as rendered (see ``linter.helm``). A Kustomize
    directory is yielded as itself (unless ``SHIPLINT_KUSTOMIZE=none``); the runner skips
    the files a successful build linted (see ``linter.kustomize``). Directories come first,
    so a build is known before the files it covers."""
    found: dict[str, tuple[str, bool]] = {}
    for path, explicit in _walk(paths, prune):
        try:
            key = os.path.realpath(path)
        except (OSError, ValueError):
            key = os.path.abspath(path)
        if key in found:  # a file named and also under a named directory: once
            if explicit and not found[key][1]:  # reported as the user named it
                found[key] = (path, True)
        else:
            found[key] = (path, explicit)
    dirs, files = [], []
    for item in found.values():
        (dirs if os.path.isdir(item[0]) else files).append(item)
    yield from dirs
    yield from files


def _walk(paths: list[str], prune: Callable[[str], bool] | None) -> Iterator[tuple[str, bool]]:
    from . import kustomize
    from .helm import is_chart

    use_kustomize = not kustomize.disabled()
    for root in paths:
        if not os.path.isdir(root):
            yield root, True
            continue
        if is_chart(root):
            yield root, True
            continue
        for dirpath, dirnames, filenames in os.walk(root):
            if use_kustomize and kustomize.is_kustomization(dirpath) \
                    and not (prune and dirpath != root and prune(dirpath)):
                yield dirpath, dirpath == root
            charts = [d for d in dirnames if is_chart(os.path.join(dirpath, d))]
            for d in sorted(charts):
                if not (prune and prune(os.path.join(dirpath, d))):
                    yield os.path.join(dirpath, d), False
            dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS and d not in charts
                                 and not os.path.islink(os.path.join(dirpath, d))
                                 and not (prune and prune(os.path.join(dirpath, d))))
            for name in sorted(filenames):
                if kind_by_name(name) is not None or "." not in name:
                    path = os.path.join(dirpath, name)
                    # a walk reads regular files only: a FIFO would block the run forever
                    if not (prune and prune(path)) and _regular(path):
                        yield path, False


def _regular(path: str) -> bool:
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return True  # let reading it report why (dangling link, permissions)


@dataclass
class ParsedFile:
    """One file, parsed: ``kind`` is ``dockerfile``/``compose``/``kubernetes``/``None``."""

    path: str
    kind: str | None
    targets: list[Any] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def looks_like_helm(text: str) -> bool:
    """Whether ``text`` holds Helm template actions (``{{ .Values.x }}``, ``{{- if ...}}``,
    ``{{ include ... }}``). Go-template braces in values (Prometheus alert text, Argo
    parameters) are not Helm. Linear: each ``{{`` is looked at once, a bounded way ahead."""
    if "{{-" in text or "-}}" in text:
        return True
    start = text.find("{{")
    seen = 0
    while start != -1 and seen < MAX_ACTIONS:
        if _HELM_ACTION.match(text, start + 2, start + 160):
            return True
        seen += 1
        start = text.find("{{", start + 2)
    return False


def parse(source: SourceFile, explicit: bool) -> ParsedFile:
    """Parse one file into rule targets. Never raises on bad content."""
    out = ParsedFile(source.path, None, problems=list(source.problems))
    text = source.text
    kind = kind_by_name(source.path)
    if kind is None and not explicit and text is None:
        out.problems.clear()  # an unreadable file the walk merely came across is not ours
        return out
    if text is None:
        return out
    if kind is None:
        from .dockerfile import looks_like_dockerfile

        if looks_like_dockerfile(text):
            kind = DOCKERFILE
        elif source.path == "-":
            kind = YAML  # unnamed standard input: Compose and Kubernetes are told by content
    if kind == DOCKERFILE:
        from . import dockerfile

        tree, problems = dockerfile.parse(source)
        out.kind = DOCKERFILE
        out.targets.append(tree)
        out.problems.extend(problems)
        return out
    if kind == YAML:
        return _parse_yaml(source, text, explicit, out)
    if explicit:
        out.problems.append(Problem(
            "unknown-file-kind",
            "not recognised as a Dockerfile, Compose file or Kubernetes manifest; not linted"))
    return out


def _parse_yaml(source: SourceFile, text: str, explicit: bool, out: ParsedFile) -> ParsedFile:
    from . import compose, kubernetes, yaml

    if looks_like_helm(text):
        out.kind = "helm"
        line = next((i for i, ln in enumerate(text.splitlines(), 1) if "{{" in ln), 1)
        out.problems.append(Problem(
            "helm-template",
            "this is a Helm template ({{ ... }} actions); render it with `helm template` and lint "
            "the output", Span.point(line)))
        return out
    docs, problems = yaml.load(text)
    out.problems.extend(problems)
    roots = [d.root for d in docs if d.root is not None]
    if is_compose_name(source.path) or any(compose.is_compose(r) for r in roots[:1]):
        tree, problems = compose.build(source.path, docs)
        out.problems.extend(problems)
        if tree is not None:
            out.kind = "compose"
            out.targets.append(tree)
            out.targets.extend(tree.services)
            return out
    if any(kubernetes.is_kubernetes(r) for r in roots):
        objects, problems = kubernetes.build(source.path, docs)
        out.kind = "kubernetes"
        out.problems.extend(problems)
        for obj in objects:
            out.targets.append(obj)
            if obj.pod_template is not None:
                out.targets.append(obj.pod_template)
        return out
    from .kustomize import FILES

    if os.path.basename(source.path) in FILES:
        return out  # read by linter.kustomize when it builds; nothing to lint, nothing to say
    if explicit and not out.problems:
        out.problems.append(Problem(
            "unknown-file-kind",
            "YAML that is neither a Compose file nor a Kubernetes manifest; not linted"))
    return out


def stdin_source(data: bytes, filename: str | None) -> SourceFile:
    """The ``-`` input: bytes from standard input reported under ``filename`` (default ``-``)."""
    from .source import decode

    return decode(display_path(filename) if filename else "-", data)
