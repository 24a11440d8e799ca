"""A typed view of one Docker Compose file, built on ``linter.yaml`` nodes.

Every object keeps the YAML node it was read from (``node``) and a ``span`` for findings.
String values go through Compose interpolation (see ``interpolation``) without an environment:
``Value.value`` is the resolved text, or ``None`` when an unset variable without a default
remains (``Value.known`` is then False).

Compose treats ``null`` (and a ``!reset`` tag) as "not set", so a scalar field written as
``user:`` with nothing after it is ``None`` here, like an absent one. Values of the wrong YAML
type (a mapping where a string belongs, ...) are skipped and reported as ``parse-error``
problems; nothing here raises on odd input.
"""

from __future__ import annotations

from .. import lazyre
from ..findings import Problem, Span
from ..image import ImageReference
from ..plain import Plain
from ..yaml import YamlDocument, YMapping, YNode, YScalar, YSequence
from . import is_compose  # noqa: F401 - re-exported
from .interpolation import expand, interpolate
from .portspec import long_port_errors, parse_port, short_port_error

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Any

_TRUE = frozenset(("true", "yes", "y", "on"))
_FALSE = frozenset(("false", "no", "n", "off"))
_RESET = "!reset"


def _join(a: Span, b: Span) -> Span:
    if (b.end_line, b.end_column) < (a.line, a.column):
        return a
    return Span(a.line, a.column, b.end_line, b.end_column)


def sub_span(node: YScalar, start: int, end: int) -> Span:
    """Span of ``node.text[start:end]`` when the scalar is written on one line without
    escapes (so text offsets are column offsets); else the whole scalar's span."""
    s = node.span
    q = 1 if node.style in ("'", '"') else 0
    if (s.line == s.end_line and (q or node.style == "")
            and s.end_column - s.column == len(node.text) + 2 * q):
        c = s.column + q
        return Span(s.line, c + start, s.line, c + end)
    return s


def _what(node: YNode) -> str:
    if isinstance(node, YMapping):
        return "a mapping"
    if isinstance(node, YSequence):
        return "a list"
    if isinstance(node, YScalar):
        v = node.value
        if v is None:
            return "null"
        if isinstance(v, bool):
            return "a boolean"
        if isinstance(v, (int, float)):
            return "a number"
        return "a string"
    return "something else"


# --------------------------------------------------------------------------------- values

# Plain classes, not dataclasses (issue #14): building these eight dataclasses cost about
# 3.5 ms of a Compose run's start-up. Each ``__init__`` assigns its fields directly and they
# keep their ``__slots__``, so building a tree costs what it did; equality stays identity
# (the dataclasses had ``eq=False``); ``repr`` (``Plain``'s) leaves out ``file``, as the
# dataclass did.


class Value(Plain):
    """A scalar as Compose reads it.

    ``node``: the YAML scalar (for ``- KEY=value`` list items, the whole item). ``raw``: the
    text as written (only the ``value`` part of a ``KEY=value`` item). ``value``: after
    interpolation, ``None`` when an unset variable without default remains (``known`` False).
    Non-string scalars (``8080``, ``true``) give their YAML text (``"8080"``, ``"true"``).
    """

    node: YScalar
    raw: str
    value: str | None
    known: bool
    span: Span
    _reference: ImageReference | None

    __slots__ = ("node", "raw", "value", "known", "span", "_reference")
    FIELDS = ("node", "raw", "value", "known", "span")
    __eq__ = object.__eq__  # identity, as the dataclass had (eq=False)
    __hash__ = object.__hash__

    def __init__(self, node: YScalar, raw: str, value: str | None, known: bool,
                 span: Span) -> None:
        self.node = node
        self.raw = raw
        self.value = value
        self.known = known
        self.span = span
        self._reference = None  # read on first use (``reference``)

    @property
    def expanded(self) -> str:
        """The value, or when unknown the text with defaults resolved and unknown variables
        written ``${NAME}`` (see ``interpolation.expand``)."""
        return self.value if self.value is not None else expand(self.raw)

    def as_bool(self) -> bool | None:
        """``True``/``False`` for YAML booleans and ``true/yes/on/y`` / ``false/no/off/n``
        strings (any case, after interpolation); ``None`` otherwise or when unknown."""
        if self.value is None:
            return None
        v = self.value.strip().lower()
        if v in _TRUE:
            return True
        if v in _FALSE:
            return False
        return None

    @property
    def reference(self) -> ImageReference:
        """The value read as an image reference (``unknown`` when a variable remains)."""
        ref = self._reference
        if ref is None:
            text = self.expanded
            ref = ImageReference.parse(text)
            unknown = not self.known or "{{" in text
            if ref.unknown != unknown:
                # ``dataclasses.replace(ref, unknown=unknown)`` written out (issue #14)
                ref = ImageReference(ref.text, ref.registry, ref.repository, ref.tag,
                                     ref.digest, unknown)
            self._reference = ref
        return ref


