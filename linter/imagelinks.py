"""Images tied to the Dockerfiles they are built from, for the checks across formats.

A Compose service with ``build:`` and ``image:`` says that the image of that name is built
from that Dockerfile (and stage: ``build.target``); the configuration's ``images:`` says so
explicitly (``images: {acme/api: services/api/Dockerfile}``). The pipeline collects, over
one run, what each Dockerfile it reads says about the image it builds (``ImageFacts``: the
final USER, the EXPOSEd ports, the VOLUMEs) and those links; after the last file, the rules
across formats check two views of it: ``KubernetesImages`` (each Kubernetes container that
runs a linked image, with the image's facts) and ``ComposeBuilds`` (each Compose service
that builds a Dockerfile, with its facts). Their hits name the file (``Hit(..., path=)``),
like the cross-object rules'.

An image name is compared without its tag or digest (``acme/api:1.2`` runs what
``acme/api`` is built from), lower case, Docker Hub's registry and ``library/`` left out.
Nothing here reads the disk: the pipeline reads the Dockerfiles that a link names and the
run did not lint.
"""

from __future__ import annotations

import os
import sys

from . import lazyre
from .image import ImageReference
from .plain import Plain
from .source import realpath as _realpath

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:  # the Dockerfile model only once a Dockerfile is read (start-up, issue #14)
    from typing import Iterator
    from .dockerfile import Dockerfile, Stage

_PORT = lazyre.compile(r"^(\d+)(?:-(\d+))?(?:/([A-Za-z]+))?$")
#: the widest EXPOSE range kept port by port
_MAX_RANGE = 1024
#: what says so (``Link.via``) for a link the configuration's ``images`` makes
CONFIGURED = "the configuration's images"


class ImageFacts(Plain):
    """What a Dockerfile says about the image one of its stages builds (the stages it is
    built ``FROM`` included). ``user``: the last USER as expanded (``None``: no USER, the
    base image's applies), ``user_known`` whether its variables are all known, ``user_line``
    its line. ``exposed``: ``(port, protocol)`` pairs of the known EXPOSE words,
    ``expose_unknown`` whether a word could not be read (a variable). ``volumes``: the
    known VOLUME paths, ``volume_unknown`` likewise. (A dataclass before: ``linter.plain``,
    start-up.)"""

    FIELDS = ("path", "stage", "user", "user_known", "user_line", "exposed", "expose_unknown",
              "volumes", "volume_unknown", "base")

    def __init__(self, path: str, stage: str, user: str | None = None, user_known: bool = True,
                 user_line: int = 0, exposed: set[tuple[int, str]] | None = None,
                 expose_unknown: bool = False, volumes: list[str] | None = None,
                 volume_unknown: bool = False, base: str | None = None) -> None:
        self.path = path
        self.stage = stage
        self.user = user
        self.user_known = user_known
        self.user_line = user_line
        self.exposed = set() if exposed is None else exposed  # a new set and list each
        self.expose_unknown = expose_unknown
        self.volumes = [] if volumes is None else volumes
        self.volume_unknown = volume_unknown
        #: the image the stage is built FROM at the root of its lineage (``image_key``)
        self.base = base

    @property
    def where(self) -> str:
        """``services/api/Dockerfile`` (with ``, stage 'x'`` when not the final one)."""
        return self.path + (f", stage '{self.stage}'" if self.stage else "")

    def exposes(self, port: int, protocol: str = "TCP") -> bool:
        return (port, protocol.lower()) in self.exposed

    @property
    def ports_text(self) -> str:
        """``8080`` / ``8080 and 9090/udp`` for messages."""
        shown = [f"{p}" + (f"/{proto}" if proto != "tcp" else "") for p, proto in
                 sorted(self.exposed)[:4]]
        more = len(self.exposed) - len(shown)
        return (", ".join(shown[:-1]) + " and " + shown[-1] if len(shown) > 1 else shown[0]) + (
            f" (and {more} more)" if more else "") if shown else "nothing"


def user_name(user: str) -> str:
    """The user part of a USER value (``app`` of ``app:staff``), quotes removed."""
    return user.strip().strip("\"'").split(":", 1)[0].strip()


