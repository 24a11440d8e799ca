"""Values the schema lets through but Compose or the Docker engine refuse or misread
(SL413-SL416, SL422, SL428, SL429)."""

from __future__ import annotations

import re
from typing import Iterator

from linter.compose import ComposeFile, Service, make_value
from linter.compose.project import project_of
from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.yaml import YMapping, YScalar, YSequence

_SPEC = "https://docs.docker.com/reference/compose-file/services/"

OBSOLETE_VERSION = Rule(
    code="SL413",
    name="obsolete-version-key",
    severity=Severity.LOW,
    summary="Top-level 'version' is obsolete",
    rationale=(
        "The Compose Specification dropped file format versions: `docker compose` ignores "
        "`version:` and prints a warning on every run. Worse, the number suggests features "
        "and limits of the old v2/v3 formats (e.g. `deploy` being Swarm-only) that no longer "
        "apply, and some tools change behaviour on it."),
    remediation="Delete the `version:` line.",
    references=["https://docs.docker.com/reference/compose-file/version-and-name/"],
    aliases={"dclint": "no-version-field"},
    tags=["maintainability"],
    failing=[Example("compose.yaml", "version: '3.8'\nservices:\n  web:\n    image: nginx:1.27\n")],
    passing=[Example("compose.yaml", "name: shop\nservices:\n  web:\n    image: nginx:1.27\n")],
)

INVALID_DURATION = Rule(
    code="SL414",
    name="invalid-duration",
    severity=Severity.HIGH,
    summary="Duration Compose cannot parse",
    rationale=(
        "Durations (`healthcheck.interval`, `timeout`, `start_period`, `stop_grace_period`, "
        "`deploy.restart_policy.delay`, ...) are strings such as `1m30s` or `500ms`. The schema "
        "accepts any string, so `10 seconds`, `30` or `1min` pass validation and fail when "
        "Compose loads the file."),
    remediation="Write a number followed by a unit, without spaces: `ns`, `us`, `ms`, `s`, "
                "`m`, `h`, combined as in `1m30s`.",
    references=["https://docs.docker.com/reference/compose-file/extension/#specifying-durations",
                _SPEC + "#healthcheck"],
    aliases={},  # Docker Compose itself rejects this; no linter has an ID for it
    tags=["correctness"],
    failing=[Example("compose.yaml", "services:\n  web:\n    image: nginx:1.27\n    healthcheck:\n"
                                     "      test: [CMD, curl, -f, 'http://localhost']\n"
                                     "      interval: 10 seconds\n")],
    passing=[Example("compose.yaml", "services:\n  web:\n    image: nginx:1.27\n    healthcheck:\n"
                                     "      test: [CMD, curl, -f, 'http://localhost']\n"
                                     "      interval: 1m30s\n      timeout: ${HC_TIMEOUT:-5s}\n"
                                     "    stop_grace_period: 500ms\n")],
)

INVALID_RESTART = Rule(
    code="SL415",
    name="invalid-restart-policy",
    severity=Severity.HIGH,
    summary="Unknown restart policy",
    rationale=(
        "`restart` takes `no`, `always`, `on-failure[:max-retries]` or `unless-stopped` (and "
        "`deploy.restart_policy.condition` takes `none`, `on-failure` or `any`). Anything else "
        "(`allways`, `on_failure`, `true`) passes the schema and is refused when the container "
        "is created, or silently means no restarts."),
    remediation="Use one of the listed values, e.g. `restart: unless-stopped`.",
    references=[_SPEC + "#restart",
                "https://docs.docker.com/reference/compose-file/deploy/#restart_policy",
                "CIS Docker Benchmark 5.15: Ensure that the 'on-failure' container restart "
                "policy is set to '5'"],
    aliases={"kics": "Restart Policy On Failure Not Set To 5"},
    tags=["correctness", "reliability"],
    failing=[
        Example("compose.yaml", "services:\n  web:\n    image: nginx:1.27\n    restart: allways\n"),
        Example("compose.yaml", "services:\n  web:\n    image: nginx:1.27\n    deploy:\n"
                                "      restart_policy: {condition: always}\n"),
    ],
    passing=[Example("compose.yaml",
                     "services:\n  a:\n    image: nginx:1.27\n    restart: 'no'\n"
                     "  b:\n    image: nginx:1.27\n    restart: on-failure:5\n"
                     "  c:\n    image: nginx:1.27\n    restart: ${RESTART:-unless-stopped}\n"
                     "  d:\n    image: nginx:1.27\n    deploy:\n"
                     "      restart_policy: {condition: on-failure, max_attempts: 3}\n")],
)