def make_value(node: YScalar, raw: str | None = None, span: Span | None = None) -> Value:
    """A ``Value`` for ``node`` (or for ``raw``, a part of it, at ``span``)."""
    if raw is None:
        v = node.value
        if isinstance(v, str):
            raw = node.text
        else:
            return Value(node, node.text, node.as_str(), True, span or node.span)
    value, known = interpolate(raw)
    return Value(node, raw, value, known, span or node.span)


class EnvVar(Plain):
    """One variable of ``environment`` (also build ``args``, ``labels``, ``sysctls``).

    ``value`` is ``None`` when none is given (``- KEY`` or ``KEY:`` null: taken from the
    shell environment, or unset). ``span`` covers the whole entry, ``name_span`` the name.
    ``node``: the list item scalar, or the mapping key. ``merged``: came in through ``<<``.
    """

    name: str
    value: Value | None
    span: Span
    name_span: Span
    node: YNode
    merged: bool

    __slots__ = ("name", "value", "span", "name_span", "node", "merged")
    FIELDS = __slots__
    __eq__ = object.__eq__  # identity, as the dataclass had (eq=False)
    __hash__ = object.__hash__

    def __init__(self, name: str, value: Value | None, span: Span, name_span: Span, node: YNode,
                 merged: bool = False) -> None:
        self.name = name
        self.value = value
        self.span = span
        self.name_span = name_span
        self.node = node
        self.merged = merged


class Port(Plain):
    """One ``ports`` entry, short (``"127.0.0.1:8080:80/udp"``) or long syntax.

    ``host_ip`` without IPv6 brackets, ``published`` (``"8080"``, ``"8080-8081"``, or ``None``
    for an ephemeral host port / no publishing), ``target`` (``"80"``, ``"80-81"``),
    ``protocol`` (default ``tcp``). When a variable is unknown ``known`` is False and the
    fields hold the text with the variable written ``${NAME}``.
    """

    host_ip: str | None
    published: str | None
    target: str
    protocol: str
    span: Span
    node: YNode
    known: bool
    mode: str | None
    raw: str | None  # short syntax as written

    __slots__ = ("host_ip", "published", "target", "protocol", "span", "node", "known", "mode",
                 "raw")
    FIELDS = __slots__
    __eq__ = object.__eq__  # identity, as the dataclass had (eq=False)
    __hash__ = object.__hash__

    def __init__(self, host_ip: str | None, published: str | None, target: str, protocol: str,
                 span: Span, node: YNode, known: bool = True, mode: str | None = None,
                 raw: str | None = None) -> None:
        self.host_ip = host_ip
        self.published = published
        self.target = target
        self.protocol = protocol
        self.span = span
        self.node = node
        self.known = known
        self.mode = mode
        self.raw = raw

    @property
    def published_range(self) -> tuple[int, int] | None:
        return _port_range(self.published)

    @property
    def target_range(self) -> tuple[int, int] | None:
        return _port_range(self.target)


def _port_range(text: str | None) -> tuple[int, int] | None:
    if not text:
        return None
    lo, _, hi = text.partition("-")
    try:
        a = int(lo)
        return a, int(hi) if hi else a
    except ValueError:
        return None


class VolumeMount(Plain):
    """One service ``volumes`` entry.

    ``type``: ``bind`` | ``volume`` | ``tmpfs`` | ``npipe`` | ``cluster`` | ``image`` (short
    syntax: ``bind`` when the source is a path - starts with ``/ . ~``, a drive letter, or an
    unknown ``${VAR}`` - ``volume`` for a named or anonymous volume). ``source`` is ``None``
    for anonymous volumes. ``options``: the short syntax mode (``["ro", "z"]``).
    """

    type: str
    source: str | None
    target: str | None
    read_only: bool
    span: Span
    node: YNode
    known: bool
    options: list[str]
    raw: str | None
    bind: YMapping | None
    volume: YMapping | None
    tmpfs: YMapping | None

    __slots__ = ("type", "source", "target", "read_only", "span", "node", "known", "options",
                 "raw", "bind", "volume", "tmpfs")
    FIELDS = __slots__
    __eq__ = object.__eq__  # identity, as the dataclass had (eq=False)
    __hash__ = object.__hash__

    def __init__(self, type: str, source: str | None, target: str | None, read_only: bool,
                 span: Span, node: YNode, known: bool = True, options: list[str] | None = None,
                 raw: str | None = None, bind: YMapping | None = None,
                 volume: YMapping | None = None, tmpfs: YMapping | None = None) -> None:
        self.type = type
        self.source = source
        self.target = target
        self.read_only = read_only
        self.span = span
        self.node = node
        self.known = known
        self.options = [] if options is None else options
        self.raw = raw
        self.bind = bind
        self.volume = volume
        self.tmpfs = tmpfs

    @property
    def is_bind(self) -> bool:
        return self.type == "bind"

    @property
    def is_named_volume(self) -> bool:
        return self.type == "volume" and self.source is not None


