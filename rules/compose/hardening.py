"""Opt-in hardening advice for Compose services (SL417-SL419, SL426, SL427).

These are good practice rather than mistakes: most Compose files for development leave them
out on purpose, so they run only when selected (``--select SL417`` or by name or peer ID).
"""

from __future__ import annotations

from typing import Iterator

from linter.compose import ComposeFile, Service, make_value
from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.yaml import YMapping, YScalar, YSequence

_SPEC = "https://docs.docker.com/reference/compose-file/services/"

PIDS = Rule(
    code="SL417",
    name="missing-pids-limit",
    severity=Severity.LOW,
    summary="Service has no limit on the number of processes",
    rationale=(
        "Without a PID limit a fork bomb or a runaway worker pool in one container can use up "
        "the host's process table and stop every other container and the host itself from "
        "starting processes. `pids_limit: -1` (or 0) removes the limit explicitly."),
    remediation="Set `pids_limit: 200` (or `deploy.resources.limits.pids: 200`), sized to what "
                "the service really runs.",
    references=[_SPEC + "#pids_limit",
                "https://docs.docker.com/reference/compose-file/deploy/#resources",
                "CIS Docker Benchmark 5.29: Ensure that the PIDs cgroup limit is used"],
    aliases={"kics": "Pids Limit Not Set"},
    tags=["security", "reliability", "hardening"],
    enabled_by_default=False,
    failing=[
        Example("compose.yaml", "services:\n  web:\n    image: nginx:1.27\n"),
        Example("compose.yaml", "services:\n  web:\n    image: nginx:1.27\n    pids_limit: -1\n"),
    ],
    passing=[Example("compose.yaml",
                     "services:\n  a:\n    image: nginx:1.27\n    pids_limit: 100\n"
                     "  b:\n    image: nginx:1.27\n    deploy:\n      resources:\n"
                     "        limits: {pids: 100}\n")],
)

HEALTHCHECK = Rule(
    code="SL418",
    name="missing-healthcheck",
    severity=Severity.LOW,
    summary="Service has no healthcheck, or disables it",
    rationale=(
        "Without a healthcheck Compose and Swarm only know whether the process runs, not "
        "whether it serves: `depends_on: service_healthy` cannot be used, a hung service is "
        "never restarted, and rolling updates cannot wait for readiness. The image may define "
        "a HEALTHCHECK of its own, which this rule cannot see."),
    remediation="Add `healthcheck: {test: [\"CMD\", \"curl\", \"-f\", \"http://localhost/health\"], "
                "interval: 30s, timeout: 5s, retries: 3}` (or the image's own check command).",
    references=[_SPEC + "#healthcheck",
                "CIS Docker Benchmark 4.6: Ensure that HEALTHCHECK instructions have been added "
                "to container images"],
    aliases={"kics": "Healthcheck Not Set", "checkov": "CKV_DOCKER_2"},
    tags=["reliability", "hardening"],
    enabled_by_default=False,
    failing=[
        Example("compose.yaml", "services:\n  web:\n    image: nginx:1.27\n"),
        Example("compose.yaml", "services:\n  web:\n    image: nginx:1.27\n"
                                "    healthcheck: {disable: true}\n"),
    ],
    passing=[Example("compose.yaml", "services:\n  web:\n    image: nginx:1.27\n    healthcheck:\n"
                                     "      test: [CMD, curl, -f, 'http://localhost/']\n")],
)

RESTART = Rule(
    code="SL419",
    name="missing-restart-policy",
    severity=Severity.INFO,
    summary="Long-running service has no restart policy",
    rationale=(
        "Without `restart` (or `deploy.restart_policy`) a crashed container stays down until "
        "someone notices, and nothing comes back after a host reboot."),
    remediation="Set `restart: unless-stopped` (or `on-failure:5` to bound crash loops).",
    references=[_SPEC + "#restart",
                "CIS Docker Benchmark 5.15: Ensure that the 'on-failure' container restart "
                "policy is set to '5'"],
    aliases={"kics": "Restart Policy On Failure Not Set To 5"},
    tags=["reliability", "hardening"],
    enabled_by_default=False,
    failing=[Example("compose.yaml", "services:\n  web:\n    image: nginx:1.27\n")],
    passing=[Example("compose.yaml",
                     "services:\n  web:\n    image: nginx:1.27\n    restart: unless-stopped\n"
                     "  migrate:\n    image: app:1\n    command: [migrate]\n    restart: 'no'\n"
                     "  worker:\n    image: app:1\n    deploy:\n"
                     "      restart_policy: {condition: on-failure}\n")],
)

