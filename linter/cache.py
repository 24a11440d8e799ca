"""The on-disk cache of what linting each file gave, so that a second run over files that did
not change reads the answers instead of working them out again.

Where: ``.shiplint_cache/`` in the directory of the configuration file that applies to the
working directory (or of ``--config``), like ``.ruff_cache``; without a configuration file,
``$XDG_CACHE_HOME/shiplint`` (default ``~/.cache/shiplint``), so that a run never litters a
directory nobody configured. A cache directory holds a ``.gitignore`` of ``*``: it is never
committed. ``--no-cache`` neither reads nor writes it; deleting it is always safe.

What an entry is keyed by: the file's bytes and the path it is reported under, the
configuration that applies to it, the run's options that change what a file gives, the
shiplint version, the code of shiplint and of every rule pack (each module's size and
modification time: an edited rule is a new rule set), the Python that runs it and the
packages it sees. An entry also lists the other files its answer read (the files of a Compose
project, the ``.env`` that names them, the directory that holds its override files): it is
used only while each of them is as it was. What the passes across files find (the
cross-object Kubernetes rules, the checks across formats) is kept only for a run whose every
file came from the cache (see ``linter.batch``); otherwise they run again over the objects
of every file, cached or not, so one changed file re-lints itself and its set, nothing else.

A run whose every file the cache answers imports no rule and parses nothing (issue #14): the
code is fingerprinted by its files, not by the rules loaded; what the run needs of the rules
of the findings it reads (``Cache.facts``: what refines what, what makes a run incomplete)
and which settings passed validation (``Validated``, in the cache home) are kept too.

Trust: every entry is a pickle, and a pickle can run code when it is loaded, so an entry is
loaded only when its HMAC-SHA256, under a key this user's cache home keeps (``secret``, mode
0600, made on first use), matches: a corrupt entry, one from another version, another
format or another machine (a cache directory committed by mistake) is ignored, never
trusted, and overwritten by the next run.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import pickle
import stat
import sys

from . import __version__

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Any, Iterable

#: bumped whenever what an entry holds changes shape
FORMAT = 2  # 2: a Compose file keeps what the image links read, not its tree
MAGIC = b"shiplint-cache\n"
DIRNAME = ".shiplint_cache"
#: the key of what the cache knows of the rules (``Cache.facts``)
FACTS = "rule facts"


def home() -> str:
    """``$XDG_CACHE_HOME/shiplint`` (default ``~/.cache/shiplint``)."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "shiplint")


def location(config_source: str | None) -> str:
    """The cache directory for a run whose working directory is configured by the file
    ``config_source`` (``None``: no configuration file)."""
    if config_source:
        return os.path.join(os.path.dirname(os.path.abspath(config_source)), DIRNAME)
    return home()