class Resources(Plain):
    """``deploy.resources.limits`` or ``.reservations``."""

    node: YMapping
    span: Span
    memory: Value | None
    cpus: Value | None
    pids: Value | None
    devices: YSequence | None

    __slots__ = ("node", "span", "memory", "cpus", "pids", "devices")
    FIELDS = __slots__
    __eq__ = object.__eq__  # identity, as the dataclass had (eq=False)
    __hash__ = object.__hash__

    def __init__(self, node: YMapping, span: Span, memory: Value | None = None,
                 cpus: Value | None = None, pids: Value | None = None,
                 devices: YSequence | None = None) -> None:
        self.node = node
        self.span = span
        self.memory = memory
        self.cpus = cpus
        self.pids = pids
        self.devices = devices


class Build(Plain):
    """``build:`` as a string (the context) or a mapping."""

    node: YNode
    span: Span
    context: Value | None
    dockerfile: Value | None
    dockerfile_inline: Value | None
    target: Value | None
    args: list[EnvVar]

    __slots__ = ("node", "span", "context", "dockerfile", "dockerfile_inline", "target", "args")
    FIELDS = __slots__
    __eq__ = object.__eq__  # identity, as the dataclass had (eq=False)
    __hash__ = object.__hash__

    def __init__(self, node: YNode, span: Span, context: Value | None = None,
                 dockerfile: Value | None = None, dockerfile_inline: Value | None = None,
                 target: Value | None = None, args: list[EnvVar] | None = None) -> None:
        self.node = node
        self.span = span
        self.context = context
        self.dockerfile = dockerfile
        self.dockerfile_inline = dockerfile_inline
        self.target = target
        self.args = [] if args is None else args