CGROUP_PARENT = Rule(
    code="SL426",
    name="custom-cgroup-parent",
    severity=Severity.INFO,
    summary="Service runs under a custom cgroup parent",
    rationale=(
        "`cgroup_parent` moves the container out of Docker's own cgroup hierarchy, so the "
        "limits and accounting Docker applies (and monitoring expects) may not hold."),
    remediation="Remove `cgroup_parent` unless the host's cgroup layout requires it.",
    references=[_SPEC + "#cgroup_parent",
                "CIS Docker Benchmark 5.24: Ensure that cgroup usage is confirmed"],
    aliases={"kics": "Cgroup Not Default"},
    tags=["security", "hardening"],
    enabled_by_default=False,
    failing=[Example("compose.yaml", "services:\n  web:\n    image: nginx:1.27\n"
                                     "    cgroup_parent: m-executor-abcd\n")],
    passing=[Example("compose.yaml", "services:\n  web:\n    image: nginx:1.27\n")],
)

DEFAULT_NETWORK = Rule(
    code="SL427",
    name="default-network-only",
    severity=Severity.INFO,
    summary="Service joins only the project's default network",
    rationale=(
        "On the default network every service can reach every other one. Separate networks "
        "(e.g. `frontend` and `backend`) keep a compromised web tier away from the database."),
    remediation="Declare networks and attach each service only to those it needs.",
    references=[_SPEC + "#networks", "https://docs.docker.com/reference/compose-file/networks/"],
    aliases={"kics": "Networks Not Set"},
    tags=["security", "network", "hardening"],
    enabled_by_default=False,
    failing=[Example("compose.yaml", "services:\n  web:\n    image: nginx:1.27\n"
                                     "  db:\n    image: postgres:16\n")],
    passing=[Example("compose.yaml",
                     "services:\n  web:\n    image: nginx:1.27\n    networks: [front, back]\n"
                     "  db:\n    image: postgres:16\n    networks: [back]\n"
                     "  tool:\n    image: tool:1\n    network_mode: none\n"
                     "networks:\n  front: {}\n  back: {internal: true}\n")],
)


def _set(node: YMapping, key: str) -> bool:
    v = node.get(key)
    return v is not None and not (isinstance(v, YScalar) and v.value is None) and v.tag != "!reset"


def _extends(s: Service) -> bool:
    return _set(s.node, "extends")


@PIDS.check(Service)
def pids(s: Service) -> Iterator[Hit]:
    limits = s.deploy_limits
    values = [v for v in (s.pids_limit, limits.pids if limits else None) if v is not None]
    for v in values:
        if v.known and v.value is not None and v.value.strip() in ("-1", "0"):
            yield Hit(v, f"service '{s.name}' sets an unlimited PID limit ({v.value.strip()})",
                      fix="set a positive limit, e.g. `pids_limit: 200`")
            return
    if not values and not _extends(s):
        yield Hit(s, f"service '{s.name}' has no PID limit",
                  fix="set `pids_limit: 200` or `deploy.resources.limits.pids`")


@HEALTHCHECK.check(Service)
def healthcheck(s: Service) -> Iterator[Hit]:
    hc = s.healthcheck
    if hc is None:
        if not _extends(s) and not _set(s.node, "build"):  # a Dockerfile may have HEALTHCHECK
            yield Hit(s, f"service '{s.name}' has no healthcheck",
                      fix="add a `healthcheck:` with a `test` command")
        return
    d = hc.get("disable")
    t = hc.get("test")
    disabled = isinstance(d, YScalar) and make_value(d).as_bool() is True
    if isinstance(t, YSequence) and t.items and isinstance(t.items[0], YScalar) \
            and t.items[0].as_str().strip() == "NONE":
        disabled = True
    if disabled:
        yield Hit(d if isinstance(d, YScalar) and disabled else t,
                  f"service '{s.name}' disables its healthcheck")


_ONE_SHOT = ("migrat", "init", "setup", "seed", "job", "test", "cli")


@RESTART.check(Service)
def restart(s: Service) -> Iterator[Hit]:
    if s.restart is not None or _extends(s):
        return
    if s.deploy is not None and _set(s.deploy, "restart_policy"):
        return
    if any(w in s.name.lower() for w in _ONE_SHOT):
        return  # one-shot tasks should not restart
    yield Hit(s, f"service '{s.name}' has no restart policy",
              fix="set `restart: unless-stopped`")


@CGROUP_PARENT.check(Service)
def cgroup_parent(s: Service) -> Iterator[Hit]:
    if s.cgroup_parent is not None:
        yield Hit(s.cgroup_parent, f"service '{s.name}' runs under cgroup parent "
                                   f"'{s.cgroup_parent.expanded}'")


@DEFAULT_NETWORK.check(ComposeFile)
def default_network(cf: ComposeFile) -> Iterator[Hit]:
    if len(cf.services) < 2:
        return  # one service: nothing to separate it from
    for s in cf.services:
        if s.network_mode is not None or _extends(s):
            continue
        nets = s.node.get("networks")
        names = []
        if isinstance(nets, YSequence):
            names = [i.as_str() for i in nets.items if isinstance(i, YScalar)]
        elif isinstance(nets, YMapping):
            names = [str(k) for k in nets.keys()]
        if not names or names == ["default"]:
            yield Hit(s, f"service '{s.name}' is only on the default network, which every "
                         "service of the project shares")