def facts(df: Dockerfile, path: str, stage: Stage | None = None) -> ImageFacts | None:
    """What ``df`` (reported as ``path``) says about the image ``stage`` builds (default:
    the final stage); ``None`` for a fragment (a file without FROM)."""
    final = df.final_stage
    target = stage or final
    if target is None or df.fragment:
        return None
    out = ImageFacts(path, "" if target is final else target.name)
    chain = target.lineage()
    root = chain[-1].image
    out.base = root.hub_name if root is not None and not root.name_unknown else None
    for s in chain:
        users = s.instructions_named("USER")
        if users:
            last = users[-1]
            out.user, out.user_known = df.expand(last.args.strip(), s, last)
            out.user_line = last.span.line
            break
    for s in reversed(chain):
        for ins in s.instructions:
            if ins.keyword == "EXPOSE":
                _expose(df, s, ins, out)
            elif ins.keyword == "VOLUME":
                _volume(df, s, ins, out)
    return out


def _words(df: Dockerfile, stage: Stage, ins) -> Iterator[tuple[str, bool]]:
    if ins.exec_form is not None:
        for w in ins.exec_form:
            yield df.expand(w, stage, ins)
        return
    from .dockerfile import lex

    for s, e in lex.split_words(ins.args, df.escape, 0, len(ins.args)):
        value, known = df.expand(ins.args[s:e], stage, ins)
        for part in value.strip("'\"").split():
            yield part, known


def _expose(df: Dockerfile, stage: Stage, ins, out: ImageFacts) -> None:
    for word, known in _words(df, stage, ins):
        m = _PORT.match(word) if known else None
        if m is None:
            out.expose_unknown = True
            continue
        low = int(m.group(1))
        high = int(m.group(2) or low)
        if high - low > _MAX_RANGE:
            out.expose_unknown = True
            continue
        for port in range(low, high + 1):
            out.exposed.add((port, (m.group(3) or "tcp").lower()))


def _volume(df: Dockerfile, stage: Stage, ins, out: ImageFacts) -> None:
    for word, known in _words(df, stage, ins):
        word = word.strip("'\"")
        if known and word.startswith("/"):
            out.volumes.append(os.path.normpath(word))
        else:
            out.volume_unknown = True


def _dockerfile_of(build, base: str) -> str | None:
    """The absolute real path of the Dockerfile a Compose ``build:`` names (context and
    ``dockerfile`` relative to the project's first file); ``None`` for a remote context, an
    inline Dockerfile or a variable left unknown."""
    if build is None or build.dockerfile_inline is not None:
        return None
    context = build.context.value if build.context is not None else "."
    name = build.dockerfile.value if build.dockerfile is not None else "Dockerfile"
    if context is None or name is None or "://" in context or context.startswith("git@") \
            or context.endswith(".git") or ":" in context.split("/", 1)[0][1:]:
        return None
    root = os.path.join(os.path.dirname(os.path.abspath(base)), os.path.expanduser(context))
    return _realpath(os.path.join(root, name))


def image_key(text: str) -> str | None:
    """An image name as links compare it (``acme/api`` for ``docker.io/acme/api:1.2``);
    ``None`` when it holds a variable."""
    ref = ImageReference.parse(text)
    if ref.name_unknown or not ref.repository:
        return None
    return ref.hub_name


class Link(Plain):
    """The image ``name`` is built from the Dockerfile at ``dockerfile`` (an absolute path),
    stage ``target`` (``None``: the final one); ``via``: what says so, for messages
    (``compose.yaml service 'api'``, ``the configuration's images``). It holds for the
    manifests under the directory ``scope`` (the Compose project's, the configuration's):
    another repository linted in the same run may run a public image of that name.
    (A dataclass before: ``linter.plain``.)"""

    FIELDS = ("name", "dockerfile", "target", "via", "scope")

    def __init__(self, name: str, dockerfile: str, target: str | None, via: str,
                 scope: str = "") -> None:
        self._assign(locals())


