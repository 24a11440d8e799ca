"""Consistency errors ``docker compose`` raises on files its schema accepts (SL402-SL409).

Each of these stops ``docker compose up`` (or ``config``) with an error: references to things
that are not defined, names that clash, settings that exclude each other. They are checked
over the whole project the file belongs to (its override, base, ``include`` and ``extends``
files, see ``linter.compose.project``), and reported in the file where the value is written.
"""

from __future__ import annotations

import os
import re
from typing import Iterator

from linter.compose import ComposeFile, Service, Value
from linter.compose.project import Project, extends_of, project_of, superseded
from linter.compose.refs import Ref, service_deps, service_refs
from linter.engine import Example, Hit, Rule
from linter.suggest import did_you_mean
from linter.findings import Severity
from linter.yaml import YMapping, YScalar, YSequence

_SPEC = "https://docs.docker.com/reference/compose-file/services/"
_KIND_WORD = {"networks": "network", "volumes": "volume", "secrets": "secret",
              "configs": "config", "models": "model"}

UNDEFINED = Rule(
    code="SL402",
    name="compose-undefined-reference",
    severity=Severity.HIGH,
    summary="Service refers to a network, volume, secret, config or service that is not defined",
    rationale=(
        "Compose refuses a project in which a service uses a network, named volume, secret or "
        "config that the top-level sections do not declare, or depends on (`depends_on`, "
        "`links`, `volumes_from`, `network_mode: service:...`, `extends`) a service that does "
        "not exist. A typo in one of these names is found at deploy time instead of review."),
    remediation=(
        "Declare the resource in the top-level `networks:`/`volumes:`/`secrets:`/`configs:` "
        "section (`external: true` when it is created outside the project), or fix the name. "
        "For an optional dependency write `depends_on: {name: {condition: service_started, "
        "required: false}}`."),
    references=[_SPEC + "#depends_on", _SPEC + "#networks", _SPEC + "#volumes",
                _SPEC + "#secrets", "https://docs.docker.com/reference/compose-file/volumes/"],
    aliases={},  # Docker Compose itself rejects this; no linter has an ID for it
    tags=["correctness"],
    failing=[
        Example("compose.yaml", "services:\n  web:\n    image: nginx:1.27\n    networks: [frontend]\n"
                                "networks:\n  front: {}\n"),
        Example("compose.yaml", "services:\n  web:\n    image: nginx:1.27\n    depends_on: [dbb]\n"
                                "  db:\n    image: postgres:16\n"),
        Example("compose.yaml", "services:\n  db:\n    image: postgres:16\n"
                                "    volumes: ['pgdata:/var/lib/postgresql/data']\n"
                                "volumes:\n  pg_data: {}\n"),
    ],
    passing=[
        Example("compose.yaml",
                "services:\n  web:\n    image: nginx:1.27\n    networks: [front, default]\n"
                "    depends_on:\n      db: {condition: service_healthy}\n"
                "      cache: {condition: service_started, required: false}\n"
                "    secrets: [db_pw]\n    volumes: ['data:/data', './html:/usr/share/nginx/html']\n"
                "  db:\n    image: postgres:16\nnetworks:\n  front: {}\nvolumes:\n  data:\n"
                "secrets:\n  db_pw: {file: ./db_pw.txt}\n"),
    ],
)

DUPLICATE_CONTAINER_NAME = Rule(
    code="SL403",
    name="duplicate-container-name",
    severity=Severity.HIGH,
    summary="Two services use the same container_name",
    rationale=(
        "Container names are unique on a Docker host: the second service cannot be created "
        "(`Conflict. The container name ... is already in use`), and Compose rejects the "
        "project up front."),
    remediation="Give each service its own `container_name`, or drop `container_name` and let "
                "Compose name containers `<project>-<service>-<n>`.",
    references=[_SPEC + "#container_name"],
    aliases={"dclint": "no-duplicate-container-names"},
    tags=["correctness"],
    failing=[Example("compose.yaml",
                     "services:\n  a:\n    image: nginx:1.27\n    container_name: web\n"
                     "  b:\n    image: nginx:1.27\n    container_name: web\n")],
    passing=[Example("compose.yaml",
                     "services:\n  a:\n    image: nginx:1.27\n    container_name: web-a\n"
                     "  b:\n    image: nginx:1.27\n    container_name: web-b\n")],
)

