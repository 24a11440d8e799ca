"""SL417 missing-pids-limit: Service has no limit on the number of processes."""

from __future__ import annotations

from linter.compose import Service
from linter.engine import Example, Hit, Rule
from linter.findings import Severity

from .hardening import extends

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

_SPEC = "https://docs.docker.com/reference/compose-file/services/"


RULE = Rule(
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
    opt_in="hardening",
    failing=lambda: [
        Example("compose.yaml", "services:\n  web:\n    image: nginx:1.27\n"),
        Example("compose.yaml", "services:\n  web:\n    image: nginx:1.27\n    pids_limit: -1\n"),
    ],
    passing=lambda: [Example("compose.yaml",
                     "services:\n  a:\n    image: nginx:1.27\n    pids_limit: 100\n"
                     "  b:\n    image: nginx:1.27\n    deploy:\n      resources:\n"
                     "        limits: {pids: 100}\n")],
)


@RULE.check(Service)
def pids(s: Service) -> Iterator[Hit]:
    limits = s.deploy_limits
    values = [v for v in (s.pids_limit, limits.pids if limits else None) if v is not None]
    for v in values:
        if v.known and v.value is not None and v.value.strip() in ("-1", "0"):
            yield Hit(v, f"service '{s.name}' sets an unlimited PID limit ({v.value.strip()})",
                      fix="set a positive limit, e.g. `pids_limit: 200`")
            return
    if not values and not extends(s):
        yield Hit(s, f"service '{s.name}' has no PID limit",
                  fix="set `pids_limit: 200` or `deploy.resources.limits.pids`")