SHARED_PROPAGATION = Rule(
    code="SL416",
    name="shared-mount-propagation",
    severity=Severity.MEDIUM,
    summary="Bind mount uses shared or slave propagation",
    rationale=(
        "With `shared`/`rshared` propagation, mounts the container makes under the bind mount "
        "appear on the host (and in other containers), and with `slave`/`rslave` host mounts "
        "flow in: the container is no longer isolated from the host's mount table. Only "
        "storage and CSI-like agents need this."),
    remediation="Drop the propagation option (the default is `rprivate`) unless the service is "
                "a storage agent that must publish mounts to the host.",
    references=[_SPEC + "#volumes",
                "https://docs.docker.com/engine/storage/bind-mounts/#configure-bind-propagation",
                "CIS Docker Benchmark 5.19: Ensure that mount propagation mode is not set to "
                "shared"],
    aliases={"kics": "Volume Mounted In Multiple Containers"},
    tags=["security", "isolation"],
    failing=[
        Example("compose.yaml", "services:\n  agent:\n    image: agent:1\n"
                                "    volumes: ['/mnt/data:/data:rshared']\n"),
        Example("compose.yaml", "services:\n  agent:\n    image: agent:1\n    volumes:\n"
                                "      - type: bind\n        source: /mnt/data\n        target: /data\n"
                                "        bind: {propagation: shared}\n"),
    ],
    passing=[Example("compose.yaml", "services:\n  agent:\n    image: agent:1\n"
                                     "    volumes: ['/mnt/data:/data:ro,rprivate', 'data:/cache']\n"
                                     "volumes:\n  data: {}\n")],
)

CONTAINER_NAME = Rule(
    code="SL422",
    name="invalid-container-name",
    severity=Severity.HIGH,
    summary="container_name has characters Docker refuses",
    rationale=(
        "Docker accepts container names matching `[a-zA-Z0-9][a-zA-Z0-9_.-]+`; a name with a "
        "space, a slash or a leading dot or dash passes the Compose schema and fails when the "
        "container is created."),
    remediation="Use letters, digits, `_`, `.` and `-`, starting with a letter or digit.",
    references=[_SPEC + "#container_name"],
    aliases={"dclint": "service-container-name-regex"},
    tags=["correctness"],
    failing=[Example("compose.yaml", "services:\n  web:\n    image: nginx:1.27\n"
                                     "    container_name: my web\n")],
    passing=[Example("compose.yaml", "services:\n  web:\n    image: nginx:1.27\n"
                                     "    container_name: shop_web-1.dev\n")],
)

HEALTHCHECK_TEST = Rule(
    code="SL428",
    name="invalid-healthcheck-test",
    severity=Severity.HIGH,
    summary="healthcheck test list does not start with CMD, CMD-SHELL or NONE",
    rationale=(
        "In list form, the first item of `healthcheck.test` says how to run the rest: `CMD` "
        "(exec), `CMD-SHELL` (through /bin/sh) or `NONE` (disable). A list such as "
        "`[\"curl\", \"-f\", \"http://localhost\"]` is refused by the engine, and an empty one "
        "checks nothing."),
    remediation="Write `test: [\"CMD\", \"curl\", \"-f\", \"http://localhost\"]`, or a string "
                "(`test: curl -f http://localhost`), which runs with CMD-SHELL.",
    references=[_SPEC + "#healthcheck",
                "https://docs.docker.com/reference/dockerfile/#healthcheck"],
    aliases={"kics": "Healthcheck Not Set"},
    tags=["correctness", "reliability"],
    failing=[Example("compose.yaml", "services:\n  web:\n    image: nginx:1.27\n    healthcheck:\n"
                                     "      test: [curl, -f, 'http://localhost']\n")],
    passing=[Example("compose.yaml",
                     "services:\n  a:\n    image: nginx:1.27\n    healthcheck:\n"
                     "      test: [CMD, curl, -f, 'http://localhost']\n"
                     "  b:\n    image: nginx:1.27\n    healthcheck:\n"
                     "      test: curl -f http://localhost || exit 1\n"
                     "  c:\n    image: nginx:1.27\n    healthcheck: {test: [NONE]}\n")],
)