NAME_WITH_REPLICAS = Rule(
    code="SL404",
    name="container-name-with-replicas",
    severity=Severity.HIGH,
    summary="container_name set on a service that runs more than one replica",
    rationale=(
        "A fixed container name can be used by one container only; with `scale` or "
        "`deploy.replicas` above 1 Compose refuses the service (and `docker compose up "
        "--scale` fails)."),
    remediation="Remove `container_name` from services that scale, or run a single replica.",
    references=[_SPEC + "#container_name", _SPEC + "#scale",
                "https://docs.docker.com/reference/compose-file/deploy/#replicas"],
    aliases={"dclint": "no-duplicate-container-names"},
    tags=["correctness"],
    failing=[Example("compose.yaml",
                     "services:\n  worker:\n    image: app:1\n    container_name: worker\n"
                     "    deploy: {replicas: 3}\n")],
    passing=[Example("compose.yaml",
                     "services:\n  worker:\n    image: app:1\n    deploy: {replicas: 3}\n"
                     "  web:\n    image: app:1\n    container_name: web\n    scale: 1\n")],
)

NETWORK_MODE_AND_NETWORKS = Rule(
    code="SL405",
    name="network-mode-with-networks",
    severity=Severity.HIGH,
    summary="network_mode and networks set on the same service",
    rationale=(
        "`network_mode` puts the container in another network stack (host, none, another "
        "container's); `networks` attaches it to project networks. They exclude each other and "
        "Compose rejects the service."),
    remediation="Keep one: remove `networks` when the service must use `network_mode`, or "
                "remove `network_mode` to attach it to networks.",
    references=[_SPEC + "#network_mode", _SPEC + "#networks"],
    aliases={},  # Docker Compose itself rejects this; no linter has an ID for it
    tags=["correctness"],
    failing=[Example("compose.yaml",
                     "services:\n  vpn:\n    image: vpn:1\n    network_mode: host\n"
                     "    networks: [default]\n")],
    passing=[Example("compose.yaml",
                     "services:\n  vpn:\n    image: vpn:1\n    network_mode: host\n"
                     "  web:\n    image: nginx:1.27\n    networks: [default]\n")],
)

CYCLE = Rule(
    code="SL406",
    name="dependency-cycle",
    severity=Severity.HIGH,
    summary="Services depend on each other in a cycle",
    rationale=(
        "Compose starts services in dependency order (`depends_on`, `links`, `volumes_from`, "
        "`network_mode: service:...`); a cycle has no order, and Compose refuses the project "
        "with 'dependency cycle detected'."),
    remediation="Break the cycle: remove the dependency that is not needed at start time, and "
                "let the service retry its connection instead.",
    references=[_SPEC + "#depends_on"],
    aliases={},  # Docker Compose itself rejects this; no linter has an ID for it
    tags=["correctness"],
    failing=[Example("compose.yaml", "services:\n  a:\n    image: app:1\n    extends: b\n"
                     "  b:\n    extends: a\n"),
             Example("compose.yaml",
                     "services:\n  a:\n    image: app:1\n    depends_on: [b]\n"
                     "  b:\n    image: app:1\n    depends_on: [a]\n")],
    passing=[Example("compose.yaml",
                     "services:\n  a:\n    image: app:1\n    depends_on: [b]\n"
                     "  b:\n    image: app:1\n")],
)

