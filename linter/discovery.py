"""Which files to lint, and what each one is.

``iter_files`` walks the paths given on the command line; ``kind_by_name`` tells a
Dockerfile from YAML by name (``linter.parse`` looks at the content and builds the trees).
"""

from __future__ import annotations

import os
import re
import stat
from typing import Callable, Iterator


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