def _digest(*parts: Any) -> str:
    h = hashlib.sha256()
    for p in parts:
        h.update(p if isinstance(p, bytes) else repr(p).encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    return h.hexdigest()


def code_fingerprint(modules: Iterable[str] = (), packs: Iterable[Any] = ()) -> str:
    """What identifies the code that lints: the shiplint version, and the size and
    modification time of every file of the ``linter`` package (its built-in rules with it),
    of the packages of the rule modules named (``Rule.module``, when imported) and of the
    rule packs ``packs`` names (entry points: each one's top-level package, found without
    importing it, so a run answered by the cache imports no rule: issue #14; an edited rule
    or helper of a pack is a new rule set), the entry points themselves, the Python running
    it, the directories its packages are installed in (an install or an upgrade changes
    them), ``PATH`` (rules may run a program found there) and the ``SHIPLINT_*``
    environment."""
    import linter

    roots = set(linter.__path__)
    for name in modules:
        module = sys.modules.get(name)
        where = getattr(module, "__file__", None)
        if where:
            roots.add(os.path.dirname(os.path.dirname(where)))  # the pack, not one family
    points = []
    for ep in packs:
        points.append((ep.name, ep.value))
        roots.update(_pack_files(ep.value.partition(":")[0].strip()))
    stats: list[tuple] = []
    seen: set[str] = set()
    for root in sorted(roots):
        if os.path.isfile(root):
            stats.append(_stat(root))
        else:
            _walk(root, stats, seen)
    installed = []
    for p in sys.path:
        if os.path.basename(p) not in ("site-packages", "dist-packages"):
            continue  # the script's own directory changes with every file made there
        try:
            installed.append((p, os.stat(p or ".").st_mtime_ns))
        except OSError:
            pass
    env = sorted((k, v) for k, v in os.environ.items() if k.startswith("SHIPLINT"))
    return _digest(FORMAT, __version__, sys.version, sys.executable, sorted(points), stats,
                   installed, os.environ.get("PATH", ""), env)


def _walk(top: str, stats: list[tuple], seen: set[str]) -> None:
    """``(path, size, mtime)`` of the ``.py`` and ``.json`` files under ``top``, in name
    order, into ``stats``; links followed (a checkout's ``linter/rules`` is a link to its
    ``rules/``), each directory once (``seen``: real paths). ``scandir``: a third of what
    ``os.walk`` and a ``stat`` a file cost, on every run (start-up, issue #14)."""
    real = os.path.realpath(top)
    if real in seen:
        return
    seen.add(real)
    try:
        with os.scandir(top) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError:
        return
    dirs = []
    for entry in entries:
        name = entry.name
        if name.endswith((".py", ".json")):
            try:
                st = entry.stat()
            except OSError:
                stats.append((entry.path,))
                continue
            stats.append((entry.path, st.st_size, st.st_mtime_ns))
        elif name != "__pycache__" and not name.startswith(".") and entry.is_dir():
            dirs.append(entry.path)
    for d in dirs:
        _walk(d, stats, seen)


def _stat(path: str) -> tuple[str, int, int] | tuple[str]:
    try:
        st = os.stat(path)
    except OSError:
        return (path,)
    return path, st.st_size, st.st_mtime_ns


def _pack_files(name: str) -> list[str]:
    """Where the module ``name`` of a rule pack (an entry point's) lives, found without
    running it: its top-level package's directories (or file), and, when the package above
    it is imported already (``linter``, for the built-in pack), the module's own too: an
    editable install maps ``linter.rules`` to a checkout's ``rules/``, outside ``linter/``,
    and an edited rule there must change the fingerprint."""
    top = name.partition(".")[0]
    found = _locations(top)
    parent = name.rpartition(".")[0]
    if parent and parent in sys.modules:
        found += [p for p in _locations(name) if p not in found]
    return found


def _locations(name: str) -> list[str]:
    """The directories (a package) or the file of module ``name``, from its spec: found,
    not run (a submodule's package above it must be imported: see ``_pack_files``)."""
    module = sys.modules.get(name)
    spec = getattr(module, "__spec__", None)
    if spec is None:
        import importlib.util

        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError):
            return []
    if spec is None:
        return []
    if spec.submodule_search_locations:
        return list(spec.submodule_search_locations)
    return [spec.origin] if spec.origin and os.path.isfile(spec.origin) else []