class Service(Plain):
    """One entry of ``services``. ``span`` is the service key's; ``node`` the service mapping
    (an empty mapping at the value's position for ``name:`` null)."""

    name: str
    node: YMapping
    span: Span
    key: YNode
    image: Value | None
    build: Build | None
    user: Value | None
    privileged: Value | None
    read_only: Value | None
    environment: list[EnvVar]
    env_file: list[Value]
    ports: list[Port]
    #: ``ports`` entries Compose refuses (``published: "127.0.0.1:8080"``, ``host_ip:
    #: localhost``, ``"8080:"``...): (node at fault, ``ports[0].host_ip is ...`` in words),
    #: see ``portspec``; they are not in ``ports``
    port_errors: list[tuple[YNode, str]]
    expose: list[Value]
    volumes: list[VolumeMount]
    cap_add: list[Value]
    cap_drop: list[Value]
    security_opt: list[Value]
    devices: list[Value]
    tmpfs: list[Value]
    labels: list[EnvVar]
    sysctls: list[EnvVar]
    network_mode: Value | None
    pid: Value | None
    ipc: Value | None
    userns_mode: Value | None
    cgroup_parent: Value | None
    container_name: Value | None
    restart: Value | None
    mem_limit: Value | None
    memswap_limit: Value | None
    cpus: Value | None
    pids_limit: Value | None
    healthcheck: YMapping | None
    deploy: YMapping | None
    deploy_limits: Resources | None
    deploy_reservations: Resources | None
    #: the file the service is written in (``None`` for a merged service)
    file: "ComposeFile | None"
    #: what ``refs.service_deps`` found, kept: a file read for several projects (the
    #: overlays of one base) is asked once
    _deps: tuple | None

    __slots__ = ("name", "node", "span", "key", "image", "build", "user", "privileged",
                 "read_only", "environment", "env_file", "ports", "port_errors", "expose",
                 "volumes", "cap_add", "cap_drop", "security_opt", "devices", "tmpfs", "labels",
                 "sysctls", "network_mode", "pid", "ipc", "userns_mode", "cgroup_parent",
                 "container_name", "restart", "mem_limit", "memswap_limit", "cpus", "pids_limit",
                 "healthcheck", "deploy", "deploy_limits", "deploy_reservations", "file", "_deps")
    FIELDS = ("name", "node", "span", "key", "image", "build", "user", "privileged", "read_only",
              "environment", "env_file", "ports", "port_errors", "expose", "volumes", "cap_add",
              "cap_drop", "security_opt", "devices", "tmpfs", "labels", "sysctls", "network_mode",
              "pid", "ipc", "userns_mode", "cgroup_parent", "container_name", "restart",
              "mem_limit", "memswap_limit", "cpus", "pids_limit", "healthcheck", "deploy",
              "deploy_limits", "deploy_reservations")
    __eq__ = object.__eq__  # identity, as the dataclass had (eq=False)
    __hash__ = object.__hash__

    def __init__(self, name: str, node: YMapping, span: Span, key: YNode,
                 image: Value | None = None, build: Build | None = None, user: Value | None = None,
                 privileged: Value | None = None, read_only: Value | None = None,
                 environment: list[EnvVar] | None = None, env_file: list[Value] | None = None,
                 ports: list[Port] | None = None,
                 port_errors: list[tuple[YNode, str]] | None = None,
                 expose: list[Value] | None = None, volumes: list[VolumeMount] | None = None,
                 cap_add: list[Value] | None = None, cap_drop: list[Value] | None = None,
                 security_opt: list[Value] | None = None, devices: list[Value] | None = None,
                 tmpfs: list[Value] | None = None, labels: list[EnvVar] | None = None,
                 sysctls: list[EnvVar] | None = None, network_mode: Value | None = None,
                 pid: Value | None = None, ipc: Value | None = None,
                 userns_mode: Value | None = None, cgroup_parent: Value | None = None,
                 container_name: Value | None = None, restart: Value | None = None,
                 mem_limit: Value | None = None, memswap_limit: Value | None = None,
                 cpus: Value | None = None, pids_limit: Value | None = None,
                 healthcheck: YMapping | None = None, deploy: YMapping | None = None,
                 deploy_limits: Resources | None = None,
                 deploy_reservations: Resources | None = None, file: "ComposeFile | None" = None,
                 _deps: tuple | None = None) -> None:
        self.name = name
        self.node = node
        self.span = span
        self.key = key
        self.image = image
        self.build = build
        self.user = user
        self.privileged = privileged
        self.read_only = read_only
        self.environment = [] if environment is None else environment
        self.env_file = [] if env_file is None else env_file
        self.ports = [] if ports is None else ports
        self.port_errors = [] if port_errors is None else port_errors
        self.expose = [] if expose is None else expose
        self.volumes = [] if volumes is None else volumes
        self.cap_add = [] if cap_add is None else cap_add
        self.cap_drop = [] if cap_drop is None else cap_drop
        self.security_opt = [] if security_opt is None else security_opt
        self.devices = [] if devices is None else devices
        self.tmpfs = [] if tmpfs is None else tmpfs
        self.labels = [] if labels is None else labels
        self.sysctls = [] if sysctls is None else sysctls
        self.network_mode = network_mode
        self.pid = pid
        self.ipc = ipc
        self.userns_mode = userns_mode
        self.cgroup_parent = cgroup_parent
        self.container_name = container_name
        self.restart = restart
        self.mem_limit = mem_limit
        self.memswap_limit = memswap_limit
        self.cpus = cpus
        self.pids_limit = pids_limit
        self.healthcheck = healthcheck
        self.deploy = deploy
        self.deploy_limits = deploy_limits
        self.deploy_reservations = deploy_reservations
        self.file = file
        self._deps = _deps

    def keeps(self, at: object, rule: object = None) -> bool:
        """Whether a finding of ``rule`` at ``at`` (a node of this service, or a position)
        describes a value Compose uses: ``False`` when a file merged after this one (an
        override, a later ``-f`` file) replaces or resets it. The engine asks this of every
        hit on a service, so no rule reports a value the merged project does not have.
        Secrets and schema errors are kept: a secret is committed whatever overrides it,
        and Compose validates each file before it merges them."""
        if getattr(rule, "reports_overridden", False):
            return True
        return not self.superseded(at)

    def superseded(self, at: object) -> bool:
        """Whether ``at`` (a node of this service, or anything with a ``node``) is replaced
        or reset by a file of the project merged after this one (``Project.superseded``);
        False for services not read from a file on disk. Cheap when there is no override."""
        cf = self.file
        if cf is None or cf.path in ("", "-") or cf.project is None:
            return False
        node = getattr(at, "node", at)
        if not isinstance(node, (YMapping, YScalar, YSequence)) or node is self.node:
            return False  # a position, or the service itself: not a value that can be replaced
        return cf.project.superseded(cf, self.name, node)

    def value(self, key: str) -> Value | None:
        """Any scalar field of the service as a ``Value`` (``None`` if absent, null or not a
        scalar): for keys without a typed attribute."""
        v = self.node.get(key)
        if isinstance(v, YScalar) and v.value is not None and v.tag != _RESET:
            return make_value(v)
        return None

    def values(self, key: str) -> list[Value]:
        """Any string-or-list field as ``Value`` items (non-scalar items skipped)."""
        v = self.node.get(key)
        if isinstance(v, YScalar):
            return [make_value(v)] if v.value is not None and v.tag != _RESET else []
        if isinstance(v, YSequence):
            return [make_value(i) for i in v.items if isinstance(i, YScalar) and i.value is not None]
        return []