NO_IMAGE = Rule(
    code="SL407",
    name="service-without-image",
    severity=Severity.HIGH,
    summary="Service has neither image nor build",
    rationale=(
        "Compose needs an image to pull or a build context to build; a service with neither "
        "(counting what it inherits through `extends` and what its override files add) is "
        "rejected."),
    remediation="Add `image: name:tag` or `build: ./dir` to the service (or to the service "
                "it extends).",
    references=[_SPEC + "#image", "https://docs.docker.com/reference/compose-file/build/"],
    aliases={},  # Docker Compose itself rejects this; no linter has an ID for it
    tags=["correctness"],
    # opt-in: files committed as fragments for `docker compose -f base.yaml -f this.yaml`
    # override services without naming their image, and cannot be told from a mistake
    enabled_by_default=False,
    failing=[Example("compose.yaml", "services:\n  web:\n    ports: ['127.0.0.1:80:80']\n")],
    passing=[Example("compose.yaml",
                     "services:\n  base:\n    image: app:1\n  web:\n    extends: base\n"
                     "  api:\n    build: ./api\n")],
)

CONFLICTING_LIMITS = Rule(
    code="SL408",
    name="conflicting-resource-settings",
    severity=Severity.HIGH,
    summary="A resource setting is given twice with different values",
    rationale=(
        "`cpus`, `mem_limit`, `mem_reservation`, `pids_limit` and `scale` have twins under "
        "`deploy` (`resources.limits.cpus`, `.memory`, `reservations.memory`, `limits.pids`, "
        "`replicas`). When both are set and differ, Compose stops with an error instead of "
        "choosing; either way a reader cannot tell which one was meant."),
    remediation="Keep one spelling (preferably the `deploy:` one) or make both values equal.",
    references=["https://docs.docker.com/reference/compose-file/deploy/#resources",
                _SPEC + "#mem_limit", _SPEC + "#cpus"],
    aliases={},  # Docker Compose itself rejects this; no linter has an ID for it
    tags=["correctness"],
    failing=[Example("compose.yaml",
                     "services:\n  web:\n    image: nginx:1.27\n    mem_limit: 256m\n"
                     "    deploy:\n      resources:\n        limits: {memory: 512M}\n")],
    passing=[Example("compose.yaml",
                     "services:\n  web:\n    image: nginx:1.27\n    mem_limit: 512m\n    cpus: 0.5\n"
                     "    deploy:\n      resources:\n        limits: {memory: 512M, cpus: '0.50'}\n")],
)

DUPLICATE_MOUNT = Rule(
    code="SL409",
    name="duplicate-mount-target",
    severity=Severity.HIGH,
    summary="Two mounts of a service use the same container path",
    rationale=(
        "A container path can hold one mount. Compose rejects a service whose `volumes` "
        "mount two sources at the same target, which usually hides a copy-paste slip."),
    remediation="Give each mount its own target path, or remove the duplicate.",
    references=[_SPEC + "#volumes"],
    aliases={},  # Docker Compose itself rejects this; no linter has an ID for it
    tags=["correctness"],
    failing=[Example("compose.yaml",
                     "services:\n  db:\n    image: postgres:16\n    volumes:\n"
                     "      - ./data:/var/lib/postgresql/data\n"
                     "      - pg:/var/lib/postgresql/data\nvolumes:\n  pg: {}\n")],
    passing=[Example("compose.yaml",
                     "services:\n  db:\n    image: postgres:16\n    volumes:\n"
                     "      - ./conf:/etc/postgresql\n      - pg:/var/lib/postgresql/data\n"
                     "volumes:\n  pg: {}\n")],
)


# ------------------------------------------------------------------------------ helpers


def _project(cf: ComposeFile) -> Project:
    return project_of(cf)


# ------------------------------------------------------------------- SL402 references


def _overrides_elsewhere(s: Service) -> bool:
    """A service entry without image, build, extends or provider only makes sense as an
    override of a service another file defines."""
    return not any(
        (v := s.node.get(k)) is not None and not (isinstance(v, YScalar) and v.value is None)
        for k in ("image", "build", "extends", "provider"))