HEALTHY_WITHOUT_CHECK = Rule(
    code="SL429",
    name="service-healthy-without-healthcheck",
    severity=Severity.MEDIUM,
    summary="depends_on waits for service_healthy, but the service has no healthcheck",
    rationale=(
        "`condition: service_healthy` waits until the dependency reports healthy. A service "
        "without a healthcheck never does: `docker compose up` stops with 'container ... has "
        "no healthcheck configured' (or, with a disabled check, waits forever). The image "
        "itself may define a HEALTHCHECK; most official images do not."),
    remediation="Add a `healthcheck:` to the dependency (e.g. `test: [\"CMD\", \"pg_isready\"]` "
                "for PostgreSQL), or wait with `condition: service_started`.",
    references=[_SPEC + "#depends_on", _SPEC + "#healthcheck",
                "https://docs.docker.com/compose/how-tos/startup-order/"],
    aliases={},  # Docker Compose itself rejects this; no linter has an ID for it
    tags=["correctness", "reliability"],
    failing=[Example("compose.yaml", "services:\n  app:\n    image: app:1\n    depends_on:\n"
                                     "      db: {condition: service_healthy}\n"
                                     "  db:\n    image: postgres:16\n")],
    passing=[Example("compose.yaml", "services:\n  app:\n    image: app:1\n    depends_on:\n"
                                     "      db: {condition: service_healthy}\n"
                                     "      cache: {condition: service_started}\n"
                                     "  db:\n    image: postgres:16\n    healthcheck:\n"
                                     "      test: [CMD, pg_isready, -U, postgres]\n"
                                     "  cache:\n    image: redis:7.4\n")],
)


# ------------------------------------------------------------------------ SL413


@OBSOLETE_VERSION.check(ComposeFile)
def obsolete_version(cf: ComposeFile) -> Iterator[Hit]:
    entry = cf.node.entry("version")
    if entry is not None:
        shown = entry.value.as_str() if isinstance(entry.value, YScalar) else ""
        yield Hit(entry.key, f"the top-level 'version'{f' ({shown})' if shown else ''} is "
                             "obsolete: Compose ignores it and warns", fix="delete the line")


# ------------------------------------------------------------------------ SL414

_DURATION = re.compile(r"^[+-]?(?:(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:ns|us|µs|μs|ms|s|m|h))+$")
_DURATION_KEYS = (
    (("healthcheck",), ("interval", "timeout", "start_period", "start_interval")),
    ((), ("stop_grace_period",)),
    (("deploy", "restart_policy"), ("delay", "window")),
    (("deploy", "update_config"), ("delay", "monitor")),
    (("deploy", "rollback_config"), ("delay", "monitor")),
)


def valid_duration(text: str) -> bool:
    t = text.strip()
    return t == "0" or bool(_DURATION.match(t))


@INVALID_DURATION.check(Service)
def durations(s: Service) -> Iterator[Hit]:
    for path, keys in _DURATION_KEYS:
        m = s.node.path(*path) if path else s.node
        if not isinstance(m, YMapping):
            continue
        for key in keys:
            v = m.get(key)
            if not isinstance(v, YScalar) or v.value is None or v.tag == "!reset":
                continue
            if not isinstance(v.value, str):
                continue  # a number: the schema reports the type
            val = make_value(v)
            if not val.known or val.value is None or valid_duration(val.value):
                continue
            where = ".".join(path + (key,))
            yield Hit(v, f"service '{s.name}': {where} '{val.value.strip()}' is not a duration "
                         "Compose understands", fix="write e.g. '30s', '1m30s' or '500ms'")