class ComposeFile(Plain):
    """One Compose file. ``networks``/``volumes``/``secrets``/``configs``: the top-level
    mappings (``None`` when absent or not a mapping)."""

    path: str
    node: YMapping
    doc_index: int
    version: YScalar | None
    name: Value | None
    services: list[Service]
    networks: YMapping | None
    volumes: YMapping | None
    secrets: YMapping | None
    configs: YMapping | None
    #: spans of the problems the builder reported (wrong types...): other checks of the same
    #: places (schema validation) skip them, so one mistake gives one finding
    problem_spans: frozenset
    #: the project the file belongs to (``linter.compose.project``), given by the pipeline
    project: Any
    _by_name: tuple | None

    __slots__ = ("path", "node", "doc_index", "version", "name", "services", "networks", "volumes",
                 "secrets", "configs", "problem_spans", "project", "_by_name")
    FIELDS = ("path", "node", "doc_index", "version", "name", "services", "networks", "volumes",
              "secrets", "configs", "problem_spans")
    __eq__ = object.__eq__  # identity, as the dataclass had (eq=False)
    __hash__ = object.__hash__

    def __init__(self, path: str, node: YMapping, doc_index: int = 0,
                 version: YScalar | None = None, name: Value | None = None,
                 services: list[Service] | None = None, networks: YMapping | None = None,
                 volumes: YMapping | None = None, secrets: YMapping | None = None,
                 configs: YMapping | None = None, problem_spans: frozenset = frozenset(),
                 project: Any = None, _by_name: tuple | None = None) -> None:
        self.path = path
        self.node = node
        self.doc_index = doc_index
        self.version = version
        self.name = name
        self.services = [] if services is None else services
        self.networks = networks
        self.volumes = volumes
        self.secrets = secrets
        self.configs = configs
        self.problem_spans = problem_spans
        self.project = project
        self._by_name = _by_name

    @property
    def span(self) -> Span:
        return self.node.span

    def service(self, name: str) -> Service | None:
        """The service ``name`` (the first of that name), or ``None``."""
        index = self._by_name
        if index is None or index[0] != len(self.services):  # built, or services added since
            by: dict[str, Service] = {}
            for s in self.services:
                by.setdefault(s.name, s)
            index = self._by_name = (len(self.services), by)
        return index[1].get(name)

    def keeps(self, at: object, rule: object = None) -> bool:
        """``Service.keeps`` for a hit of a whole-file check: asked of the service whose
        mapping holds ``at`` (hits elsewhere are kept)."""
        node = getattr(at, "node", at)
        span = getattr(node, "span", None)
        if not isinstance(span, Span) or self.path in ("", "-") or self.project is None \
                or len(self.project.merge_order) < 2:
            return True  # nothing merged after this file
        where = (span.line, span.column)
        for s in self.services:
            sp = s.node.span
            if (sp.line, sp.column) <= where <= (sp.end_line, sp.end_column):
                return s.keeps(at, rule)
        return True


# -------------------------------------------------------------------------------- detection

# ``is_compose`` is the package's (imported above): asked of every YAML file (issue #14)


# ---------------------------------------------------------------------------------- builder


def _fields(m: YMapping) -> dict[str, YNode]:
    """The values of ``m`` by their string keys, for the readers below that look up many
    keys of one mapping (a service: about 35): one pass over the entries, then plain dict
    lookups, instead of ``m.get`` for each (which normalises its key first). It answers as
    ``m.get`` does for every string key: the last explicit entry of a key wins (a
    duplicate key's last value), and an entry a ``<<`` merge brings in only where no
    explicit one is written (``tests/compose/test_compose_fast_paths.py`` checks it
    against ``m.get`` on the corpus and on duplicate and merge keys)."""
    out: dict[str, YNode] = {}
    for e in m.entries:
        k = e.key
        if isinstance(k, YScalar) and isinstance(k.value, str):
            if e.merged:
                out.setdefault(k.value, e.value)
            else:
                out[k.value] = e.value
    return out


