"""The Compose *project* a file belongs to: the other files Compose reads with it.

``docker compose`` rarely reads one file alone. It merges ``compose.override.yaml`` into
``compose.yaml`` by default, people pass ``-f compose.yaml -f compose.prod.yaml``, ``include:``
pulls whole files in and ``extends:`` takes a service from another file. A rule that asks "is
this network defined?" or "does this service have an image?" must look at all of them, or it
reports overlays and split projects as broken.

The pipeline builds projects: one ``ComposeProjects`` per run (and per standard-input buffer)
finds the files next to each Compose file it is given (nothing is read for standard input),
reads each once, and hands every ``ComposeFile`` its ``Project`` before the rules run, as it
hands the rules one ``KubernetesSet``. Rules and trees never read the disk: they ask
``project_of(cf)``. Nothing is merged into ``cf``: rules keep checking each file where its
values are written, so every finding points at the file and line of the value. What the
project answers:

* ``services(name)``: the definitions of a service across the files, this file first;
* ``defines(kind, name)``: whether a top-level network/volume/secret/config is declared;
* ``service_names``: every service of the project;
* ``partial``: some part of the project could not be read (an ``include`` or ``extends``
  file that is missing, an overlay whose base file is not next to it), so "undefined"
  must not be concluded from absence.

Which files go together:

* the files named together as one project, in ``-f`` order: on the command line
  (``shiplint check --compose-file base.yml --compose-file prod.yml``, ``declared``) or
  in ``COMPOSE_FILE`` of the ``.env`` file beside them, as Compose itself reads it;

and otherwise by name (matched after any ``owner__repo__`` style prefix, so flattened copies
group the same way):

* ``compose.yaml`` / ``docker-compose.yml`` (a *base*) with its ``*.override.y(a)ml``;
* an *overlay* such as ``docker-compose.prod.yml`` or ``compose-dev.yaml`` with its base;
* every file an ``include:`` entry names (recursively), and every ``extends.file``.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache

from .. import lazyre
from ..plain import Frozen, Plain
from ..source import version
from ..yaml import YMapping, YNode, YScalar, YSequence
from . import _ENV_LEVELS  # how far up a .env is looked for: the package's (issue #14)
from .interpolation import interpolate
from .merge import merge
from .tree import Build, ComposeFile, Service, build_of, build_service

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Callable, Iterator

_KINDS = ("networks", "volumes", "secrets", "configs", "models")
_NAME = lazyre.compile(r"^(?P<prefix>.*?)(?P<stem>(?:docker-)?compose)(?P<qual>[._-].+?)?"
                   r"\.(?P<ext>ya?ml)$", re.IGNORECASE)
_MAX_FILES = 32


class Unread(Frozen):
    """A file a Compose file names (``include:``, ``extends.file``) that cannot be read:
    ``by`` names it at ``node``; ``how`` is ``include`` or ``extends``; ``why`` in words."""

    by: ComposeFile
    node: YScalar
    how: str
    path: str
    why: str

    # a plain class, not a dataclass (issue #14: 0.4 ms of start-up), frozen like it
    FIELDS = ("by", "node", "how", "path", "why")

    def __init__(self, by: ComposeFile, node: YScalar, how: str, path: str, why: str) -> None:
        self._assign(locals())


class Project(Plain):
    """``files``: the file linted first, then the others of its project. ``merge_order``:
    the files Compose merges into one model, in ``-f`` order (base first, then overrides;
    included files and sibling overlays are not merged, only consulted)."""

    files: list[ComposeFile]
    partial: bool
    merge_order: list[ComposeFile]
    #: reads another file of the project (``extends.file``); ``None``: a project of
    #: one file that reads nothing
    load: Callable[[str], ComposeFile | None] | None
    #: the files an ``include:`` or ``extends.file`` names that could not be read
    unread: list["Unread"]
    _services: dict[str, list[tuple[ComposeFile, Service]]]
    _owner: dict[int, str] | None
    _owned: int  # how many of ``files`` ``_owner`` holds the nodes of
    #: the mappings ``merged_service`` made (compared by identity; kept, so never reused)
    _made: set
    _live: dict[str, set[int]]
    #: each service merged over what it extends (``_with_extends``), by (path, name)
    _extended: dict[tuple[str, str], YMapping]

    # a plain class, not a dataclass (issue #14: 0.4 ms of start-up); ``repr`` as before
    FIELDS = ("files", "partial", "merge_order", "unread", "_services", "_owner", "_owned",
              "_made", "_live", "_extended")
    __eq__ = object.__eq__  # identity, as the dataclass had (eq=False)
    __hash__ = object.__hash__

    def __init__(self, files: list[ComposeFile], partial: bool = False,
                 merge_order: list[ComposeFile] | None = None,
                 load: Callable[[str], ComposeFile | None] | None = None,
                 unread: list[Unread] | None = None) -> None:
        self.files = files
        self.partial = partial
        self.merge_order = [] if merge_order is None else merge_order
        self.load = load
        self.unread = [] if unread is None else unread
        self._services: dict[str, list[tuple[ComposeFile, Service]]] = {}
        self._owner = None
        self._owned = 0
        self._made = set()
        self._live = {}
        self._extended = {}
        for cf in files:
            for s in cf.services:
                self._services.setdefault(s.name, []).append((cf, s))

    def __getstate__(self) -> dict:
        """What goes to another process (``linter.batch``): not the loader, which belongs to
        this process's ``ComposeProjects`` (the receiver sets its own), nor the caches keyed
        by object identity (built again on first use)."""
        state = self.__dict__.copy()
        state.update(load=None, _owner=None, _owned=0, _live={}, _extended={}, _made=set())
        return state

    @property
    def service_names(self) -> set[str]:
        return set(self._services)

    def services(self, name: str) -> list[tuple[ComposeFile, Service]]:
        return self._services.get(name, [])

    def merged_service(self, name: str) -> Service | None:
        """Service ``name`` as Compose sees it after merging the files of ``merge_order``
        (each with its ``extends`` resolved). Its nodes are the written ones: spans point at
        the line in the file each value comes from (``file_of``). ``None`` if undefined."""
        merged = self._merged(name)
        if merged is None:
            return None
        key, node = merged
        self._made.add(node)  # a mapping made here (``_own``, ``merge``): in no file
        return build_service(key, node)

    def merged_build(self, name: str, service: Service) -> Build | None:
        """``(self.merged_service(name) or service).build``, read from the merged mapping
        alone: the image links ask it of every service, and most build no Dockerfile; the
        whole merged service is built only for those that do (``imagelinks``), which
        saves about a fifth of what linking a Compose file costs. Same mapping, same
        reader (``tree.build_of``): the same ``Build``."""
        layers = [x for x in (cf.service(name) for cf in self.merge_order or self.files[:1])
                  if x is not None]
        if len(layers) == 1 and extends_of(layers[0])[0] is None:
            return layers[0].build  # read from the same entries (but ``extends``)
        merged = self._merged(name)
        if merged is None:
            return service.build
        return build_of(merged[1])

    def _merged(self, name: str) -> tuple[YNode, YMapping] | None:
        """(key, mapping) of service ``name`` merged over ``merge_order`` (see
        ``merged_service``); ``None`` if undefined."""
        node = None
        key = None
        for cf in self.merge_order or self.files[:1]:
            s = cf.service(name)
            if s is None:
                continue
            layer = self._with_extends(cf, s)
            node = layer if node is None else merge(node, layer, None)
            key = s.key
        if not isinstance(node, YMapping) or key is None:
            return None
        return key, node

    def _with_extends(self, cf: ComposeFile, s: Service) -> YMapping:
        """``s`` merged over the service it ``extends``, merged over the one that extends,
        ... (a service met again ends the chain: it counts once, as the deepest base). Each
        service of a chain without a cycle is merged once a project and kept, and the chain
        is walked without recursion: 5,000 chained services cost 5,000 merges."""
        chain: list[tuple[ComposeFile, Service]] = []
        met: set[tuple[str, str]] = set()
        at: tuple[ComposeFile, Service] | None = (cf, s)
        node: YMapping | None = None
        cycle = False
        while at is not None:
            ident = (at[0].path, at[1].name)
            if ident in self._extended:
                node = self._extended[ident]
                break
            if ident in met:  # a cycle: the service met again is the deepest base
                node, cycle = _own(at[1]), True
                break
            met.add(ident)
            chain.append(at)
            at = self.extends_base(*at)
        for layer_cf, layer in reversed(chain):
            own = _own(layer)
            merged = own if node is None else merge(node, own, None)
            node = merged if isinstance(merged, YMapping) else own
            if not cycle:  # what a chain with a cycle gives depends on where it is entered
                self._extended[(layer_cf.path, layer.name)] = node
        assert node is not None
        return node

    def superseded(self, cf: ComposeFile, service: str, node) -> bool:
        """Whether ``node``, written in ``cf`` under service ``service``, is replaced or
        reset by a file Compose merges after ``cf`` (``compose.override.yaml`` over
        ``compose.yaml``): a finding on it would describe a value Compose never uses."""
        order = self.merge_order
        if len(order) < 2 or order[-1] is cf or all(f is not cf for f in order):
            return False
        later = order[[i for i, f in enumerate(order) if f is cf][0] + 1:]
        if all(f.service(service) is None for f in later):
            return False
        live = self._live.get(service)
        if live is None:
            try:
                merged = self.merged_service(service)
            except RecursionError:  # absurdly deep values: judge the file on its own
                return False
            live = {id(n) for n in walk_nodes(merged.node)} if merged is not None else set()
            self._live[service] = live
        return id(node) not in live

    def file_of(self, node) -> str | None:
        """The path of the project file in which ``node`` is written (``None`` if none).

        The files' nodes are gathered one file at a time, in ``files`` order, and only as
        far as the first file that holds ``node``: the node asked about is nearly always
        in the file linted (``files[0]``), and gathering every file of a project each time
        cost about a tenth of a run's Compose CPU. The first file that holds a node is the
        one the whole gathering answered (it kept the first owner of each node)."""
        owners = self._owner
        if owners is None:
            owners = self._owner = {}
        key = id(node)
        found = owners.get(key)
        if found is not None:
            return found
        done = self._owned
        while done < len(self.files):
            cf = self.files[done]
            for n in _nodes(cf.node):
                owners.setdefault(n, cf.path)
            done = self._owned = done + 1
            found = owners.get(key)
            if found is not None:
                return found
        return None

    def owners_of(self, nodes: list) -> "FileOwners":
        """``file_of`` for ``nodes`` alone (the values ``imagelinks.BuildingService`` keeps):
        what the image links keep of a service's project (``imagelinks``), sent by a worker
        of ``--jobs`` and stored in the cache in place of the project, whose every file's
        tree made what a worker sends back for the Compose corpus 8.7 MB (then 1.1 MB with
        every node of the service, 0.4 MB now; issue #14). A node ``merged_service`` made is
        in no file: it is not looked for (looking for a node in no file walks every file of
        the project)."""
        paths = {}
        for n in nodes:
            path = None if n in self._made else self.file_of(n)
            if path is not None:
                paths[n] = path
        return FileOwners(paths)

    def defines(self, kind: str, name: str) -> bool:
        for cf in self.files:
            m = cf.node.get(kind)
            if isinstance(m, YMapping) and name in _names(m):
                return True
        return False

    def extends_base(self, cf: ComposeFile, service: Service) -> tuple[ComposeFile, Service] | None:
        """The service ``service`` extends (``None`` without ``extends`` or when the base
        cannot be found)."""
        name, file = extends_of(service)
        if name is None:
            return None
        if file is None:
            s = cf.service(name)
            if s is not None:
                return cf, s
            found = self.services(name)
            return found[0] if found else None
        other = self.load(_resolve(cf.path, file)) if self.load is not None else None
        if other is None:
            return None
        s = other.service(name)
        return (other, s) if s is not None else None


class FileOwners:
    """``Project.file_of`` for the nodes of one service (``Project.owners``): the path of
    the project file each one is written in, ``None`` for any other node. Its keys are the
    nodes themselves (compared by identity), so a copy sent along with the service (in the
    same pickle) answers for the copies of its nodes."""

    __slots__ = ("paths",)

    def __init__(self, paths: dict) -> None:
        self.paths = paths

    def __reduce__(self) -> tuple:  # pickled with the nodes it names
        return (FileOwners, (self.paths,))

    def file_of(self, node) -> str | None:
        return self.paths.get(node)


def _own(s: Service) -> YMapping:
    """What service ``s`` writes itself: its mapping without ``extends``."""
    own = YMapping(s.node.span, None)
    for e in s.node.entries:
        if e.name != "extends":
            own.entries.append(e)
            if e.name is not None:
                own._index[e.name] = e
    return own


def walk_nodes(node) -> Iterator:
    """Every node under ``node`` (keys included), each shared node once."""
    stack = [node]
    seen: set[int] = set()
    while stack:
        n = stack.pop()
        if n is None or id(n) in seen:
            continue
        seen.add(id(n))
        yield n
        if isinstance(n, YMapping):
            for e in n.entries:
                stack.append(e.key)
                stack.append(e.value)
        elif isinstance(n, YSequence):
            stack.extend(n.items)


def _nodes(node) -> set[int]:
    """The ids of every node under ``node`` (keys included): ``walk_nodes`` as a set, in
    one loop without a generator (about twice as fast; ``file_of`` gathers whole files)."""
    seen: set[int] = set()
    stack = [node]
    pop, push, add, extend = stack.pop, stack.append, seen.add, stack.extend
    while stack:
        n = pop()
        if n is None:
            continue
        k = id(n)
        if k in seen:
            continue
        add(k)
        if isinstance(n, YMapping):
            for e in n.entries:
                push(e.key)
                push(e.value)
        elif isinstance(n, YSequence):
            extend(n.items)
    return seen


def _names(m: YMapping) -> set[str]:
    return {e.key.as_str() for e in m.entries if isinstance(e.key, YScalar)}


def superseded(service: Service, at) -> bool:
    """``Service.superseded``: whether ``at`` is a value of ``service`` that a file merged
    later replaces."""
    return service.superseded(at)


def extends_of(service: Service) -> tuple[str | None, str | None]:
    """``(base service, file or None for this file)`` of ``extends:``."""
    ext = service.node.get("extends")
    if isinstance(ext, YScalar) and ext.value is not None:
        return ext.as_str(), None
    if isinstance(ext, YMapping):
        name = ext.get("service")
        file = ext.get("file")
        n = name.as_str() if isinstance(name, YScalar) and name.value is not None else None
        f = None
        if isinstance(file, YScalar) and file.value is not None:
            value, known = interpolate(file.as_str())
            f = value if known else ""  # "" : a file we cannot name
        return n, f
    return None, None


def _resolve(base_path: str, rel: str) -> str:
    if not rel:
        return ""
    rel = os.path.expanduser(rel)
    if os.path.isabs(rel):
        return rel
    return os.path.normpath(os.path.join(os.path.dirname(base_path) or ".", rel))


def project_of(cf: ComposeFile) -> Project:
    """The project ``cf`` belongs to, as the pipeline built it (``ComposeProjects.attach``);
    a file nobody attached (a tree built by hand) is a project of its own. Never raises."""
    if cf.project is None:
        cf.project = Project([cf], merge_order=[cf])
    return cf.project


def related_names(path: str, listing: Callable[[str], list[str]] | None = None,
                  groups: Callable[[str], dict[tuple[str, str], list[str]]] | None = None
                  ) -> tuple[list[str], bool]:
    """The sibling files Compose reads with ``path`` (``(paths, is_overlay)``), existing or
    not: for a base, its override files; for an overlay, its base files and the other
    overlays of the same base (overlays are often stacked: ``-f a -f b.yaml -f c.yaml``).
    ``listing(directory)`` gives the overlay files of a directory (none when not given);
    ``groups(directory)``, when given, is ``overlay_groups`` of that listing, kept."""
    directory, base = os.path.split(path)
    m = _NAME.match(base)
    if m is None:
        return [], False
    prefix, stem, qual = m.group("prefix"), m.group("stem"), m.group("qual")
    join = (lambda n: os.path.join(directory, n))
    if not qual:
        return [join(f"{prefix}{stem}.override.{e}") for e in ("yaml", "yml")], False
    stems = [stem] + [s for s in ("compose", "docker-compose") if s.lower() != stem.lower()]
    out = [join(f"{prefix}{s}.{e}") for s in stems for e in ("yaml", "yml")]
    if groups is not None:
        found = groups(directory)
    else:
        found = overlay_groups(listing(directory)) if listing is not None else {}
    for name in found.get((prefix, stem.lower()), []):
        if name != base:
            out.append(join(name))
    return out, True


def overlay_groups(names: list[str]) -> dict[tuple[str, str], list[str]]:
    """The overlay files among ``names`` grouped by (prefix, lower-case stem)."""
    found: dict[tuple[str, str], list[str]] = {}
    for name in sorted(names):
        m = _NAME.match(name)
        if m is not None and m.group("qual"):
            found.setdefault((m.group("prefix"), m.group("stem").lower()), []).append(name)
    return found


def _includes(cf: ComposeFile) -> Iterator[tuple[str, YScalar]]:
    """``(resolved path or "" when a variable hides it, the node naming it)`` of each file
    an ``include:`` entry names."""
    inc = cf.node.get("include")
    if not isinstance(inc, YSequence):
        return
    for item in inc.items:
        paths = []
        if isinstance(item, YScalar) and item.value is not None:
            paths = [item]
        elif isinstance(item, YMapping):
            p = item.get("path")
            if isinstance(p, YScalar) and p.value is not None:
                paths = [p]
            elif isinstance(p, YSequence):
                paths = [x for x in p.items if isinstance(x, YScalar) and x.value is not None]
        for p in paths:
            value, known = interpolate(p.as_str())
            yield (_resolve(cf.path, value) if known else ""), p


@lru_cache(maxsize=4096)
def _looks_like_overlay(path: str) -> bool:
    # kept by path (a pure function of it): every project of a directory of overlays asks
    # it of each of their files, 2,500 times on the corpus
    m = _NAME.match(os.path.basename(path))
    return bool(m and m.group("qual"))


class ComposeProjects:
    """The Compose projects of one run: built by the pipeline, one per run (and one per
    standard-input buffer), like the ``KubernetesSet``. It reads each file of a project once
    (by path, modification time and size), lists each directory once, and reads the
    ``.env`` files that name projects (``COMPOSE_FILE``).

    ``declared``: lists of files named together as one project (``--compose-file``), each
    merged in its order, like ``docker compose -f a -f b``.
    """

    def __init__(self, declared: list[list[str]] | None = None):
        self._files: dict[tuple, ComposeFile | None] = {}
        self._why: dict[str, str] = {}
        self._listings: dict[str, list[str]] = {}
        self._groups: dict[str, dict[tuple[str, str], list[str]]] = {}
        self._env_groups: dict[tuple, tuple[str, ...] | None] = {}
        self._declared: dict[str, tuple[str, ...]] = {}
        for group in declared or []:
            files = tuple(os.path.abspath(p) for p in group)
            for p in files:
                self._declared[p] = files

    def attach(self, cf: ComposeFile) -> Project:
        """Give ``cf`` its project (``cf.project``), built on first use."""
        if cf.project is None:
            cf.project = self._build(cf)
        return cf.project

    def remember(self, cf: ComposeFile) -> None:
        """Make ``cf`` what its project reads for ``cf.path`` (a buffer standing for a file on
        disk: the editor's unsaved override is the one its base merges)."""
        key = version(cf.path)
        if key is not None:
            self._files[key] = cf

    def load(self, path: str) -> ComposeFile | None:
        """The Compose file at ``path``, read once; ``None`` when it cannot be read (then
        ``why_not(path)`` says why)."""
        key = version(path)
        if key is None:
            self._why[path] = "there is no such file"
            return None
        if key in self._files:
            return self._files[key]
        from .. import source, yaml
        from .tree import build

        cf = None
        src = source.read(path)  # bounded, and never blocked by a FIFO or a device
        if src.text is None:
            self._why[path] = src.problems[0].message if src.problems else "it cannot be read"
        else:
            docs, _ = yaml.load(src.text)
            cf, _ = build(src.path, docs)
            if cf is None:
                self._why[path] = "it is not a Compose file (a YAML mapping)"
        self._files[key] = cf
        return cf

    def why_not(self, path: str) -> str:
        """Why the file at ``path`` could not be loaded (see ``load``)."""
        return self._why.get(path, "it cannot be read")

    def _listing(self, directory: str) -> list[str]:
        key = os.path.abspath(directory or ".")
        found = self._listings.get(key)
        if found is None:
            try:
                found = os.listdir(key)
            except OSError:
                found = []
            self._listings[key] = found
        return found

    def _overlay_groups(self, directory: str) -> dict[tuple[str, str], list[str]]:
        """``overlay_groups`` of a directory's listing, made once a run: every overlay of a
        directory asks for it, and matching the whole listing each time was quadratic in
        the files of a directory (182 overlays x 289 names on the flat Compose corpus: about
        a quarter of the run's Compose CPU). Same listing, same groups: the answer cannot
        differ from making it again."""
        key = os.path.abspath(directory or ".")
        found = self._groups.get(key)
        if found is None:
            found = self._groups[key] = overlay_groups(self._listing(directory))
        return found

    def _compose_file(self, directory: str) -> tuple[str, ...] | None:
        """The files ``COMPOSE_FILE`` names in ``directory``'s ``.env`` (relative to that
        directory, split on ``COMPOSE_PATH_SEPARATOR``, default ``os.pathsep``); ``None``
        when there is no such ``.env`` or no ``COMPOSE_FILE``."""
        env = os.path.join(directory, ".env")
        key = version(env)
        if key is None or not os.path.isfile(env):
            return None
        if key in self._env_groups:
            return self._env_groups[key]
        import logging

        from dotenv import dotenv_values

        log = logging.getLogger("dotenv.main")
        was = log.disabled
        log.disabled = True  # a line dotenv cannot parse is not ours to report
        from io import StringIO

        from ..source import Unreadable, read_text

        try:
            values = dotenv_values(stream=StringIO(read_text(env, 1024 * 1024)),
                                   interpolate=False)
        except (Unreadable, ValueError):
            values = {}
        finally:
            log.disabled = was
        listed = values.get("COMPOSE_FILE")
        found = None
        if listed:
            sep = values.get("COMPOSE_PATH_SEPARATOR") or os.pathsep
            found = tuple(os.path.normpath(os.path.join(directory, p.strip()))
                          for p in listed.split(sep) if p.strip()) or None
        self._env_groups[key] = found
        return found

    def named_group(self, path: str) -> tuple[str, ...] | None:
        """The files ``path`` was named together with as one project, in merge order:
        declared for this run, else ``COMPOSE_FILE`` in a ``.env`` of its directory or one
        of the few above it (Compose reads the ``.env`` of the project directory, usually
        where it is run) that names it. A ``COMPOSE_FILE`` naming only this file makes it a
        project of its own (no override file is read). ``None`` if nothing names it."""
        if not path or path == "-":
            return None
        full = os.path.abspath(path)
        group = self._declared.get(full)
        if group is not None:
            return group
        directory = os.path.dirname(full)
        for _ in range(_ENV_LEVELS):
            listed = self._compose_file(directory)
            if listed is not None and full in listed:
                return listed
            if os.path.isdir(os.path.join(directory, ".git")):
                break  # the top of the repository
            parent = os.path.dirname(directory)
            if parent == directory:
                break
            directory = parent
        return None

    def _build(self, cf: ComposeFile) -> Project:
        files = [cf]
        partial = False
        on_disk = cf.path not in ("", "-") and os.path.isfile(cf.path)
        key = version(cf.path) if on_disk else None
        if key is not None:  # files of a project are linted one after the other: read each once
            self._files.setdefault(key, cf)
        group = self.named_group(cf.path) if on_disk else None
        overlay = False
        if group is not None:
            siblings = [p for p in group if p != os.path.abspath(cf.path)]
        else:
            siblings, overlay = (related_names(cf.path, self._listing, self._overlay_groups)
                                 if on_disk else ([], False))
        # what each sibling loaded as, for the merge order below: loading it again gave
        # the same file (``load`` keeps each) after one more ``stat`` (3,600 on the corpus)
        got: dict[str, ComposeFile | None] = {}
        if group is not None:
            for p in siblings:
                other = got[p] = self.load(p)
                if other is None:
                    partial = True
                elif all(other is not x for x in files):
                    files.append(other)
        elif on_disk:
            found_base = False
            me = os.path.abspath(cf.path)
            for p in siblings:
                if os.path.abspath(p) == me:
                    continue
                other = got[p] = self.load(p)
                if other is not None:
                    files.append(other)
                    found_base = found_base or (overlay and not _looks_like_overlay(p))
            if overlay and not found_base:
                partial = True
        elif _looks_like_overlay(cf.path):
            partial = True
        # include: and extends.file, followed through the files found so far; also from a
        # buffer not on disk (an editor's new file, standard input) whose directory is
        i = 0
        here = cf.path not in ("", "-") and os.path.isdir(os.path.dirname(os.path.abspath(cf.path)))
        unread: list[Unread] = []
        while i < len(files) and len(files) < _MAX_FILES:
            f = files[i]
            targets = [(t, node, "include") for t, node in _includes(f)]
            for s in f.services:
                _, ext_file = extends_of(s)
                if ext_file is not None:
                    node = s.node.get("extends")
                    node = node.get("file") if isinstance(node, YMapping) else node
                    targets.append((_resolve(f.path, ext_file) if ext_file else "", node,
                                    "extends"))
            for t, node, how in targets:
                readable = bool(t) and (here or os.path.isabs(t))
                other = self.load(t) if readable else None
                if other is None:
                    partial = True
                    if readable and isinstance(node, YScalar):
                        unread.append(Unread(f, node, how, t, self.why_not(t)))
                elif all(other is not x for x in files):
                    files.append(other)
            i += 1
        order = [cf]
        if group is not None:
            me = os.path.abspath(cf.path)
            order = [cf if p == me else got[p] if p in got else self.load(p)  # type: ignore[misc]
                     for p in group]
            order = [f for f in order if f is not None]
        elif on_disk:
            loaded = [f for f in (got[p] if p in got else self.load(p) for p in siblings)
                      if f is not None and f is not cf]
            if overlay:  # base first, then this overlay
                order = [f for f in loaded if not _looks_like_overlay(f.path)][:1] + [cf]
            else:
                order = [cf] + loaded[:1]
        return Project(files, partial, order, load=self.load, unread=unread)
