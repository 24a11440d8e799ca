"""Which files to lint, and what each one is.

``iter_files`` walks the paths given on the command line; ``kind_by_name`` tells a
Dockerfile from YAML by name (``linter.parse`` looks at the content and builds the trees).
"""

from __future__ import annotations

import os
from . import lazyre
from .source import is_chart, realpath as _realpath
import stat

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Callable, Iterator


#: Directories never entered by a walk (they are not the user's manifests).
SKIP_DIRS = frozenset({
    ".git", ".hg", ".svn", ".bzr", "node_modules", "__pycache__", ".venv", "venv", ".tox", ".nox",
    ".mypy_cache", ".pytest_cache", ".ruff_cache", ".idea", ".vscode", ".terraform", ".eggs",
    ".shiplint_cache",
})

# Dockerfile, Containerfile, api.Dockerfile, Dockerfile.dev, Dockerfile-prod, dev_Dockerfile...
_DOCKERFILE_NAME = lazyre.compile(r"(?i)(?:^|[._-])(?:docker|container)file(?:[._-][^/]*)?$")
_NOT_DOCKERFILE_SUFFIX = (".dockerignore", ".yml", ".yaml", ".json", ".md", ".txt", ".sh",
                          ".ps1", ".py", ".j2", ".tpl", ".template", ".orig", ".bak", ".swp")
_YAML_SUFFIX = (".yml", ".yaml")
_COMPOSE_NAME = lazyre.compile(r"(?i)(?:^|[._-])(?:docker-)?compose(?:[._-][^/]*)?\.ya?ml$")
DOCKERFILE, YAML = "dockerfile", "yaml"
# The usual names, told without the patterns (compiling one costs a run 0.15 ms: start-up,
# issue #14); both patterns match each of them.
_DOCKERFILE_NAMES = frozenset({"dockerfile", "containerfile"})
_COMPOSE_NAMES = frozenset({"compose.yaml", "compose.yml", "docker-compose.yaml",
                            "docker-compose.yml"})


def kind_by_name(path: str) -> str | None:
    """``"dockerfile"``, ``"yaml"`` or ``None`` from the file name alone."""
    base = path.replace("\\", "/").rsplit("/", 1)[-1]
    lower = base.lower()
    if lower.endswith(_YAML_SUFFIX):
        return YAML
    if lower in _DOCKERFILE_NAMES:
        return DOCKERFILE
    if _DOCKERFILE_NAME.search(base) and not lower.endswith(_NOT_DOCKERFILE_SUFFIX):
        return DOCKERFILE
    return None


def is_compose_name(path: str) -> bool:
    base = path.replace("\\", "/").rsplit("/", 1)[-1]
    folded = base.casefold()  # as (?i) matches: "ſ" is an "s" to both
    if folded in _COMPOSE_NAMES:
        return True
    return "compose" in folded and bool(_COMPOSE_NAME.search(base))


def yaml_lines(path: str, text: str) -> bool:
    """Whether the text of the file ``path`` is numbered as YAML (``source.split_lines``): as
    ``parse`` tells the kind, by the name, and by the text when the name says nothing
    (standard input, a path whose secret part is masked): a Dockerfile by its content is
    one, anything else is read as YAML."""
    kind = kind_by_name(path)
    if kind is None:
        from .dockerfile.parser import looks_like_dockerfile

        return not looks_like_dockerfile(text)
    return kind == YAML


def repository_root(start: str) -> str | None:
    """The top of the git work tree holding ``start`` (a directory with a ``.git`` directory
    or file), or ``None``. Read from the file system: no git program is run."""
    d = _realpath(start)
    while True:
        if os.path.exists(os.path.join(d, ".git")):
            return d
        parent = os.path.dirname(d)
        if parent == d:
            return None
        d = parent


class GitIgnore:
    """What the ``.gitignore`` files of a git work tree leave out, as git decides it: every
    ``.gitignore`` from the top of the work tree down to a path's directory (and
    ``.git/info/exclude``), the deepest file that matches deciding, ``!`` patterns
    included. Read once per directory. Outside a git work tree nothing is ignored."""

    def __init__(self) -> None:
        self._specs: dict[str, object | None] = {}
        self._tops: dict[str, str | None] = {}

    def _top(self, directory: str) -> str | None:
        found = self._tops.get(directory, "")
        if found == "":
            found = self._tops[directory] = repository_root(directory)
        return found

    def _spec(self, directory: str, name: str = ".gitignore") -> object | None:
        path = os.path.join(directory, name)
        if path not in self._specs:
            spec = None
            if os.path.isfile(path):
                from pathspec import GitIgnoreSpec

                from .source import Unreadable, read_text

                try:
                    spec = GitIgnoreSpec.from_lines(read_text(path, 1 << 20).splitlines())
                except Unreadable:
                    spec = None
            self._specs[path] = spec
        return self._specs[path]

    def ignored(self, path: str, is_dir: bool) -> bool:
        full = _realpath(path)
        top = self._top(os.path.dirname(full))
        if top is None or full == top:
            return False
        rel_to_top = os.path.relpath(full, top)
        if rel_to_top.split(os.sep, 1)[0] == ".git":
            return True
        verdict = None
        chain = [(top, self._spec(os.path.join(top, ".git", "info"), "exclude"))]
        parts = rel_to_top.split(os.sep)[:-1]
        d = top
        for part in [""] + parts:
            d = os.path.join(d, part) if part else d
            chain.append((d, self._spec(d)))
        for base, spec in chain:
            if spec is None:
                continue
            rel = os.path.relpath(full, base).replace(os.sep, "/") + ("/" if is_dir else "")
            result = spec.check_file(rel)  # type: ignore[attr-defined]
            if result.include is not None:
                verdict = result.include
        return bool(verdict)


