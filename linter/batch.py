"""The files of a run linted on every core, and read from the cache when they did not change.

``lint_paths(..., jobs=N, cache=...)`` hands the files it lints as they are (not the
renderings of charts and kustomizations, nor standard input) to a ``Batch``, even with one
job and no cache: a ``Batch`` keeps no Dockerfile tree the image links do not name, so a
run's memory grows with its largest file (and its Kubernetes set), not with its files. Each file's
answer is a ``FileResult``: its findings and suppressed findings (settled under its
configuration and suppression comments), its notes, and what the run's passes across files
need from it: its Kubernetes objects and how to settle findings on it later, and what it
tells the image links (``linter.imagelinks``). A result comes from the cache, from a worker
process (a ``fork`` of the run, so every worker has the rules, configurations and Compose
projects the run has), or from the run itself; the run takes the results in the order of
the walk, as one process linting file after file would, so the report is byte for byte the
same whatever ``--jobs`` and whatever the cache held. The cross-object rules, the checks
across formats and the unused-suppression check run in the parent after the last file.

With ``--jobs N`` the run is one of the N: it starts ``N - 1`` workers and lints its own
share of the files while it waits for theirs (ahead of their turn, into results it takes in
walk order like the workers'). Its share is the files whose results cost most to send back
(``_split``: Compose files, then Kubernetes manifests, then others, up to an N-th of the
work); what a worker sends of a Compose file is only what the image links read of it.

A pool costs a fork and a pipe per worker: small runs (fewer than ``POOL_FROM`` files to
lint) do not start one.

Two things depend on the files before a file: the secret found in a directory name is
reported once, by the first file linted under it; a worker is told which parts of its path
the files before it claim (as if none of them is left out), and when that turns out wrong
(a file before it was linted through a Kustomize build instead) the run lints that file
again itself. And a worker sees only its own file: what the image links keep is replayed
in the parent in walk order (a Dockerfile's tree is read again only when a link names it).

With a cache, a run whose Kubernetes files all come from it (and that renders nothing)
also keeps what the cross-object pass found, under a key made of those files' keys and of
what the pass looks at on disk (which files were read, the names in their directories):
an unchanged tree then loads no object at all. One changed file re-lints itself, and the
pass runs again over every object.
"""

from __future__ import annotations

import collections
import dataclasses
import functools
import os
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator

from . import source
from .source import realpath as _realpath

#: fewer files to lint than this: no pool
POOL_FROM = 24


@dataclass
class FileResult:
    """What linting one file gave (see the module)."""

    path: str  # as reported
    report: Any  # runner.Report
    notes: list[str] = field(default_factory=list)
    #: its Kubernetes objects: a list, or pickled (``bytes``) until the pass needs them
    objects: Any = field(default_factory=list)
    dirs: list[str] = field(default_factory=list)  # the directories of its objects
    read: set[str] = field(default_factory=set)
    settle: Any = None  # runner._Settle, without its engine and configuration
    claimed: set[str] = field(default_factory=set)
    #: what it told the image links: ``(kind, targets, path, images, scope)`` (or pickled)
    collects: Any = field(default_factory=list)
    deps: list = field(default_factory=list)  # what else it read (for the cache)


@dataclass
class _Task:
    path: str
    explicit: bool
    partial: bool
    taken: frozenset  # secret path parts files before it claim
    key: str | None = None
    result: FileResult | None = None


@functools.lru_cache(maxsize=4096)
def _parts(path: str) -> frozenset[str]:
    """The parts of ``path`` that hold a secret (asked three times a file)."""
    from .secrets import path_secrets

    return frozenset(part for part, _ in path_secrets(path))


class _Collects:
    """Stands in for the run's ``ImageLinks`` while one file is linted: records what the
    file tells it (of a Compose file, what ``imagelinks.compose_builds`` reads from it: its
    tree would cost a worker of ``--jobs`` and the parent more to send than to lint;
    other kinds' trees stay here)."""

    def __init__(self) -> None:
        self.calls: list[tuple] = []

    def collect(self, kind: str | None, targets: list, path: str,
                images: dict[str, str] | None = None, scope: str = "") -> None:
        if kind == "compose" and targets and path not in ("", "-"):
            from .imagelinks import compose_builds

            kind, targets = "compose builds", compose_builds(targets[0])
        else:
            targets = []
        self.calls.append((kind, targets, path, images, scope))