class _Builder:
    def __init__(self, problems: list[Problem]):
        self.problems = problems

    def problem(self, message: str, span: Span) -> None:
        self.problems.append(Problem("parse-error", message, span))

    def wrong(self, where: str, key: str, expected: str, node: YNode) -> None:
        self.problem(f"{where}: '{key}' must be {expected}, not {_what(node)}", node.span)

    # ---- generic field readers

    def scalar(self, m: YMapping | dict, key: str, where: str) -> Value | None:
        v = m.get(key)
        if v is None or v.tag == _RESET:
            return None
        if isinstance(v, YScalar):
            return make_value(v) if v.value is not None else None
        self.wrong(where, key, "a string", v)
        return None

    def string_list(self, m: YMapping | dict, key: str, where: str) -> list[Value]:
        v = m.get(key)
        if v is None or v.tag == _RESET:
            return []
        if isinstance(v, YScalar):
            return [make_value(v)] if v.value is not None else []
        if isinstance(v, YSequence):
            out = []
            for item in v.items:
                if isinstance(item, YScalar):
                    if item.value is not None:
                        out.append(make_value(item))
                else:
                    self.problem(f"{where}: items of '{key}' must be strings, not {_what(item)}", item.span)
            return out
        self.wrong(where, key, "a string or a list", v)
        return []

    def key_values(self, m: YMapping | dict, key: str, where: str) -> list[EnvVar]:
        """``KEY=value`` list or ``KEY: value`` mapping (environment, args, labels, ...)."""
        v = m.get(key)
        if v is None or v.tag == _RESET:
            return []
        out: list[EnvVar] = []
        if isinstance(v, YSequence):
            for item in v.items:
                if not isinstance(item, YScalar):
                    self.problem(f"{where}: items of '{key}' must be 'NAME=value' strings, not {_what(item)}",
                                 item.span)
                    continue
                if item.value is None:
                    continue
                text = item.text if isinstance(item.value, str) else item.as_str()
                name, eq, rest = text.partition("=")
                name_span = sub_span(item, 0, len(name))
                if eq:
                    start = len(name) + 1
                    value = make_value(item, rest, sub_span(item, start, len(text)))
                else:
                    value = None
                out.append(EnvVar(name, value, item.span, name_span, item))
            return out
        if isinstance(v, YMapping):
            for e in v.entries:
                k = e.key
                if not isinstance(k, YScalar):
                    self.problem(f"{where}: keys of '{key}' must be strings", k.span)
                    continue
                val = e.value
                if isinstance(val, YScalar):
                    value = make_value(val) if val.value is not None else None
                    span = _join(k.span, val.span) if val.value is not None or val.text else k.span
                else:
                    self.problem(f"{where}: the value of '{k.as_str()}' in '{key}' must be a string, "
                                 f"not {_what(val)}", val.span)
                    continue
                out.append(EnvVar(k.as_str(), value, span, k.span, k, e.merged))
            return out
        self.wrong(where, key, "a list or a mapping", v)
        return out

    # ---- the file

    def file(self, path: str, root: YMapping, doc_index: int) -> ComposeFile:
        cf = ComposeFile(path, root, doc_index)
        cf.version = root.scalar("version")
        cf.name = self.scalar(root, "name", "top level")
        for key in ("networks", "volumes", "secrets", "configs"):
            v = root.get(key)
            if isinstance(v, YMapping):
                setattr(cf, key, v)
            elif v is not None and not (isinstance(v, YScalar) and v.value is None):
                self.wrong("top level", key, "a mapping", v)
        services = root.get("services")
        if isinstance(services, YMapping):
            for e in services.entries:
                s = self.service(e.key, e.value)
                if s is not None:
                    s.file = cf
                    cf.services.append(s)
        elif services is not None and not (isinstance(services, YScalar) and services.value is None):
            self.wrong("top level", "services", "a mapping", services)
        return cf

    def service(self, key: YNode, value: YNode) -> Service | None:
        if value.tag == _RESET:
            return None
        if not isinstance(key, YScalar) or key.value is None:
            self.problem("service names must be strings", key.span)
            return None
        name = key.as_str()
        if isinstance(value, YScalar) and value.value is None:
            m = YMapping(value.span, value.tag)
        elif isinstance(value, YMapping):
            m = value
        else:
            self.problem(f"service '{name}' must be a mapping, not {_what(value)}", value.span)
            return None
        w = f"service '{name}'"
        s = Service(name, m, key.span, key)
        # the fields as a dict read once: the ~35 ``m.get`` below cost an eighth of
        # building the Compose trees of the corpus (``_fields`` says why it answers as
        # ``m.get`` does)
        f = _fields(m)
        sc = self.scalar
        s.image = sc(f, "image", w)
        s.user = sc(f, "user", w)
        s.privileged = sc(f, "privileged", w)
        s.read_only = sc(f, "read_only", w)
        s.network_mode = sc(f, "network_mode", w)
        s.pid = sc(f, "pid", w)
        s.ipc = sc(f, "ipc", w)
        s.userns_mode = sc(f, "userns_mode", w)
        s.cgroup_parent = sc(f, "cgroup_parent", w)
        s.container_name = sc(f, "container_name", w)
        s.restart = sc(f, "restart", w)
        s.mem_limit = sc(f, "mem_limit", w)
        s.memswap_limit = sc(f, "memswap_limit", w)
        s.cpus = sc(f, "cpus", w)
        s.pids_limit = sc(f, "pids_limit", w)
        sl = self.string_list
        s.cap_add = sl(f, "cap_add", w)
        s.cap_drop = sl(f, "cap_drop", w)
        s.security_opt = sl(f, "security_opt", w)
        s.devices = self.devices(f, w)
        s.tmpfs = sl(f, "tmpfs", w)
        s.expose = sl(f, "expose", w)
        s.environment = self.key_values(f, "environment", w)
        s.labels = self.key_values(f, "labels", w)
        s.sysctls = self.key_values(f, "sysctls", w)
        s.env_file = self.env_file(f, w)
        s.ports = self.ports(f, w, s.port_errors)
        s.volumes = self.volumes(f, w)
        s.build = self.build(f, w)
        hc = f.get("healthcheck")
        if isinstance(hc, YMapping):
            s.healthcheck = hc
        deploy = f.get("deploy")
        if isinstance(deploy, YMapping):
            s.deploy = deploy
            res = deploy.get("resources")
            if isinstance(res, YMapping):
                s.deploy_limits = self.resources(res, "limits", w)
                s.deploy_reservations = self.resources(res, "reservations", w)
            elif res is not None and not (isinstance(res, YScalar) and res.value is None):
                self.wrong(w, "deploy.resources", "a mapping", res)
        elif deploy is not None and not (isinstance(deploy, YScalar) and deploy.value is None):
            self.wrong(w, "deploy", "a mapping", deploy)
        return s

    def devices(self, m: dict, w: str) -> list[Value]:
        v = m.get("devices")
        if isinstance(v, YSequence):  # long syntax items ({source, target, permissions}) -> source
            out = []
            for item in v.items:
                if isinstance(item, YMapping):
                    src = item.scalar("source")
                    if src is not None and src.value is not None:
                        out.append(make_value(src))
                elif isinstance(item, YScalar):
                    if item.value is not None:
                        out.append(make_value(item))
                else:
                    self.problem(f"{w}: items of 'devices' must be strings or mappings", item.span)
            return out
        return self.string_list(m, "devices", w)

    def resources(self, res: YMapping, key: str, w: str) -> Resources | None:
        v = res.get(key)
        if v is None:
            return None
        if not isinstance(v, YMapping):
            if not (isinstance(v, YScalar) and v.value is None):
                self.wrong(w, f"deploy.resources.{key}", "a mapping", v)
            return None
        where = f"{w} deploy.resources.{key}"
        r = Resources(v, v.span)
        r.memory = self.scalar(v, "memory", where)
        r.cpus = self.scalar(v, "cpus", where)
        r.pids = self.scalar(v, "pids", where)
        d = v.get("devices")
        r.devices = d if isinstance(d, YSequence) else None
        return r

    def env_file(self, m: dict, w: str) -> list[Value]:
        v = m.get("env_file")
        if v is None or v.tag == _RESET:
            return []
        if isinstance(v, YScalar):
            return [make_value(v)] if v.value is not None else []
        if not isinstance(v, YSequence):
            self.wrong(w, "env_file", "a string or a list", v)
            return []
        out = []
        for item in v.items:
            if isinstance(item, YScalar):
                if item.value is not None:
                    out.append(make_value(item))
            elif isinstance(item, YMapping):
                p = item.get("path")
                if isinstance(p, YScalar) and p.value is not None:
                    out.append(make_value(p))
                else:
                    self.problem(f"{w}: an 'env_file' entry needs a 'path' string", item.span)
            else:
                self.problem(f"{w}: items of 'env_file' must be strings or mappings, not {_what(item)}",
                             item.span)
        return out

    def build(self, m: dict, w: str) -> Build | None:
        v = m.get("build")
        if v is None or v.tag == _RESET:
            return None
        if isinstance(v, YScalar):
            if v.value is None:
                return None
            return Build(v, v.span, context=make_value(v))
        if not isinstance(v, YMapping):
            self.wrong(w, "build", "a string or a mapping", v)
            return None
        where = f"{w} build"
        b = Build(v, v.span)
        f = _fields(v)
        b.context = self.scalar(f, "context", where)
        b.dockerfile = self.scalar(f, "dockerfile", where)
        b.dockerfile_inline = self.scalar(f, "dockerfile_inline", where)
        b.target = self.scalar(f, "target", where)
        b.args = self.key_values(f, "args", where)
        return b

    # ---- ports

    def ports(self, m: dict, w: str, errors: list[tuple[YNode, str]]) -> list[Port]:
        v = m.get("ports")
        if v is None or v.tag == _RESET or (isinstance(v, YScalar) and v.value is None):
            return []
        if not isinstance(v, YSequence):
            self.wrong(w, "ports", "a list", v)
            return []
        out: list[Port] = []
        for i, item in enumerate(v.items):
            if isinstance(item, YScalar):
                if item.value is None:
                    continue
                p = self.short_port(item, f"ports[{i}]", errors)
            elif isinstance(item, YMapping):
                p = self.long_port(item, w, f"ports[{i}]", errors)
            else:
                self.problem(f"{w}: items of 'ports' must be strings or mappings, not {_what(item)}", item.span)
                continue
            if p is not None:
                out.append(p)
        return out

    def short_port(self, item: YScalar, where: str,
                   errors: list[tuple[YNode, str]]) -> Port | None:
        val = make_value(item)
        text = val.expanded.strip()
        reason = short_port_error(text)
        parsed = parse_port(text)
        if reason is not None or parsed is None:
            errors.append((item, f"{where}: {reason or 'not a port mapping'}"))
            return None
        host_ip, published, target, protocol = parsed
        return Port(host_ip, published, target, protocol, item.span, item, val.known, None, val.raw)

    def long_port(self, item: YMapping, w: str, at: str,
                  errors: list[tuple[YNode, str]]) -> Port | None:
        where = f"{w} ports"
        known = True
        fields: dict[str, str | None] = {}
        given = _fields(item)
        for key in ("target", "published", "host_ip", "protocol", "mode"):
            val = self.scalar(given, key, where)
            if val is None:
                fields[key] = None
            else:
                known = known and val.known
                fields[key] = val.expanded.strip()
        target = fields["target"]
        if not target:
            self.problem(f"{w}: a 'ports' entry in long syntax needs a 'target'", item.span)
            return None
        bad = long_port_errors(fields)
        for key, reason in bad:
            errors.append((given.get(key) or item, f"{at}.{key} {reason}"))
        if bad:
            return None
        host_ip = fields["host_ip"]
        if host_ip and host_ip.startswith("[") and host_ip.endswith("]"):
            host_ip = host_ip[1:-1]
        return Port(host_ip or None, fields["published"] or None, target,
                    (fields["protocol"] or "tcp").lower(), item.span, item, known, fields["mode"])

    # ---- volumes

    def volumes(self, m: dict, w: str) -> list[VolumeMount]:
        v = m.get("volumes")
        if v is None or v.tag == _RESET or (isinstance(v, YScalar) and v.value is None):
            return []
        if not isinstance(v, YSequence):
            self.wrong(w, "volumes", "a list", v)
            return []
        out: list[VolumeMount] = []
        for item in v.items:
            if isinstance(item, YScalar):
                if item.value is None:
                    continue
                vm = self.short_volume(item, w)
            elif isinstance(item, YMapping):
                vm = self.long_volume(item, w)
            else:
                self.problem(f"{w}: items of 'volumes' must be strings or mappings, not {_what(item)}",
                             item.span)
                continue
            if vm is not None:
                out.append(vm)
        return out

    def short_volume(self, item: YScalar, w: str) -> VolumeMount | None:
        val = make_value(item)
        parts = split_volume(val.expanded.strip())
        if not parts or not parts[-1 if len(parts) == 1 else 1]:
            self.problem(f"{w}: invalid volume '{val.raw}' (expected [SOURCE:]TARGET[:MODE])", item.span)
            return None
        if len(parts) == 1:
            source, target, mode = None, parts[0], ""
        else:
            source, target = parts[0] or None, parts[1]
            mode = ":".join(parts[2:])
        options = [o for o in mode.split(",") if o] if mode else []
        kind = "bind" if source is not None and _is_path(source) else "volume"
        return VolumeMount(kind, source, target, "ro" in options, item.span, item, val.known, options, val.raw)

    def long_volume(self, item: YMapping, w: str) -> VolumeMount | None:
        where = f"{w} volumes"
        known = True
        got: dict[str, str | None] = {}
        given = _fields(item)
        for key in ("type", "source", "target"):
            val = self.scalar(given, key, where)
            if val is None:
                got[key] = None
            else:
                known = known and val.known
                got[key] = val.expanded
        ro = self.scalar(given, "read_only", where)
        read_only = bool(ro is not None and ro.as_bool())
        kind = (got["type"] or "").strip() or "volume"
        vm = VolumeMount(kind, got["source"] or None, got["target"], read_only, item.span, item, known)
        for key in ("bind", "volume", "tmpfs"):
            sub = given.get(key)
            if isinstance(sub, YMapping):
                setattr(vm, key, sub)
        return vm