def fragment_kinds(project: Project, cf: ComposeFile) -> set[str] | None:
    """What may legitimately be defined by files this project does not show.

    ``None``: everything (a partial project, or a file that overrides services defined
    elsewhere: a fragment meant for ``docker compose -f base.yaml -f this.yaml``, unless
    the project shows the file that defines them). Otherwise
    the kinds of resource that the file uses although no file of the project has a
    top-level section for them at all: a file that uses network 'elk' without any
    ``networks:`` section is a fragment of a bigger project far more often than a mistake
    (Compose would have refused it on the first run); when the section exists, a name
    missing from it is a typo. When any kind is missing, services may be too."""
    if project.partial or any(_overrides_elsewhere(s) and not any(
            f is not cf and f.service(s.name) is not None for f in project.merge_order)
            for s in cf.services):
        return None
    used = {ref.kind for s in cf.services for ref in service_refs(s) if ref.kind != "service"}
    missing = {k for k in used if not any(isinstance(f.node.get(k), YMapping) for f in project.files)}
    if missing:
        missing.add("service")
    return missing


@UNDEFINED.check(ComposeFile)
def undefined(cf: ComposeFile) -> Iterator[Hit]:
    project = _project(cf)
    elsewhere = fragment_kinds(project, cf)
    if elsewhere is None:
        return
    names = project.service_names
    for s in cf.services:
        for ref in service_refs(s):
            if not ref.known or not ref.name or ref.kind in elsewhere:
                continue
            if ref.kind == "service":
                if ref.name in names or not ref.required:
                    continue
                yield Hit(ref, f"service '{s.name}': {ref.how} names service '{ref.name}', "
                               "which is not defined" + _suggest(ref.name, names),
                          fix=f"define service '{ref.name}' or fix the name")
                continue
            if ref.kind == "networks" and ref.name == "default":
                continue
            if project.defines(ref.kind, ref.name):
                continue
            word = _KIND_WORD[ref.kind]
            defined = set()
            for f in project.files:
                m = f.node.get(ref.kind)
                if isinstance(m, YMapping):
                    defined |= {str(k) for k in m.keys() if k is not None}
            yield Hit(ref, f"service '{s.name}' uses {word} '{ref.name}', which the top-level "
                           f"'{ref.kind}' section does not declare" + _suggest(ref.name, defined),
                      fix=f"declare it under top-level `{ref.kind}:` (with `external: true` "
                          "if it is created outside this project)")
        base, file = extends_of(s)
        if base is not None and file is None and cf.service(base) is None and base not in names:
            at = s.node.get("extends") or s
            yield Hit(at, f"service '{s.name}' extends service '{base}', which is not defined "
                          "in this file" + _suggest(base, names))


def _suggest(name: str, candidates) -> str:
    return did_you_mean(name, sorted(candidates), 0.75)


# ----------------------------------------------------------- SL403 container names


def _known(v: Value | None) -> str | None:
    if v is None or not v.known or v.value is None:
        return None
    return v.value.strip() or None


@DUPLICATE_CONTAINER_NAME.check(ComposeFile)
def duplicate_container_names(cf: ComposeFile) -> Iterator[Hit]:
    first: dict[str, str] = {}  # container name -> service
    project = _project(cf)
    for f in project.files:
        for s in f.services:
            name = _known(s.container_name)
            if name is None or superseded(s, s.container_name):
                continue
            other = first.setdefault(name, s.name)
            if other != s.name and f is cf:
                yield Hit(s.container_name, f"services '{other}' and '{s.name}' both use "
                                            f"container_name '{name}'")
    # a service of this file that comes after one of another file (overlays list base first)


# ------------------------------------------------------------- SL404 replicas


def _int(v: YScalar | None) -> int | None:
    if v is None or v.value is None:
        return None
    if isinstance(v.value, bool):
        return None
    if isinstance(v.value, int):
        return v.value
    from linter.compose import interpolate

    text, known = interpolate(v.as_str())
    try:
        return int(text.strip()) if known and text is not None else None
    except ValueError:
        return None