def lint_one(linter: Any, task: _Task, new_report: Callable[[], Any],
             pickled: bool = False) -> FileResult:
    """Lint one file as ``lint_paths`` would, into a result of its own (a fresh
    ``new_report()``; the linter's own state is left as it was). ``pickled``: the objects as
    ``bytes`` (for another process)."""
    from .kubernetes import KubernetesSet

    report, kube_set = new_report(), KubernetesSet()
    saved = linter.notes, linter.settles, linter.secret_parts, linter.links, source.read_bytes
    read: list[str] = []
    real_read = source.read_bytes

    def recording(path: str, *args: Any, **kwargs: Any) -> bytes:
        read.append(path)
        return real_read(path, *args, **kwargs)

    collects = _Collects()
    linter.notes, linter.settles, linter.secret_parts = [], {}, set(task.taken)
    linter.links = collects
    source.read_bytes = recording
    try:
        src = source.read(task.path)
        del read[:]
        linter.lint(src, task.explicit, report, kube_set, config_path=task.path,
                    partial=task.partial)
        settle = linter.settles.get(src.path)
        if settle is not None:
            settle = dataclasses.replace(settle, engine=None, cfg=None)
        objects: Any = kube_set.objects
        dirs = sorted({os.path.dirname(o.path) for o in objects})
        calls: Any = collects.calls
        if pickled:
            objects, calls = _pickled(objects), _pickled(calls)
        return FileResult(src.path, report, linter.notes, objects, dirs, kube_set.read,
                          settle, linter.secret_parts - task.taken, calls,
                          _dependencies(task.path, read))
    finally:
        (linter.notes, linter.settles, linter.secret_parts, linter.links,
         source.read_bytes) = saved


def _pickled(items: Any) -> Any:
    """``items`` as bytes, when there is anything (unpickled only when needed); what is
    bytes already (a worker's result) stays as it is."""
    if not items or isinstance(items, bytes):
        return items
    import pickle  # not for a one-file run without cache (start-up, issue #14)

    return pickle.dumps(items, protocol=pickle.HIGHEST_PROTOCOL)


def _unpickled(items: Any) -> Any:
    if not isinstance(items, bytes):
        return items
    import pickle

    return pickle.loads(items)


def _dependencies(path: str, read: list[str]) -> list:
    """What the answer for ``path`` read besides the file: every file read through
    ``source``, and for a YAML file (a Compose file finds its project by the names beside it
    and the ``.env`` files above it) its directory's names and those ``.env`` files."""
    deps = {("file", p) for p in read if p != path}
    if path.lower().endswith((".yml", ".yaml")):
        from .compose.project import _ENV_LEVELS

        directory = os.path.dirname(os.path.abspath(path))
        deps.add(("listing", directory))
        for _ in range(_ENV_LEVELS):
            deps.add(("file", os.path.join(directory, ".env")))
            deps.add(("file", os.path.join(directory, ".git")))
            parent = os.path.dirname(directory)
            if parent == directory:
                break
            directory = parent
    return sorted(deps)


#: the run a forked worker lints for (set in the parent just before the fork)
_WORK: tuple[Any, list[_Task], Callable[[], Any]] | None = None


def _work(chunk: range) -> list[FileResult | None]:
    linter, tasks, new_report = _WORK  # type: ignore[misc]
    out: list[FileResult | None] = []
    for i in chunk:
        try:
            out.append(lint_one(linter, tasks[i], new_report, pickled=True))
        except Exception:  # noqa: BLE001 - the parent lints it again and sees what happens
            out.append(None)
    return out




#: what linting a file costs, roughly: a millisecond, and a microsecond a byte (a quarter of
#: one for a Kubernetes manifest, whose bulk is YAML read by libyaml)
_FILE_COST, _BYTE_COST, _KUBE_BYTE_COST = 1000.0, 1.0, 0.25
#: what the run does besides linting (taking in the workers' results, the passes across
#: files, the report), as a share of the work: with it the run and its worker spend about
#: the same CPU time on the corpus with ``--jobs 2`` (issue #14)
_AFTER = 0.12
_SERVICES = re.compile(rb"^services[ \t]*:", re.M)