class ImageLinks(Plain):
    """The links and Dockerfiles of one run (filled by the pipeline, see the module).
    (A dataclass before: ``linter.plain``, start-up; its repr leaves out ``_facts`` and
    ``_seen``, as the dataclass's did.)"""

    FIELDS = ("dockerfiles", "links", "builds", "kube")  # what the repr shows
    __eq__ = object.__eq__  # eq=False: each is itself
    __hash__ = object.__hash__

    def __init__(self, dockerfiles: dict[str, tuple[Dockerfile, str]] | None = None,
                 links: dict[str, list[Link]] | None = None, builds: list[tuple] | None = None,
                 kube: object = None, _facts: dict[tuple, ImageFacts | None] | None = None,
                 _seen: set[tuple] | None = None) -> None:
        #: Dockerfiles read in the run, by absolute real path: (tree, the path as reported)
        self.dockerfiles = {} if dockerfiles is None else dockerfiles
        #: image name (``image_key``) -> its links (several builds may claim one name)
        self.links = {} if links is None else links
        #: (``BuildingService``, absolute Dockerfile path, target stage, ``FileOwners`` of
        #: its values' nodes, the file it is in)
        self.builds = [] if builds is None else builds
        #: the run's Kubernetes objects (``KubernetesSet``), set before the rules run
        self.kube = kube
        self._facts = {} if _facts is None else _facts
        self._seen = set() if _seen is None else _seen  # Compose services linked

    def link(self, image: str, dockerfile: str, target: str | None, via: str,
             scope: str = "") -> None:
        key = image_key(image)
        if key is None:
            return
        found = self.links.setdefault(key, [])
        if not any(x.dockerfile == dockerfile and x.target == target and x.scope == scope
                   for x in found):
            found.append(Link(key, dockerfile, target, via, scope))

    def wanted(self) -> set[str]:
        """The Dockerfiles a link or a build names (absolute paths)."""
        return {x.dockerfile for found in self.links.values() for x in found} | {
            b[1] for b in self.builds}

    def facts_of(self, dockerfile: str, target: str | None) -> ImageFacts | None:
        """The facts of a Dockerfile the run read (``None``: not read, a fragment, or no
        such stage)."""
        key = (dockerfile, target)
        if key not in self._facts:
            found = self.dockerfiles.get(dockerfile)
            out = None
            if found is not None:
                df, shown = found
                stage = df.stage_named(target) if target else None
                if not target or stage is not None:
                    out = facts(df, shown, stage)
            self._facts[key] = out
        return self._facts[key]

    def image(self, text: str, where: str) -> tuple[ImageFacts, Link] | None:
        """The facts of the image ``text`` that a manifest at ``where`` runs, when it is
        linked for that manifest (``Link.scope``) to exactly one Dockerfile (and stage) the
        run read; ``None`` otherwise (unlinked, claimed by several builds that may differ,
        or a Dockerfile that only adds to the public image of the same name, which is what a
        cluster pulls). The configuration's ``images`` entry for the name, where there is
        one, is the only link that counts. A Compose build of a stage before the last one
        (``target: dev``) ties nothing here: the image a cluster pulls is the one built to
        ship, usually from the last stage, and a development stage often EXPOSEs or runs as
        something else."""
        key = image_key(text)
        at = os.path.abspath(where)
        found = {(x.dockerfile, x.target): x for x in self.links.get(key or "", [])
                 if (not x.scope or at.startswith(x.scope.rstrip(os.sep) + os.sep))
                 and self._last_stage(x)}
        configured = {k: x for k, x in found.items() if x.via == CONFIGURED}
        if configured:  # the configuration's word wins over what a Compose file implies
            found = configured
        if len(found) != 1:
            return None
        link = next(iter(found.values()))
        f = self.facts_of(link.dockerfile, link.target)
        return (f, link) if f is not None and f.base != key else None

    def _last_stage(self, link: Link) -> bool:
        """Whether ``link`` names the last stage of its Dockerfile (or no stage)."""
        if link.target is None:
            return True
        found = self.dockerfiles.get(link.dockerfile)
        df = found[0] if found is not None else None
        return df is not None and df.final_stage is not None \
            and df.stage_named(link.target) is df.final_stage

    @property
    def linked(self) -> bool:
        return bool(self.links or self.builds)

    def collect(self, kind: str | None, targets: list, path: str,
                images: dict[str, str] | None = None, scope: str = "") -> None:
        """Keep what one linted file says: a Dockerfile's tree, a Compose file's builds and
        the links its services make; ``images``: the configuration's ``images`` map (image
        name -> absolute Dockerfile path) for the manifests under ``scope`` (its root)."""
        for name, dockerfile in (images or {}).items():
            self.link(name, _realpath(dockerfile), None,
                      CONFIGURED, scope)
        if not targets or path in ("", "-"):
            return
        tree = sys.modules.get("linter.dockerfile.tree")  # imported by a Dockerfile's parse
        if kind == "dockerfile" and tree is not None and isinstance(targets[0], tree.Dockerfile):
            self.dockerfiles[_realpath(path)] = (targets[0], path)
        elif kind == "compose":
            self.take(compose_builds(targets[0], self._seen))
        elif kind == "compose builds":  # already read: see ``compose_builds``
            self.take(targets)

    def take(self, found: list[tuple]) -> None:
        """Keep what ``compose_builds`` found in one Compose file (each service once a run)."""
        for key, build, link in found:
            if key in self._seen:
                continue
            self._seen.add(key)
            if build is not None:
                self.builds.append(build)
            if link is not None:
                self.link(*link)