def _replicas(s: Service) -> tuple[int | None, YScalar | None]:
    scale = s.node.scalar("scale")
    n = _int(scale)
    if n is not None:
        return n, scale
    if s.deploy is not None:
        r = s.deploy.scalar("replicas")
        return _int(r), r
    return None, None


@NAME_WITH_REPLICAS.check(Service)
def name_with_replicas(s: Service) -> Iterator[Hit]:
    name = _known(s.container_name)
    if name is None:
        return
    n, node = _replicas(s)
    if n is not None and n > 1:
        yield Hit(s.container_name, f"service '{s.name}' sets container_name '{name}' but runs "
                                    f"{n} replicas; only one container can have that name")


# --------------------------------------------------------------- SL405 network_mode


@NETWORK_MODE_AND_NETWORKS.check(Service)
def network_mode_and_networks(s: Service) -> Iterator[Hit]:
    if s.network_mode is None:
        return
    nets = s.node.get("networks")
    if isinstance(nets, (YSequence, YMapping)) and nets.tag != "!reset" and (
            nets.items if isinstance(nets, YSequence) else nets.entries):
        yield Hit(s.network_mode, f"service '{s.name}' sets both network_mode "
                                  f"'{s.network_mode.expanded}' and networks; Compose "
                                  "rejects the combination")


# ------------------------------------------------------------------- SL406 cycles


@CYCLE.check(ComposeFile)
def cycles(cf: ComposeFile) -> Iterator[Hit]:
    project = _project(cf)
    edges: dict[str, list[tuple[str, Ref]]] = {}
    for f in project.files:
        for s in f.services:
            for ref in service_deps(s):
                if ref.known and ref.name:
                    edges.setdefault(s.name, []).append((ref.name, ref))
    reported: set[frozenset] = set()
    mine = {s.name for s in cf.services}
    for start in sorted(edges):
        if start not in mine:
            continue
        path = _find_cycle(start, edges)
        if path is None:
            continue
        key = frozenset(path)
        if key in reported:
            continue
        reported.add(key)
        # report at the first edge of the cycle written in this file
        for a, b in zip(path, path[1:] + path[:1]):
            ref = next((r for n, r in edges.get(a, []) if n == b), None)
            if ref is not None and cf.service(a) is not None and _in_file(cf, a, ref):
                chain = " -> ".join(path + [path[0]])
                yield Hit(ref, f"services depend on each other in a cycle: {chain}")
                break


@CYCLE.check(ComposeFile)
def extends_cycles(cf: ComposeFile) -> Iterator[Hit]:
    """``extends`` that comes back to the service it started from (Compose rejects it)."""
    project = _project(cf)
    for service in cf.services:
        if extends_of(service)[0] is None:
            continue
        start = (_where(cf), service.name)
        chain, current = [start], (cf, service)
        while True:
            base = project.extends_base(*current)
            if base is None:
                break
            key = (_where(base[0]), base[1].name)
            if key == start:
                names = " -> ".join(name for _, name in chain + [key])
                yield Hit(service.node.get("extends") or service,
                          f"service '{service.name}' extends itself: {names}")
                break
            if key in chain:  # a cycle further along: reported at its own services
                break
            chain.append(key)
            current = base


def _where(cf: ComposeFile) -> str:
    return os.path.normcase(os.path.abspath(cf.path))


def _in_file(cf: ComposeFile, service: str, ref: Ref) -> bool:
    s = cf.service(service)
    return s is not None and any(r.node is ref.node for r in service_deps(s))


def _find_cycle(start: str, edges: dict[str, list[tuple[str, Ref]]]) -> list[str] | None:
    """The shortest cycle through ``start`` (a list of services), or None."""
    from collections import deque

    prev: dict[str, str] = {}
    queue = deque([start])
    seen = {start}
    while queue:
        node = queue.popleft()
        for nxt, _ in edges.get(node, []):
            if nxt == start:
                path = [node]
                while path[-1] != start:
                    path.append(prev[path[-1]])
                return list(reversed(path))
            if nxt not in seen:
                seen.add(nxt)
                prev[nxt] = node
                queue.append(nxt)
    return None