def _sniff(path: str) -> tuple[int, int]:
    """What ``path`` looks like by its first bytes (a guess that only decides which process
    lints it): 0 a Compose file, 1 a Kubernetes manifest, 2 anything else; and its size."""
    try:
        with open(path, "rb") as f:
            head = f.read(4096)
            size = os.fstat(f.fileno()).st_size
    except OSError:
        return 2, 0
    if not path.lower().endswith((".yml", ".yaml", ".json")):
        return 2, size
    if _SERVICES.search(head):
        return 0, size
    return (1 if b"apiVersion" in head and b"kind" in head else 2), size


def _split(todo: list[_Task], jobs: int) -> tuple[list[_Task], list[_Task]]:
    """Which files the run lints itself (``local``) and which its pool of ``jobs - 1``
    workers lints (``remote``), in walk order each. A worker sends back what the passes
    across files need: for a Compose file what the image links read (its project's files
    among it: about a third of linting it, measured on the corpus, issue #14), for a
    Kubernetes manifest its objects (about a tenth), for a Dockerfile next to nothing. So
    the run keeps Compose files, then Kubernetes manifests, then any others, as many as its
    share of the work (a ``jobs``-th, less ``_AFTER``) allows, and the pool gets the rest."""
    sniffed, total = [], 0.0
    for task in todo:
        kind, size = _sniff(task.path)
        cost = _FILE_COST + size * (_KUBE_BYTE_COST if kind == 1 else _BYTE_COST)
        sniffed.append((task, kind, cost))
        total += cost
    budget = total * (1 / jobs - _AFTER)
    local: set[int] = set()
    for kind in (0, 1, 2):
        for task, k, cost in sniffed:
            if k == kind and budget >= cost / 2:
                local.add(id(task))
                budget -= cost
    return ([t for t in todo if id(t) in local], [t for t in todo if id(t) not in local])