def compose_builds(cf, seen: set[tuple] | frozenset = frozenset()) -> list[tuple]:
    """What a Compose file tells the links: for each of its services (``seen``: keys already
    kept, skipped) ``(key, build, link)``: the key that keeps a service once a run, the
    ``ImageLinks.builds`` entry of a service that builds a Dockerfile (else ``None``) and the
    arguments of the ``ImageLinks.link`` it makes (else ``None``). Small, so that a worker of
    ``--jobs`` sends this rather than the file's tree (``linter.batch``, issue #14)."""
    from .compose.project import project_of

    project = project_of(cf)
    base = (project.merge_order or project.files or [cf])[0].path
    out: list[tuple] = []
    for s in cf.services:
        key = (tuple(sorted(f.path for f in project.files)), s.name)  # per file, once
        if key in seen:
            continue
        # the merged ``build`` alone first: most services build no Dockerfile, and need
        # no merged service (``Project.merged_build``: the same ``Build``)
        dockerfile = _dockerfile_of(project.merged_build(s.name, s), base)
        if dockerfile is None:
            out.append((key, None, None))
            continue
        merged = project.merged_service(s.name) or s
        build = merged.build
        target = build.target.value if build.target is not None and build.target.known \
            else None
        if build.target is not None and target is None:
            out.append((key, None, None))  # a stage named by a variable
            continue
        link = None
        if merged.image is not None and merged.image.known and merged.image.value:
            # only a link names the file (``file_of`` walks the project's trees once, about
            # half of this function's time on the corpus when every service asked, issue #14)
            where = project.file_of(build.node) or cf.path
            link = (merged.image.value, dockerfile, target,
                    f"{os.path.basename(where)} service '{s.name}'",
                    os.path.dirname(os.path.abspath(base)))
        building = BuildingService(s.name, merged.span, merged.user, merged.image)
        owners = project.owners_of([v.node for v in (merged.user, merged.image)
                                    if v is not None])
        out.append((key, (building, dockerfile, target, owners, cf.path), link))
    return out


class BuildingService:
    """What the rules across formats read of a Compose service that builds a Dockerfile
    (``ImageLinks.builds``): its ``name`` and ``span``, and its ``user`` and ``image`` as
    the project merges them (``compose.tree.Value`` or ``None``). The merged service with
    its tree stays behind: a worker of ``--jobs`` sent it with its every node's file, a
    megabyte for the Compose corpus, 30 ms to pickle and unpickle (issue #14). A rule that
    reads more of the service adds it here."""

    __slots__ = ("name", "span", "user", "image")

    def __init__(self, name: str, span: object, user: object, image: object) -> None:
        self.name, self.span, self.user, self.image = name, span, user, image

    def __reduce__(self) -> tuple:
        return BuildingService, (self.name, self.span, self.user, self.image)

    def __repr__(self) -> str:
        return f"BuildingService(name={self.name!r}, user={self.user!r}, image={self.image!r})"


class _View:
    """A view of ``ImageLinks`` (a dataclass with ``eq=False`` before: ``linter.plain``)."""

    FORMAT = ""

    def __init__(self, links: ImageLinks) -> None:
        self.links = links

    def __repr__(self) -> str:
        return f"{type(self).__qualname__}(links={self.links!r})"


class KubernetesImages(_View):
    """The view of ``ImageLinks`` the rules check on the Kubernetes side."""

    FORMAT = "kubernetes"


class ComposeBuilds(_View):
    """The view of ``ImageLinks`` the rules check on the Compose side: ``links.builds``."""

    FORMAT = "compose"