def file_digest(path: str) -> str | None:
    """The digest of a regular file's bytes, or what stands for a file that is missing or
    not a regular file (``None``: it cannot be read, so nothing about it can be cached)."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return "missing"
    except OSError:
        return None
    if not stat.S_ISREG(st.st_mode):
        return "directory" if stat.S_ISDIR(st.st_mode) else None
    try:
        with open(path, "rb") as fh:
            return hashlib.sha256(fh.read()).hexdigest()
    except OSError:
        return None


def listing_digest(directory: str) -> str:
    """The digest of the names in a directory (a file added or removed there changes it)."""
    try:
        names = sorted(os.listdir(directory or "."))
    except OSError:
        names = None
    return _digest("listing", names)


def dependency(kind: str, path: str) -> tuple[str, str, str | None]:
    """``(kind, path, digest)`` of something an answer read: ``file`` or ``listing``."""
    return kind, path, file_digest(path) if kind == "file" else listing_digest(path)


class Cache:
    """One run's view of a cache directory: ``get(key)`` the answer stored under ``key``
    whose dependencies are unchanged, ``put(key, deps, value)`` stores one. Every failure
    to read or write leaves the run as it would be without a cache."""

    def __init__(self, directory: str, code: str):
        self.directory = directory
        self.code = code
        self.secret = _secret()
        self.usable = self.secret is not None and _prepare(directory)
        self.hits = self.misses = 0
        self._deps: dict[tuple[str, str], tuple[str, str, str | None]] = {}

    def dependency(self, kind: str, path: str) -> tuple[str, str, str | None]:
        """``dependency``, worked out once a run (a directory's listing is what every
        file in it depends on)."""
        found = self._deps.get((kind, path))
        if found is None:
            found = self._deps[(kind, path)] = dependency(kind, path)
        return found

    def key(self, *parts: Any) -> str:
        return _digest(self.code, *parts)

    def facts(self) -> dict[str, tuple]:
        """What earlier runs of this code stored of its rules (``linter.engine.Facts`` by
        code): a run answered by the cache needs no more of them (issue #14)."""
        found = self.peek(self.key(FACTS))
        return found if isinstance(found, dict) else {}

    def store_facts(self, facts: dict[str, tuple]) -> None:
        self.put(self.key(FACTS), [], facts)

    def _path(self, key: str) -> str:
        return os.path.join(self.directory, key[:2], key[2:] + ".bin")

    def peek(self, key: str) -> Any:
        """``get``, not counted: ``hits`` and ``misses`` count the files' answers."""
        counts = self.hits, self.misses
        try:
            return self.get(key)
        finally:
            self.hits, self.misses = counts

    def get(self, key: str) -> Any:
        if not self.usable:
            return None
        try:
            with open(self._path(key), "rb") as fh:
                data = fh.read()
        except OSError:
            self.misses += 1
            return None
        value = self._load(data)
        if value is None or value[0] != key or not all(
                self.dependency(kind, path) == (kind, path, digest)
                for kind, path, digest in value[1]):
            self.misses += 1
            return None
        self.hits += 1
        return value[2]

    def _load(self, data: bytes) -> Any:
        head = len(MAGIC) + 4
        if not data.startswith(MAGIC) or len(data) < head + 32 \
                or int.from_bytes(data[len(MAGIC):head], "big") != FORMAT:
            return None
        mac, payload = data[head:head + 32], data[head + 32:]
        if not hmac.compare_digest(mac, hmac.digest(self.secret, payload, "sha256")):
            return None  # corrupt, or not written by this user's shiplint: never unpickled
        try:
            value = pickle.loads(payload)
        except Exception:  # noqa: BLE001 - a cache that cannot be read is no cache
            return None
        return value if isinstance(value, tuple) and len(value) == 3 else None

    def put(self, key: str, deps: list[tuple[str, str, str | None]], value: Any) -> None:
        if not self.usable or any(d[2] is None for d in deps):
            return
        try:
            payload = pickle.dumps((key, deps, value), protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # noqa: BLE001 - something in it cannot be stored: not cached
            return
        mac = hmac.digest(self.secret, payload, "sha256")
        target = self._path(key)
        from . import atomic  # and tempfile: only a run that writes (start-up, issue #14)

        try:
            os.makedirs(os.path.dirname(target), exist_ok=True)
            atomic.write_bytes(target, MAGIC + FORMAT.to_bytes(4, "big") + mac + payload,
                               mode=0o600)
        except OSError:
            self.usable = False  # a read-only or full disk: the run goes on without


class Validated:
    """The settings (a configuration file's, the command line's) that passed
    ``config.validate`` under this code: kept in the cache home, keyed by the code's
    fingerprint and the settings themselves (validating reads nothing else: the rules,
    jsonschema's schema and the rule sets are all code), so that a later run with the same
    settings needs neither jsonschema nor the rules to check them (``config.Resolver``)."""

    def __init__(self, code: str):
        self.cache = Cache(home(), code)

    def _key(self, data: dict) -> str:
        return self.cache.key("valid settings", data)

    def known(self, data: dict) -> bool:
        return self.cache.peek(self._key(data)) is True

    def remember(self, data: dict) -> None:
        self.cache.put(self._key(data), [], True)


def _prepare(directory: str) -> bool:
    """Make the cache directory (private to this user) with its ``.gitignore``."""
    try:
        os.makedirs(directory, mode=0o700, exist_ok=True)
        ignore = os.path.join(directory, ".gitignore")
        if not os.path.exists(ignore):
            with open(ignore, "w", encoding="utf-8") as fh:
                fh.write("# made by shiplint: its cache is never committed\n*\n")
        return os.access(directory, os.W_OK)
    except OSError:
        return False


def _secret() -> bytes | None:
    """This user's key for the entries' HMAC, in the cache home (made on first use)."""
    path = os.path.join(home(), "secret")
    try:
        with open(path, "rb") as fh:
            key = fh.read()
        if len(key) >= 32:
            return key
    except OSError:
        pass
    try:
        import tempfile  # only the first run of a user (start-up, issue #14)

        os.makedirs(home(), mode=0o700, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=home())
        with os.fdopen(fd, "wb") as fh:
            fh.write(os.urandom(32))
        os.chmod(tmp, 0o600)
        try:
            os.link(tmp, path)  # first writer wins; the others read what it wrote
        except FileExistsError:
            pass
        finally:
            os.unlink(tmp)
        with open(path, "rb") as fh:
            key = fh.read()
        return key if len(key) >= 32 else None
    except OSError:
        return None