# ------------------------------------------------------------------------ SL415

_RESTART = re.compile(r"^(?:no|always|unless-stopped|on-failure(?::[0-9]+)?)$")
_CONDITIONS = frozenset({"none", "on-failure", "any"})


@INVALID_RESTART.check(Service)
def restart_policy(s: Service) -> Iterator[Hit]:
    r = s.restart
    if r is not None and r.known and r.value is not None and not _RESTART.match(r.value.strip()):
        yield Hit(r, f"service '{s.name}': restart '{r.value.strip()}' is not a restart policy "
                     "(no, always, on-failure[:N], unless-stopped)")
    if s.deploy is not None:
        c = s.deploy.path("restart_policy", "condition")
        if isinstance(c, YScalar) and c.value is not None:
            val = make_value(c)
            if val.known and val.value is not None and val.value.strip() not in _CONDITIONS:
                yield Hit(c, f"service '{s.name}': deploy.restart_policy.condition "
                             f"'{val.value.strip()}' is not one of none, on-failure, any")


# ------------------------------------------------------------------------ SL416

_SHARED = frozenset({"shared", "rshared", "slave", "rslave"})


@SHARED_PROPAGATION.check(Service)
def propagation(s: Service) -> Iterator[Hit]:
    for vm in s.volumes:
        modes = [o.strip() for o in vm.options]
        if vm.bind is not None:
            p = vm.bind.get("propagation")
            if isinstance(p, YScalar) and p.value is not None:
                modes.append(p.as_str().strip())
        bad = [m for m in modes if m in _SHARED]
        if bad:
            yield Hit(vm, f"service '{s.name}' mounts '{vm.target}' with '{bad[0]}' propagation: "
                          "mounts cross between the container and the host",
                      fix="drop the propagation option (default rprivate)")


# ------------------------------------------------------------------------ SL422

_CONTAINER_NAME = re.compile(r"^[a-zA-Z0-9][a-zA-Z0-9_.-]+$")


@CONTAINER_NAME.check(Service)
def container_name(s: Service) -> Iterator[Hit]:
    v = s.container_name
    if v is None or not v.known or v.value is None:
        return
    if not _CONTAINER_NAME.match(v.value):
        yield Hit(v, f"service '{s.name}': container_name '{v.value}' is not a valid container "
                     "name (letters, digits, '_', '.', '-'; starting with a letter or digit)")


# ------------------------------------------------------------------------ SL428


@HEALTHCHECK_TEST.check(Service)
def healthcheck_test(s: Service) -> Iterator[Hit]:
    hc = s.healthcheck
    if hc is None:
        return
    t = hc.get("test")
    if not isinstance(t, YSequence) or t.tag == "!reset":
        return
    if not t.items:
        yield Hit(t, f"service '{s.name}': healthcheck test is an empty list",
                  fix='write test: ["CMD", ...] or test: ["NONE"]')
        return
    first = t.items[0]
    if not isinstance(first, YScalar):
        return
    val = make_value(first)
    if not val.known or val.value is None:
        return
    if val.value.strip() not in ("CMD", "CMD-SHELL", "NONE"):
        yield Hit(first, f"service '{s.name}': healthcheck test list starts with "
                         f"'{val.value.strip()}' instead of CMD, CMD-SHELL or NONE",
                  fix=f'write ["CMD", "{val.value.strip()}", ...]')


# ------------------------------------------------------------------------ SL429


def _has_healthcheck(node: YMapping) -> bool | None:
    """True: a usable check; False: disabled; None: not set here."""
    hc = node.get("healthcheck")
    if not isinstance(hc, YMapping) or hc.tag == "!reset":
        return None
    d = hc.get("disable")
    if isinstance(d, YScalar) and str(d.value).lower() == "true":
        return False
    t = hc.get("test")
    if isinstance(t, YSequence) and t.items and isinstance(t.items[0], YScalar) \
            and t.items[0].as_str().strip() == "NONE":
        return False
    return True if t is not None else None