# ------------------------------------------------------------------ SL407 no image


@NO_IMAGE.check(ComposeFile)
def no_image(cf: ComposeFile) -> Iterator[Hit]:
    project = _project(cf)
    if project.partial:
        return
    for s in cf.services:
        if not _has_image(project, cf, s, set()):
            yield Hit(s, f"service '{s.name}' has neither 'image' nor 'build'",
                      fix="add `image: <name>:<tag>` or `build: <context>`")


def _has_image(project: Project, cf: ComposeFile, s: Service, seen: set) -> bool | None:
    if (cf.path, s.name) in seen:
        return True  # an extends loop is another problem
    seen.add((cf.path, s.name))
    for key in ("image", "build", "provider"):
        v = s.node.get(key)
        if v is not None and not (isinstance(v, YScalar) and v.value is None) and v.tag != "!reset":
            return True
    for f, other in project.services(s.name):
        if other is not s:
            for key in ("image", "build", "provider"):
                v = other.node.get(key)
                if v is not None and not (isinstance(v, YScalar) and v.value is None):
                    return True
    name, file = extends_of(s)
    if name is not None:
        base = project.extends_base(cf, s)
        if base is None:
            return True  # cannot tell; SL402 reports an unknown base of this file
        return _has_image(project, base[0], base[1], seen)
    return False


# ------------------------------------------------------- SL408 conflicting settings

_UNITS = {"": 1, "b": 1, "k": 1024, "kb": 1024, "m": 1024 ** 2, "mb": 1024 ** 2,
          "g": 1024 ** 3, "gb": 1024 ** 3, "t": 1024 ** 4, "tb": 1024 ** 4}
_SIZE = re.compile(r"^\s*([0-9]+(?:\.[0-9]+)?)\s*([a-zA-Z]*)\s*$")


def parse_bytes(text: str) -> float | None:
    m = _SIZE.match(text)
    if not m:
        return None
    unit = _UNITS.get(m.group(2).lower())
    return None if unit is None else float(m.group(1)) * unit


def _num(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


_TWINS = (
    # (service key, path under deploy, what, parser)
    ("cpus", ("resources", "limits", "cpus"), "CPU limit", _num),
    ("mem_limit", ("resources", "limits", "memory"), "memory limit", parse_bytes),
    ("mem_reservation", ("resources", "reservations", "memory"), "memory reservation", parse_bytes),
    ("pids_limit", ("resources", "limits", "pids"), "PID limit", _num),
    ("scale", ("replicas",), "replica count", _num),
)


@CONFLICTING_LIMITS.check(Service)
def conflicting(s: Service) -> Iterator[Hit]:
    if s.deploy is None:
        return
    for key, path, what, parse in _TWINS:
        a = s.value(key)
        node = s.deploy.path(*path)
        if a is None or not isinstance(node, YScalar) or node.value is None:
            continue
        from linter.compose import make_value

        b = make_value(node)
        if not (a.known and b.known and a.value is not None and b.value is not None):
            continue
        x, y = parse(a.value.strip()), parse(b.value.strip())
        if x is None or y is None or x == y:
            continue
        yield Hit(a, f"service '{s.name}': {key} '{a.value.strip()}' and deploy."
                     f"{'.'.join(path)} '{b.value.strip()}' give two different {what}s")


# -------------------------------------------------------------- SL409 mount targets


@DUPLICATE_MOUNT.check(Service)
def duplicate_mounts(s: Service) -> Iterator[Hit]:
    seen: dict[str, int] = {}
    for vm in s.volumes:
        if not vm.known or not vm.target:
            continue
        target = vm.target.strip().rstrip("/") or "/"
        if target in seen:
            yield Hit(vm, f"service '{s.name}' mounts two volumes at '{target}' (the first on "
                          f"line {seen[target]})")
        else:
            seen[target] = vm.span.line