_DRIVE = lazyre.compile(r"^[A-Za-z]:[\\/]")


def _is_path(source: str) -> bool:
    return (source[0] in "/.~$\\") or bool(_DRIVE.match(source))


def split_volume(text: str) -> list[str]:
    """Split short volume syntax on ``:``, keeping Windows drive letters (``C:\\data``)
    with their path: a one-letter part followed by a part starting with ``\\`` or ``/`` is a
    drive."""
    if not text:
        return []
    raw = text.split(":")
    parts: list[str] = []
    i = 0
    while i < len(raw):
        p = raw[i]
        if (len(p) == 1 and p.isalpha() and i + 1 < len(raw)
                and raw[i + 1][:1] in ("\\", "/")):
            parts.append(p + ":" + raw[i + 1])
            i += 2
            continue
        parts.append(p)
        i += 1
    return parts




def build(path: str, docs: list[YamlDocument]) -> tuple[ComposeFile | None, list[Problem]]:
    """Build the Compose tree of ``path`` from its YAML documents.

    The first non-empty document is the Compose file (Compose reads one document per file);
    ``None`` is returned, with a problem, when it is not a mapping.
    """
    problems: list[Problem] = []
    doc = next((d for d in docs if d.root is not None), None)
    if doc is None:
        return None, problems
    root = doc.root
    if not isinstance(root, YMapping):
        problems.append(Problem(
            "parse-error", f"a Compose file must be a mapping at the top level, not {_what(root)}", root.span))
        return None, problems
    cf = _Builder(problems).file(path, root, doc.index)
    cf.problem_spans = frozenset(p.span for p in problems)
    return cf, problems


def build_service(key: YNode, node: YNode) -> Service | None:
    """A ``Service`` from its key and mapping (a merged service); problems are dropped."""
    return _Builder([]).service(key, node)


def build_of(node: YMapping) -> Build | None:
    """``build_service(key, node).build`` of a service mapping (not ``!reset``) without
    the rest of the service: the same reader on the same fields (problems dropped, so the
    service's name, which only they quote, is not needed)."""
    return _Builder([]).build(_fields(node), "")