class Batch:
    """The plain files of one run, in walk order (see the module). ``plain``: the run
    renders nothing (no chart or kustomization adds objects or links between its files).
    ``new_report``: makes the empty report one file is linted into (``runner.Report``)."""

    def __init__(self, linter: Any, files: list[tuple[str, bool, bool]], jobs: int,
                 cache: Any = None, options: Any = (), plain: bool = False, *,
                 new_report: Callable[[], Any]):
        self.linter = linter
        self.new_report = new_report
        self.jobs = jobs
        self.cache = cache
        self.plain = plain
        self.pool: Any = None
        self.results: Iterator[FileResult | None] | None = None
        self.tasks: dict[str, _Task] = {}
        self.order: list[_Task] = []
        #: objects and image-link calls not yet replayed, in walk order (deferred)
        self.pending: list[tuple[Any, Any]] = []
        self.keys: list[str | None] = []  # of the files taken, in walk order
        self.dirs: set[str] = set()  # where the files with objects or suppressions are
        self.set_key: str | None = None
        self.lengths: dict[str, int] = {}
        self.dockerfiles: list[tuple[str, str]] = []  # (path, scope) told to the links
        taken = set(linter.secret_parts)
        for path, explicit, partial in files:
            parts = _parts(source.display_path(path))
            task = _Task(path, explicit, partial, frozenset(taken & parts))
            taken |= parts
            self.tasks.setdefault(path, task)
            self.order.append(task)
        if cache is not None:
            self._lookup(options)
        todo = [t for t in self.order if t.result is None]
        self.todo: dict[int, int] = {}  # id of a task the pool lints -> its place there
        #: the tasks the run lints itself while it waits for the pool (``_split``), with
        #: what it found ahead of their turn
        self.local: Any = None  # a deque, with a pool
        self.ahead: dict[int, FileResult | None] = {}
        #: every file from the cache: what the passes across files found may be too, so
        #: objects and links wait (pickled) until ``replay`` knows
        self.defer = plain and cache is not None and not todo
        if jobs > 1 and len(todo) >= POOL_FROM:
            self._start(todo)

    def _lookup(self, options: Any) -> None:
        from . import cache as caching  # hashlib, hmac, pickle: not for --no-cache (issue #14)

        cache, linter = self.cache, self.linter
        digests: dict[int, str] = {}
        for task in self.order:
            content = caching.file_digest(task.path)
            if content is None or content in ("missing", "directory"):
                continue
            cfg = linter.config(task.path)
            conf = digests.get(id(cfg))
            if conf is None:
                conf = digests[id(cfg)] = caching._digest(repr(cfg))
            task.key = cache.key(task.path, content, conf, task.explicit, task.partial,
                                 sorted(_parts(source.display_path(task.path)) - task.taken),
                                 options)
            task.result = cache.get(task.key)

    def _start(self, todo: list[_Task]) -> None:
        import multiprocessing

        global _WORK
        local, remote = _split(todo, self.jobs)
        if not remote:
            return
        len(self.linter.rules)  # loaded once, here (a LazyRules), not in every worker
        _WORK = (self.linter, remote, self.new_report)
        try:
            self.pool = multiprocessing.get_context("fork").Pool(
                min(self.jobs - 1, len(remote)))
        except (OSError, ValueError):
            self.pool = None  # no fork here, or no processes left: one process does it all
            return
        finally:
            _WORK = None
        self.local = collections.deque(local)
        self.todo = {id(t): i for i, t in enumerate(remote)}
        size = max(1, min(16, len(remote) // (self.jobs * 8)))
        chunks = [range(i, min(i + size, len(remote))) for i in range(0, len(remote), size)]
        self.results = self.pool.imap(_work, chunks)
        self.sizes = collections.deque(len(c) for c in chunks)  # of the chunks to come
        self.chunk: collections.deque = collections.deque()  # results of a chunk not taken
        self.taken = 0  # results taken from the pool so far

    def _next(self) -> FileResult | None:
        """The pool's next result; while it is not there, the run lints its own files
        ahead of their turn (``_split``)."""
        import multiprocessing

        while not self.chunk and self.local:
            try:
                self._fetch(0)
            except multiprocessing.TimeoutError:
                task = self.local.popleft()
                if id(task) in self.ahead:
                    continue  # its turn came already
                try:
                    self.ahead[id(task)] = lint_one(self.linter, task, self.new_report)
                except Exception:  # noqa: BLE001 - linted again in its turn, which says why
                    self.ahead[id(task)] = None
        if not self.chunk:
            self._fetch(None)
        return self.chunk.popleft()

    def _fetch(self, timeout: float | None) -> None:
        """The next chunk of results (each ``None`` when it could not come back)."""
        import multiprocessing

        try:
            got = self.results.next(timeout)  # type: ignore[union-attr]
        except multiprocessing.TimeoutError:
            raise
        except Exception:  # noqa: BLE001 - it could not come back: linted here
            got = [None] * self.sizes[0]
        self.sizes.popleft()
        self.chunk.extend(got)

    def lint(self, path: str, report: Any, kube_set: Any) -> str:
        """Lint ``path`` (a file given to the batch) into the run; returns the path its
        findings are reported under."""
        task = self.tasks[path]
        result = task.result
        if result is None and self.results is not None and id(task) in self.todo:
            wanted = self.todo[id(task)]
            got = None
            while self.taken <= wanted:  # results of files left out since are dropped
                got = self._next()
                self.taken += 1
            result = got
        if result is None and self.local is not None:
            result = self.ahead.pop(id(task), None)
            self.ahead[id(task)] = None  # taken (or its turn came before it was linted)
        if result is not None and result.claimed != (
                _parts(result.path) - self.linter.secret_parts):
            result = None  # a file before it was left out after all
        fresh = result is None or result is not task.result
        if result is None:
            taken = frozenset(self.linter.secret_parts & _parts(source.display_path(path)))
            if taken != task.taken:
                task.taken, task.key = taken, None  # not what the key says: not cached
            result = lint_one(self.linter, task, self.new_report)
        if fresh and self.cache is not None and task.key is not None:
            stored = dataclasses.replace(result, objects=_pickled(result.objects),
                                         collects=_pickled(result.collects))
            self.cache.put(task.key, [self.cache.dependency(k, p) for k, p in result.deps],
                           stored)
        self._absorb(result, task, report, kube_set)
        return result.path

    def _absorb(self, result: FileResult, task: _Task, report: Any, kube_set: Any) -> None:
        """Take one file's result into the run: its report, notes, objects, settle and
        what it told the image links."""
        linter = self.linter
        for f in dataclasses.fields(report):
            mine, theirs = getattr(report, f.name), getattr(result.report, f.name)
            if isinstance(mine, list):
                mine.extend(theirs)
            elif isinstance(mine, dict):
                for k, v in theirs.items():
                    mine[k] = mine.get(k, 0) + v if isinstance(v, int) and k in mine else v
            elif isinstance(mine, int) and not isinstance(mine, bool):
                setattr(report, f.name, mine + theirs)
        linter.notes.extend(result.notes)
        linter.secret_parts |= result.claimed
        cfg = linter.config(result.path)
        linter.uses(cfg)  # the configurations the run used, in order (no engine: issue #14)
        kube_set.read |= result.read
        self.keys.append(task.key)
        if result.objects:
            self.dirs.update(result.dirs)
        if result.settle is not None:
            self.dirs.add(os.path.dirname(result.path))
            # deferred (every file from the cache): its engine waits for ``replay``, whose
            # outcome from the cache needs none (no rule imported: issue #14)
            linter.settles[result.path] = dataclasses.replace(
                result.settle, engine=None if self.defer else linter.engine(cfg), cfg=cfg)
        if self.defer:
            self.pending.append((result.objects, result.collects))
        else:
            self._add(result.objects, result.collects, kube_set)

    def _add(self, objects: Any, collects: Any, kube_set: Any) -> None:
        """Objects into the run's set, and what the file told the image links (a
        Dockerfile's tree is read again only if a link names it, see ``_trees``)."""
        linter = self.linter
        for kind, targets, path, images, scope in _unpickled(collects):
            if kind == "dockerfile":
                linter.links.collect(None, [], path, images, scope)
                self.dockerfiles.append((path, scope))
                continue
            linter.links.collect(kind, targets, path, images, scope)
        if objects:
            objects = _unpickled(objects)
            kube_set.add(objects)

    def _trees(self) -> None:
        """Give the image links the trees of the Dockerfiles they name."""
        links = self.linter.links
        if self.dockerfiles and links.linked:
            from . import parse

            wanted = links.wanted()
            for path, scope in self.dockerfiles:
                if _realpath(path) in wanted:
                    src = source.read(path)
                    parsed = parse.parse(src, True) if src.text is not None else None
                    if parsed is not None and parsed.kind == "dockerfile":
                        links.collect("dockerfile", parsed.targets, path, None, scope)
        self.dockerfiles = []

    def close(self) -> None:
        """After the last file: stop the pool (and, unless deferred, see ``_trees``)."""
        if self.pool is not None:
            self.pool.terminate()
            self.pool.join()
            self.pool = None
        if not self.defer:
            self._trees()

    def replay(self, kube_set: Any, report: Any) -> bool:
        """Before the passes across files: their outcome from the cache, when every file
        of the run came from there (True: the findings are in ``report``, and there is
        nothing in the set or the links for the passes to see); else what was deferred is
        replayed, and ``store`` keeps what the passes find."""
        key = None
        if self.cache is not None and self.plain and self.keys \
                and all(k is not None for k in self.keys):
            key = self.cache.key("across files", self.keys, sorted(kube_set.read))
            found = self.cache.get(key) if self.defer else None
            if found is not None:
                for name, items in found.items():
                    getattr(report, name).extend(items)
                self.linter.settles.clear()
                self.pending = []
                return True
        for settle in self.linter.settles.values():
            if settle.engine is None:  # deferred by ``_absorb``
                settle.engine = self.linter.engine(settle.cfg)
        for objects, collects in self.pending:
            self._add(objects, collects, kube_set)
        self.pending = []
        self._trees()
        self.set_key = key
        self.lengths = {f.name: len(getattr(report, f.name)) for f in dataclasses.fields(report)
                        if isinstance(getattr(report, f.name), list)}
        return False

    def store(self, report: Any) -> None:
        """After the passes across files: keep what they added to the report, valid while
        the directories of the set's files hold the same names (what the set calls read
        whole) and the Dockerfiles the links name are unchanged."""
        if self.set_key is None:
            return
        added = {name: getattr(report, name)[n:] for name, n in self.lengths.items()}
        links = self.linter.links
        deps = [self.cache.dependency("listing", d or ".") for d in sorted(self.dirs)]
        if links.linked:
            deps += [self.cache.dependency("file", p) for p in sorted(links.wanted())]
        self.cache.put(self.set_key, deps, added)
        self.set_key = None
