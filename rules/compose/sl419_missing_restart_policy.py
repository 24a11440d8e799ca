"""SL419 missing-restart-policy: Long-running service has no restart policy."""

from __future__ import annotations

from linter.compose import Service
from linter.engine import Example, Hit, Rule
from linter.findings import Severity

from .hardening import extends, set

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

_SPEC = "https://docs.docker.com/reference/compose-file/services/"


RULE = Rule(
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
    # KICS asks for exactly 5 retries and says nothing of a missing policy
    related={"kics": "Restart Policy On Failure Not Set To 5"},
    tags=["reliability", "hardening"],
    opt_in="hardening",
    failing=lambda: [Example("compose.yaml", "services:\n  web:\n    image: nginx:1.27\n")],
    passing=lambda: [Example("compose.yaml",
                     "services:\n  web:\n    image: nginx:1.27\n    restart: unless-stopped\n"
                     "  migrate:\n    image: app:1\n    command: [migrate]\n    restart: 'no'\n"
                     "  worker:\n    image: app:1\n    deploy:\n"
                     "      restart_policy: {condition: on-failure}\n")],
)


_ONE_SHOT = ("migrat", "init", "setup", "seed", "job", "test", "cli")


@RULE.check(Service)
def restart(s: Service) -> Iterator[Hit]:
    if s.restart is not None or extends(s):
        return
    if s.deploy is not None and set(s.deploy, "restart_policy"):
        return
    if any(w in s.name.lower() for w in _ONE_SHOT):
        return  # one-shot tasks should not restart
    yield Hit(s, f"service '{s.name}' has no restart policy",
              fix="set `restart: unless-stopped`")
