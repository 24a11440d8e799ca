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

With ``--jobs N`` the run is one of the N: it forks ``N - 1`` workers (``Workers``: during
the walk, as soon as it has found ``POOL_FROM`` files, so that they import the rules while
the run walks on), which take the files nobody has claimed from the first on, while the
run, whenever the result of its next file in walk order is not there yet, lints the last
file nobody has claimed, or that next file when it is small (see ``Batch._share``): the
work is shared as it goes, so no process waits for another while files are left. What a worker sends of a Compose file is
only what the image links read of it.

Workers cost a fork and a pipe each: small runs (fewer than ``POOL_FROM`` files found)
start none.

Two things depend on the files before a file: the secret found in a directory name is
reported once, by the first file linted under it. With a cache, whose keys say so, a
worker is told which parts of its path the files before it claim (as if none of them is
left out), and when that turns out wrong (a file before it was linted through a Kustomize
build instead) the run lints that file again itself; without one, a file whose own path
holds a secret is left to the run, in its turn (``_Task.taken``). And a worker sees only
its own file: what the image links keep is replayed in the parent in walk order (a
Dockerfile's tree is read again only when a link names it).

With a cache, a run whose Kubernetes files all come from it (and that renders nothing)
also keeps what the cross-object pass found, under a key made of those files' keys and of
what the pass looks at on disk (which files were read, the names in their directories):
an unchanged tree then loads no object at all. One changed file re-lints itself, and the
pass runs again over every object.
"""

from __future__ import annotations

import functools
import os

from . import flush_std_streams, source
from .source import realpath as _realpath

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Any, Callable

#: fewer files to lint than this: no pool
POOL_FROM = 24


class FileResult:
    """What linting one file gave (see the module). (A dataclass before: see linter.plain;
    it is made for every file, and pickled by a worker of ``--jobs``.)"""

    def __init__(self, path: str, report: Any, notes: list[str] | None = None,
                 objects: Any = None, dirs: list[str] | None = None,
                 read: set[str] | None = None, settle: Any = None,
                 claimed: set[str] | None = None, collects: Any = None,
                 deps: list | None = None) -> None:
        self.path = path  # as reported
        self.report = report  # runner.Report
        self.notes = [] if notes is None else notes
        #: its Kubernetes objects: a list, or pickled (``bytes``) until the pass needs them
        self.objects = [] if objects is None else objects
        self.dirs = [] if dirs is None else dirs  # the directories of its objects
        self.read = set() if read is None else read
        self.settle = settle  # runner._Settle, without its engine and configuration
        self.claimed = set() if claimed is None else claimed
        #: what it told the image links: ``(kind, targets, path, images, scope)`` (or pickled)
        self.collects = [] if collects is None else collects
        self.deps = [] if deps is None else deps  # what else it read (for the cache)

    def stored(self) -> FileResult:
        """This result as the cache keeps it: its objects and image-link calls pickled."""
        return FileResult(self.path, self.report, self.notes, _pickled(self.objects),
                          self.dirs, self.read, self.settle, self.claimed,
                          _pickled(self.collects), self.deps)


class _Task:
    """One file of the batch. ``taken``: the parts of its path holding a secret that files
    before it report (see the module); ``None`` while unknown (a run without cache looks
    at no path before a file's turn: 2,300 paths scanned for secrets were 35 ms before any
    worker could start, issue #14): a file whose own path holds none takes none, and one
    whose path does is linted in its turn by the run, which knows then."""

    __slots__ = ("path", "explicit", "partial", "taken", "key", "result")

    def __init__(self, path: str, explicit: bool, partial: bool, taken: frozenset | None,
                 key: str | None = None, result: FileResult | None = None) -> None:
        self.path, self.explicit, self.partial, self.taken = path, explicit, partial, taken
        self.key, self.result = key, result

    def __reduce__(self) -> tuple:
        """One call each (pickle's default for slots makes a dictionary of them): the tasks
        a run shares with its workers pickled in 1 ms, 3 before its first file (issue #14).
        A shared task has no result."""
        return _Task, (self.path, self.explicit, self.partial, self.taken, self.key,
                       self.result)


@functools.lru_cache(maxsize=4096)
def _parts(path: str) -> frozenset[str]:
    """The parts of ``path`` that hold a secret (asked three times a file)."""
    from .secrets import path_secrets

    return frozenset(part for part, _ in path_secrets(path))


def _ahead(task: _Task) -> bool:
    """Whether ``task`` may be linted before its turn (see ``_Task.taken``)."""
    return task.taken is not None or not _parts(source.display_path(task.path))


def _taken(task: _Task) -> frozenset:
    """``task.taken``, or none when its own path holds no secret."""
    if not _ahead(task):
        raise ValueError(f"linted before its turn: {task.path}")
    return task.taken or frozenset()


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
    ``new_report()``; the linter's own state is left as it was). ``pickled``: the objects and
    image-link calls as ``bytes``, as the cache stores them (``FileResult.stored``)."""
    from .kubernetes import KubernetesSet

    report, kube_set = new_report(), KubernetesSet()
    saved = linter.notes, linter.settles, linter.secret_parts, linter.links, source.read_bytes
    read: list[str] = []
    real_read = source.read_bytes

    def recording(path: str, *args: Any, **kwargs: Any) -> bytes:
        read.append(path)
        return real_read(path, *args, **kwargs)

    taken = _taken(task)
    collects = _Collects()
    linter.notes, linter.settles, linter.secret_parts = [], {}, set(taken)
    linter.links = collects
    source.read_bytes = recording
    try:
        src = source.read(task.path)
        del read[:]
        linter.lint(src, task.explicit, report, kube_set, config_path=task.path,
                    partial=task.partial)
        settle = linter.settles.get(src.path)
        if settle is not None:
            settle = settle.replace(engine=None, cfg=None)
        objects: Any = kube_set.objects
        dirs = sorted({os.path.dirname(o.path) for o in objects})
        calls: Any = collects.calls
        if pickled:
            objects, calls = _pickled(objects), _pickled(calls)
        # what else it read: for the cache only (a task has a key only with one)
        deps = _dependencies(task.path, read) if task.key is not None else []
        return FileResult(src.path, report, linter.notes, objects, dirs, kube_set.read,
                          settle, linter.secret_parts - taken, calls, deps)
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
        from .compose import _ENV_LEVELS

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


#: what a worker forked now lints with: (linter, new_report, claims, lock); set in the
#: parent just around the forks (one run at a time: a process running other threads forks
#: no worker, see ``Workers``)
_WORK: tuple | None = None
#: who lints a task (``Batch.claims``): nobody yet, a worker, the run itself
_FREE, _WORKER, _RUN = 0, 1, 2
#: F_SETPIPE_SZ (Linux): a result pipe of a megabyte, so that a worker seldom waits for
#: the run to read what it sent
_SETPIPE_SZ, _PIPE_BYTES = 1031, 1 << 20
#: the most files a run shares with workers it starts before it knows how many it has
#: (``Workers``); the rest the run lints itself. One byte each in shared memory.
CAPACITY = 1 << 20
#: a message's length, before it on a pipe (``_send``)
_HEADER = 8
#: a worker sends its results a few at a time (``_work``): every 16 files, or after the
#: first file that ends a tenth of a second after the last message. One message a file
#: cost the run 2.5 times the reading and unpickling, and the worker a fifth more pickling
#: (the names, fixes and classes its findings share were sent again for each file), over
#: the corpus with ``--jobs 2`` (issue #14). The run waits for a worker's result only once
#: nothing is left to claim, when the worker is on its last file and sends everything next.
_SEND_EVERY, _SEND_WITHIN = 16, 0.1


def _send(fd: int, data: bytes) -> None:
    """Write one message (its length, then its bytes) to the pipe ``fd``; one process
    writes to each pipe."""
    view = memoryview(len(data).to_bytes(_HEADER, "little") + data)
    while view:
        view = view[os.write(fd, view):]


def _receive_one(fd: int) -> bytes:
    """Read one message from the pipe ``fd`` (``EOFError``: its writer closed it)."""
    size = int.from_bytes(_read(fd, _HEADER), "little")
    return _read(fd, size)


def _read(fd: int, size: int) -> bytes:
    chunks = []
    while size:
        chunk = os.read(fd, min(size, _PIPE_BYTES))
        if not chunk:
            raise EOFError
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


class _FileLock:
    """A lock the run and its workers share: a POSIX record lock (``fcntl.lockf``) on an
    unnamed temporary file. Such a lock belongs to a process, so a fork does not share it,
    and the kernel lets it go when its holder dies: a worker killed while it holds it (out
    of memory, SIGKILL) or a run killed while it does leaves no one waiting forever, as a
    pipe holding one byte did. (multiprocessing's lock, shared array, pipes and processes
    cost the run 17-19 ms before its first file, mostly imports: issue #14.)"""

    def __init__(self) -> None:
        import fcntl

        self._fcntl = fcntl
        try:  # a file in no directory (Linux), gone with its last descriptor
            self.fd = os.open("/dev/shm" if os.path.isdir("/dev/shm") else "/tmp",
                              os.O_TMPFILE | os.O_RDWR, 0o600)
        except (AttributeError, OSError):
            import tempfile

            self.fd = os.dup(tempfile.TemporaryFile().fileno())

    def __enter__(self) -> None:
        self._fcntl.lockf(self.fd, self._fcntl.LOCK_EX)

    def __exit__(self, *exc: Any) -> None:
        self._fcntl.lockf(self.fd, self._fcntl.LOCK_UN)

    def close(self) -> None:
        os.close(self.fd)


def _worker(tasks_in: int, results: int, inherited: list[int]) -> None:
    """A worker of ``--jobs``: imports the rules while the run walks on, waits for the
    files to share (``Workers.share``), then lints the tasks nobody has claimed, first to
    last, and sends the results with their places, a few at a time (``_SEND_EVERY``;
    ``None``: the run lints that file again and sees what happens), until none is left. It ends quietly when the run stops
    wanting results (its pipe closed: the run ended, or stopped on an error) or on Ctrl-C,
    which the run reports: a worker's traceback would only add noise to its stderr."""
    try:
        _work(tasks_in, results, inherited)
    except (BrokenPipeError, KeyboardInterrupt):
        pass


def _work(tasks_in: int, results: int, inherited: list[int]) -> None:
    import pickle

    for other in inherited:  # the run's ends of the pipes, copied by the fork
        os.close(other)
    linter, new_report, claims, lock = _WORK  # type: ignore[misc]
    len(linter.rules)  # every rule imported, while the run walks (``Workers``)
    try:
        tasks = pickle.loads(_receive_one(tasks_in))
    except (EOFError, OSError):
        return  # the run stopped before it had files to share
    finally:
        os.close(tasks_in)
    from time import monotonic

    made: list[tuple[int, FileResult | None]] = []  # not sent yet
    since = monotonic()
    for i in range(len(tasks)):
        with lock:
            if claims[i] != _FREE:
                continue
            claims[i] = _WORKER
        try:
            # with a cache (the task has a key), pickled as the cache stores them: made
            # here, not in the run; else sent as they are, in the one pickle of the result
            result = lint_one(linter, tasks[i], new_report,
                              pickled=tasks[i].key is not None) if _ahead(tasks[i]) else None
        except Exception:  # noqa: BLE001 - the run lints it again and sees what happens
            result = None
        made.append((i, result))
        if len(made) >= _SEND_EVERY or monotonic() - since >= _SEND_WITHIN:
            _send(results, _message(made))
            made, since = [], monotonic()
    if made:
        _send(results, _message(made))
    os.close(results)


def _message(made: list[tuple[int, FileResult | None]]) -> bytes:
    """Results ``(place, result)`` as one message of a worker (``None`` for a result that
    cannot travel: the run lints that file again)."""
    import pickle

    try:
        return pickle.dumps(made, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # noqa: BLE001 - something in one cannot travel: which one?
        sendable = []
        for i, result in made:
            try:
                pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
            except Exception:  # noqa: BLE001 - linted again in the run
                result = None
            sendable.append((i, result))
        return pickle.dumps(sendable, protocol=pickle.HIGHEST_PROTOCOL)


#: about what a file costs to lint, by kind: (per file, per kilobyte), fitted over the
#: corpus (milliseconds on the machine of benchmarks/README.md; only the ratios matter). A
#: Kubernetes kilobyte is cheap: the large manifests are mostly schemas of custom resources.
_COST = {"dockerfile": (0.35, 0.38), "compose": (1.2, 0.6), "kubernetes": (0.54, 0.10)}


def _by_cost_to_send(tasks: list[_Task], sizes: dict[str, int] | None = None,
                     workers: int = 1) -> list[_Task]:
    """``tasks`` in the order ``workers`` workers take them, from the first (the run takes
    from the last): the largest manifests, about as many as the workers' share of the work
    needs beyond the next ones; the files whose names say they hold no Kubernetes object
    (Dockerfiles, Compose files), in walk order; then the other manifests, the smallest
    first (``sizes``: bytes by path, from the walk; the others are looked at here).

    A Kubernetes object a worker lints is pickled whole for the run's pass across files (a
    third of what a worker spent on a manifest); one the run lints itself stays where it
    is. So the workers take the files that cost least to send for the time they take to
    lint: the Dockerfiles and Compose files, and the largest manifests. A large manifest
    is most often a CustomResourceDefinition's (its schema is read and linted, and let go
    before the object is sent: ``KubernetesSet.add``): over the corpus the 58 files that
    define one are 1.5 s of the 2.4 s its manifests take to lint, and a twentieth of what
    they take to send. The run takes the other manifests from the largest down.

    So the large files go first, and the processes meet among small ones, whichever side
    the estimate (``_COST``) errs on: the run's last files are its smallest manifests, or
    the last Dockerfiles; the workers' are Compose files or Dockerfiles, or the run's
    smallest manifests. With the largest manifests after the Dockerfiles and Compose files
    instead, the worker came to them when the run had taken the others up to them: over
    the corpus with ``--jobs 2`` both ended on files of 100 to 350 ms, and the run waited
    up to 90 ms for the worker's last (issue #14). And a process lints fewer kinds of
    file, whose parsers and schemas each one sets up on first use."""
    from .discovery import DOCKERFILE, is_compose_name, kind_by_name

    known = sizes or {}

    def size(task: _Task) -> int:
        found = known.get(task.path)
        if found is None:  # a file named on the command line
            try:
                found = os.stat(task.path).st_size
            except OSError:
                found = 0
        return found

    def cost(task: _Task, kind: str) -> float:
        per_file, per_kilobyte = _COST[kind]
        return per_file + per_kilobyte * size(task) / 1000

    light, heavy, light_cost = [], [], 0.0
    for task in tasks:
        if kind_by_name(task.path) == DOCKERFILE:
            light.append(task)
            light_cost += cost(task, "dockerfile")
        elif is_compose_name(task.path):
            light.append(task)
            light_cost += cost(task, "compose")
        else:
            heavy.append(task)
    heavy.sort(key=size, reverse=True)  # (stable: walk order among equals)
    heavy_costs = [cost(task, "kubernetes") for task in heavy]
    wanted = (light_cost + sum(heavy_costs)) * workers / (workers + 1) - light_cost
    first = 0
    while first < len(heavy) and wanted > 0:
        wanted -= heavy_costs[first]
        first += 1
    return heavy[:first] + light + heavy[first:][::-1]


class Workers:
    """The ``jobs - 1`` workers of a run: forks of it, each with a pipe the run sends it the
    files to share on (``share``: once) and a pipe it sends results back on, and the
    shared claims (one byte a file, under ``lock``: who lints it). A run over directories
    starts them as soon as its walk has found ``POOL_FROM`` files, so that they import the
    rules while it walks on: before, the workers were forked after the walk and after the
    rules were imported, and the run's first 0.2 s (start-up, walk, rules) was nobody's
    but the run's, a tenth of what ``--jobs 2`` took over the corpus (issue #14). The
    rules are then imported by each process: they are needed by each, and a process
    importing them while the other walks costs no time. At most ``CAPACITY`` files are
    shared.

    The workers are ``os.fork`` children, their pipes ``os.pipe``, the claims an anonymous
    shared ``mmap``: multiprocessing's processes, pipes, shared array and lock, which did
    the same, cost the run 17-19 ms before its first file (10 ms of it importing
    multiprocessing), 3 ms now (issue #14). A worker ends with ``os._exit``: it never runs
    the run's ``atexit`` handlers nor flushes the run's buffers; and it takes SIGTERM and
    SIGINT as Python does by default, whatever handlers the program that called the run
    had set (``close`` ends workers with SIGTERM). A worker that cannot be started (no
    processes or descriptors left) is not: the ones started, or the run alone, lint."""

    def __init__(self, linter: Any, jobs: int, new_report: Callable[[], Any]) -> None:
        self.pids: list[int] = []
        self.conns: list[int] = []  # the result pipes still open (read ends)
        self.sends: list[int] = []  # the pipes the files go out on (until ``share``)
        self.claims: Any = None
        self.lock: _FileLock | None = None
        self._poller: Any = None  # see ``ready``
        import sys

        multiprocessing = sys.modules.get("multiprocessing")
        if multiprocessing is not None and multiprocessing.current_process().daemon:
            # a daemonic process (a pool's worker) is ended without its children
            # being ended: one does it all
            return
        import threading

        if threading.active_count() > 1:
            # a fork copies the locks other threads hold at that moment (an import's, say),
            # which no thread of the worker would ever release: it would wait forever. A
            # process running other threads (a server calling lint_paths) lints on its own.
            return
        if not hasattr(os, "fork"):
            return  # no fork here: one process does it all
        try:
            import mmap

            self.claims = mmap.mmap(-1, CAPACITY)  # shared with the forks (MAP_SHARED)
            self.lock = _FileLock()
        except (OSError, ValueError, ImportError):
            self.claims = self.lock = None
            return  # no shared memory here: one process does it all
        self._fork(linter, jobs, new_report)

    def _fork(self, linter: Any, jobs: int, new_report: Callable[[], Any]) -> None:
        global _WORK
        _WORK = (linter, new_report, self.claims, self.lock)
        flush_std_streams()  # (a worker ends with os._exit, which flushes nothing)
        try:
            for _ in range(jobs - 1):
                opened: list[int] = []
                try:
                    opened.extend(os.pipe())
                    opened.extend(os.pipe())
                except OSError:  # no descriptors left: the workers started do the work
                    for fd in opened:
                        os.close(fd)
                    break
                tasks_in, tasks_out, reader, writer = opened
                try:
                    import fcntl

                    fcntl.fcntl(writer, _SETPIPE_SZ, _PIPE_BYTES)
                except (ImportError, OSError):
                    pass  # the default pipe: a worker waits more often, nothing else
                inherited = [*self.sends, tasks_out, *self.conns, reader]
                try:
                    pid = os.fork()
                except OSError:  # no processes left: the ones started do the work
                    for fd in (tasks_in, tasks_out, reader, writer):
                        os.close(fd)
                    break
                if pid == 0:  # the worker: never returns into the run's code
                    code = 0
                    try:
                        import signal  # Python's own handlers, not the calling program's

                        signal.signal(signal.SIGTERM, signal.SIG_DFL)
                        signal.signal(signal.SIGINT, signal.default_int_handler)
                        _worker(tasks_in, writer, inherited)
                    except BaseException:  # noqa: BLE001 - the run lints what it did not send
                        code = 1
                    finally:
                        os._exit(code)
                os.close(writer)  # the worker's ends: the run sees EOF when it ends
                os.close(tasks_in)
                self.sends.append(tasks_out)
                self.conns.append(reader)
                self.pids.append(pid)
        finally:
            _WORK = None

    def ready(self, block: bool) -> list[int]:
        """The result pipes with something to read (or their worker's end); ``block``: wait
        for one. (One ``poll`` object for the run: the run asks about once a file.)"""
        if not self.conns:
            return []
        poller = self._poller
        if poller is None:
            import select

            poller = self._poller = select.poll()
            for fd in self.conns:
                poller.register(fd, select.POLLIN)
        return [fd for fd, _ in poller.poll(None if block else 0)]

    def drop(self, fd: int) -> None:
        """A result pipe whose worker ended."""
        if self._poller is not None:
            self._poller.unregister(fd)
        os.close(fd)
        self.conns.remove(fd)

    def share(self, tasks: list[_Task]) -> list[_Task]:
        """Send every worker the tasks it may claim (the first ``CAPACITY``), which it
        lints in that order; returns them."""
        import pickle

        shared = tasks[:CAPACITY] if self.pids else []
        data = pickle.dumps(shared, protocol=pickle.HIGHEST_PROTOCOL)
        for fd in self.sends:
            try:
                _send(fd, data)
            except OSError:
                pass  # a worker that ended already: its result pipe tells the run
            os.close(fd)
        self.sends = []
        return shared

    def close(self) -> None:
        """Stop the workers: what they have not sent is not needed (files left out of the
        run after all, Kustomize builds), or the run stopped."""
        import signal

        for fd in self.sends + self.conns:
            os.close(fd)
        for pid in self.pids:
            try:
                if os.waitpid(pid, os.WNOHANG)[0] == 0:  # still running
                    os.kill(pid, signal.SIGTERM)
                    os.waitpid(pid, 0)
            except ChildProcessError:
                pass  # reaped already (by whoever waits for every child)
        if self.lock is not None:
            self.lock.close()
        self.sends, self.conns, self.pids, self.lock = [], [], [], None

class Batch:
    """The plain files of one run, in walk order (see the module). ``plain``: the run
    renders nothing (no chart or kustomization adds objects or links between its files).
    ``new_report``: makes the empty report one file is linted into (``runner.Report``)."""

    def __init__(self, linter: Any, files: list[tuple[str, bool, bool]],
                 cache: Any = None, options: Any = (), plain: bool = False, *,
                 new_report: Callable[[], Any], workers: Workers | None = None,
                 sizes: dict[str, int] | None = None):
        self.linter = linter
        self.new_report = new_report
        self.cache = cache
        self.plain = plain
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
            if cache is None:  # unknown till its turn (``_Task``)
                task = _Task(path, explicit, partial, None)
            else:  # what its key is made of
                parts = _parts(source.display_path(path))
                task = _Task(path, explicit, partial, frozenset(taken & parts))
                taken |= parts
            self.tasks.setdefault(path, task)
            self.order.append(task)
        if cache is not None:
            self._lookup(options)
        todo = [t for t in self.order if t.result is None]
        #: with workers: the place of each task the run and its workers share (by id), the
        #: workers (their claims, result pipes and processes), the results that came
        #: (``got``, by place: ``None`` is linted again here), and the last place the run
        #: has not looked at
        self.index: dict[int, int] = {}
        self.shared: list[_Task] = []
        self.workers: Workers | None = None
        self.got: dict[int, FileResult | None] = {}
        self.back = 0
        self.front = 0  # the first place the workers may not have claimed yet
        self.linted = 0  # files this process linted that leave garbage cycles (``_count``)
        #: every file from the cache: what the passes across files found may be too, so
        #: objects and links wait (pickled) until ``replay`` knows
        self.defer = plain and cache is not None and not todo
        if workers is not None:  # ``sizes``: of the files, by path (``_by_cost_to_send``)
            self._share(workers, todo, sizes)

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

    def _share(self, workers: Workers, todo: list[_Task],
               sizes: dict[str, int] | None = None) -> None:
        """Share ``todo`` with ``workers``. Work is shared as it goes, not split ahead: the
        workers take the files nobody has claimed from the first on (in the order of
        ``_by_cost_to_send``), and the run, while the result of its next file in walk
        order is not there, lints that file itself when nobody has it and it is nearer
        the last file nobody has claimed than the first (a small manifest), and else the
        last file nobody has claimed. So every process works until the last file is
        taken, whatever each file costs and however busy the machine is (a split made
        ahead left one process waiting for the other, and the threads of
        ``multiprocessing.Pool`` waited for the run's lock on the interpreter to hand
        tasks out and take results in: issue #14); the run lints the files the workers
        would take last, whose results it then need not receive; and the last files of
        all are small, so neither process waits long for the other's (when the run took
        its next file in walk order whoever had it first, the workers ended 6 to 100 ms
        before it, as its last file was small or large)."""
        self.workers = workers
        self.shared = workers.share(_by_cost_to_send(todo, sizes, len(workers.pids)))
        if not self.shared:
            workers.close()  # nothing to share (or no workers): they end
            self.workers = None
            return
        self.index = {id(t): i for i, t in enumerate(self.shared)}
        self.back = len(self.shared) - 1

    def _claim(self, i: int) -> bool:
        """Claim place ``i`` for the run; False when a worker has it."""
        workers = self.workers
        with workers.lock:  # type: ignore[union-attr]
            if workers.claims[i] != _FREE:  # type: ignore[union-attr]
                return False
            workers.claims[i] = _RUN  # type: ignore[union-attr]
            return True

    def _receive(self, block: bool) -> None:
        """Take in the results the workers sent (``block``: wait for at least one, or for
        every worker to end)."""
        import pickle

        workers = self.workers
        while workers is not None and workers.conns:
            ready = workers.ready(block)
            if not ready:
                return
            for fd in ready:
                try:
                    made = pickle.loads(_receive_one(fd))
                except (EOFError, OSError):
                    workers.drop(fd)
                    continue
                except Exception:  # noqa: BLE001 - what cannot be read is linted again here
                    continue
                self.got.update(made)
            block = False

    def _take(self, task: _Task) -> FileResult | None:
        """The result of ``task`` from the shared work: a worker's, or one the run made
        ahead of its turn; ``None``: the run lints it now (nobody else will: every file
        after it in the shared order is claimed, or the worker that had it could not send
        it back)."""
        i = self.index.get(id(task))
        if i is None:
            return None
        while True:
            if i in self.got:
                return self.got.pop(i)
            self._receive(block=False)
            if i in self.got:
                continue
            claims = self.workers.claims  # type: ignore[union-attr]
            while self.front < i and claims[self.front] != _FREE:
                self.front += 1
            if claims[i] == _FREE and i - self.front >= self.back - i and self._claim(i):
                return None  # nearer the run's end than the workers': linted now, in turn
            while self.back > i and not self._claim(self.back):
                self.back -= 1
            if self.back > i:  # the last file nobody has: linted here, ahead of its turn
                ahead = self.shared[self.back]
                self.back -= 1
                try:
                    made = lint_one(self.linter, ahead, self.new_report) \
                        if _ahead(ahead) else None
                except Exception:  # noqa: BLE001 - linted again in its turn, which says why
                    made = None
                self._count(made)
                self.got[self.index[id(ahead)]] = made
            elif self._claim(i) or not self.workers.conns:  # type: ignore[union-attr]
                return None  # nobody had it, or its worker ended without sending it
            else:
                self._receive(block=True)

    def _count(self, result: FileResult | None) -> None:
        """Count a file linted here for the run's garbage collections (``runner``): not a
        Kubernetes manifest, whose trees hold no cycle once read (what it keeps, its objects,
        lives until the cross-object pass: a collection would only walk it), nor a
        Dockerfile (its tree holds none: tests/dockerfile/test_tree.py), only files whose
        trees may (a Compose project)."""
        if result is None or not (result.objects or any(
                call[0] == "dockerfile" for call in result.collects)):
            self.linted += 1

    def lint(self, path: str, report: Any, kube_set: Any) -> str:
        """Lint ``path`` (a file given to the batch) into the run; returns the path its
        findings are reported under."""
        task = self.tasks[path]
        result = task.result
        if result is None and self.shared:
            result = self._take(task)
            self.index.pop(id(task), None)  # taken: a second look lints it here
        # (a result made while ``taken`` was unknown is of a path that holds no secret)
        if result is not None and task.taken is not None and result.claimed != (
                _parts(result.path) - self.linter.secret_parts):
            result = None  # a file before it was left out after all
        fresh = result is None or result is not task.result
        if result is None:
            taken = frozenset(self.linter.secret_parts & _parts(source.display_path(path)))
            if taken != task.taken:
                task.taken, task.key = taken, None  # not what the key says: not cached
            result = lint_one(self.linter, task, self.new_report)
            self._count(result)
        if fresh and self.cache is not None and task.key is not None:
            self.cache.put(task.key, [self.cache.dependency(k, p) for k, p in result.deps],
                           result.stored())
        self._absorb(result, task, report, kube_set)
        return result.path

    def _absorb(self, result: FileResult, task: _Task, report: Any, kube_set: Any) -> None:
        """Take one file's result into the run: its report, notes, objects, settle and
        what it told the image links."""
        linter = self.linter
        report.absorb(result.report)
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
            linter.settles[result.path] = result.settle.replace(
                engine=None if self.defer else linter.engine(cfg), cfg=cfg)
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
        """After the last file: stop the workers (and, unless deferred, see ``_trees``)."""
        if self.workers is not None:
            self.workers.close()
        self.workers, self.shared, self.got = None, [], {}
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
        self.lengths = {name: len(getattr(report, name)) for name in report.FIELDS
                        if isinstance(getattr(report, name), list)}
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