def iter_files(paths: list[str], prune: Callable[[str], bool] | None = None,
               gitignore: bool = False, on_ignored: Callable[[str], None] | None = None,
               on_unreadable: Callable[[str, str], None] | None = None,
               on_found: Callable[[int], None] | None = None,
               sizes: dict[str, int] | None = None) -> Iterator[tuple[str, bool]]:
    """Yield ``(path, explicit)``: files named on the command line (``explicit=True``) and the
    Dockerfile/YAML files found under named directories, sorted, skipping ``SKIP_DIRS``,
    symbolic links to directories, and the directories and files ``prune(path)`` rejects
    (configured excludes) or, with ``gitignore``, that ``.gitignore`` leaves out. A missing path is yielded as explicit so it gets a finding.
    Each file once, however often it is named (through links too), and explicit if it
    was named at all.

    A Helm chart (a directory with ``Chart.yaml``) is yielded as the directory itself, and
    its files are not: the chart is linted as rendered (see ``linter.helm``). A Kustomize
    directory is yielded as itself (unless ``SHIPLINT_KUSTOMIZE=none``); the runner skips
    the files a successful build linted (see ``linter.kustomize``). Directories come first,
    so a build is known before the files it covers. ``on_found``: told how many paths the
    walk has found each time it finds one (before anything is yielded: the walk sorts).
    ``sizes``: given the size in bytes of each file a directory walk finds (it looks at
    each anyway, see ``_regular_size``; ``linter.batch`` orders the work by them)."""
    found: dict[str, tuple[str, bool, bool]] = {}
    ignore = GitIgnore() if gitignore else None

    def pruned(p: str, is_dir: bool) -> bool:  # (the walk knows which are directories)
        if prune is not None and prune(p):
            return True
        if ignore is not None and ignore.ignored(p, is_dir):
            if on_ignored is not None:
                on_ignored(p)
            return True
        return False

    for path, explicit, is_dir in _walk(paths, pruned if prune or ignore else None,
                                        on_unreadable, sizes):
        try:
            key = _realpath(path)
        except (OSError, ValueError):
            key = os.path.abspath(path)
        if key in found:  # a file named and also under a named directory: once
            if explicit and not found[key][1]:  # reported as the user named it
                found[key] = (path, True, is_dir)
        else:
            found[key] = (path, explicit, is_dir)
            if on_found is not None:
                on_found(len(found))
    yield from ((path, explicit) for path, explicit, is_dir in found.values() if is_dir)
    yield from ((path, explicit) for path, explicit, is_dir in found.values() if not is_dir)


def _walk(paths: list[str], prune: Callable[[str, bool], bool] | None,
          on_unreadable: Callable[[str, str], None] | None = None,
          sizes: dict[str, int] | None = None) -> Iterator[tuple[str, bool, bool]]:
    """``(path, explicit, is_dir)`` for what ``iter_files`` yields, unsorted and with
    repeats; ``prune(path, is_dir)``; ``sizes``: see ``iter_files``."""
    def unreadable(exc: OSError) -> None:
        if on_unreadable is not None and exc.filename is not None:
            on_unreadable(os.fsdecode(exc.filename), exc.strerror or str(exc))

    for root in paths:
        if not os.path.isdir(root):
            yield root, True, False
            continue
        if is_chart(root):
            yield root, True, True
            continue
        from . import kustomize  # for a directory only: files named alone need none (#14)

        use_kustomize = not kustomize.disabled()
        for dirpath, dirnames, filenames in os.walk(root, onerror=unreadable):
            if use_kustomize and kustomize.is_kustomization(dirpath) \
                    and not (prune and dirpath != root and prune(dirpath, True)):
                yield dirpath, dirpath == root, True
            charts = [d for d in dirnames if is_chart(os.path.join(dirpath, d))]
            for d in sorted(charts):
                if not (prune and prune(os.path.join(dirpath, d), True)):
                    yield os.path.join(dirpath, d), False, True
            dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS and d not in charts
                                 and not os.path.islink(os.path.join(dirpath, d))
                                 and not (prune and prune(os.path.join(dirpath, d), True)))
            for name in sorted(filenames):
                if kind_by_name(name) is not None or "." not in name:
                    path = os.path.join(dirpath, name)
                    # a walk reads regular files only: a FIFO would block the run forever
                    if prune and prune(path, False):
                        continue
                    size = _regular_size(path)
                    if size is not None:
                        if sizes is not None:
                            sizes[path] = size
                        yield path, False, False


def _regular_size(path: str) -> int | None:
    """The size of ``path`` if it is a regular file (0 if it cannot be looked at: reading
    it reports why, a dangling link or permissions), ``None`` for anything else."""
    try:
        st = os.stat(path)
    except OSError:
        return 0
    return st.st_size if stat.S_ISREG(st.st_mode) else None