@HEALTHY_WITHOUT_CHECK.check(ComposeFile)
def healthy_without_check(cf: ComposeFile) -> Iterator[Hit]:
    project = project_of(cf)
    if project.partial:
        return
    for s in cf.services:
        deps = s.node.get("depends_on")
        if not isinstance(deps, YMapping):
            continue
        for e in deps.entries:
            cond = e.value.get("condition") if isinstance(e.value, YMapping) else None
            if not (isinstance(cond, YScalar) and cond.as_str().strip() == "service_healthy"):
                continue
            name = e.key.as_str() if isinstance(e.key, YScalar) else None
            defs = project.services(name) if name else []
            if not defs:
                continue  # undefined: SL402
            state: bool | None = None
            opaque = False
            for f, d in defs:
                h = _has_healthcheck(d.node)
                state = h if h is not None else state
                opaque = opaque or any(d.node.get(k) is not None for k in ("build", "extends"))
            if state is True or (state is None and opaque):
                continue  # a build's Dockerfile or an extended service may define it
            how = "disables its healthcheck" if state is False else "has no healthcheck"
            yield Hit(cond, f"service '{s.name}' waits for '{name}' to be healthy, but '{name}' "
                            f"{how}; startup fails unless its image defines a HEALTHCHECK")


INVALID_SIZE = Rule(
    code="SL436",
    name="invalid-size",
    severity=Severity.HIGH,
    summary="Memory or storage size Compose cannot parse",
    rationale=(
        "Sizes (`mem_limit`, `mem_reservation`, `memswap_limit`, `shm_size`, "
        "`deploy.resources.*.memory`, tmpfs `size`) are a number with an optional unit "
        "(`512m`, `1.5g`, `2GiB`). The schema accepts any string, so `512 megabytes` or `1G "
        "RAM` pass validation and stop Compose when it loads the file."),
    remediation="Write a number followed by b, k, m, g, t or p (optionally with `i`/`b`, as "
                "in `512MiB`), e.g. `mem_limit: 512m`.",
    references=[_SPEC + "#mem_limit", "https://docs.docker.com/reference/compose-file/"
                "extension/#specifying-byte-values"],
    aliases={},  # Docker Compose itself rejects this; no linter has an ID for it
    tags=["correctness"],
    failing=[Example("compose.yaml", "services:\n  web:\n    image: nginx:1.27\n"
                                     "    mem_limit: 512 megabytes\n")],
    passing=[Example("compose.yaml", "services:\n  web:\n    image: nginx:1.27\n"
                                     "    mem_limit: 512m\n    memswap_limit: -1\n"
                                     "    shm_size: 2gb\n    deploy:\n      resources:\n"
                                     "        limits: {memory: '${MEM:-1.5GiB}'}\n")],
)

_SIZE = re.compile(r"^\d+(?:\.\d+)*\s?(?:[kmgtp]?i?b?)$", re.IGNORECASE)
_SIZE_KEYS = (
    ((), ("mem_limit", "mem_reservation", "memswap_limit", "shm_size")),
    (("build",), ("shm_size",)),
    (("deploy", "resources", "limits"), ("memory",)),
    (("deploy", "resources", "reservations"), ("memory",)),
)


def valid_size(text: str) -> bool:
    t = text.strip()
    return t == "-1" or bool(_SIZE.match(t))


@INVALID_SIZE.check(Service)
def sizes(s: Service) -> Iterator[Hit]:
    candidates = []
    for path, keys in _SIZE_KEYS:
        m = s.node.path(*path) if path else s.node
        if isinstance(m, YMapping):
            candidates += [(".".join(path + (k,)), m.get(k)) for k in keys]
    for vm in s.volumes:
        if vm.tmpfs is not None:
            candidates.append((f"volumes '{vm.target}' tmpfs.size", vm.tmpfs.get("size")))
    for where, v in candidates:
        if not isinstance(v, YScalar) or not isinstance(v.value, str) or v.tag == "!reset":
            continue
        val = make_value(v)
        if val.known and val.value is not None and not valid_size(val.value):
            yield Hit(v, f"service '{s.name}': {where} '{val.value.strip()}' is not a size "
                         "Compose understands", fix="write e.g. '512m' or '2g'")
