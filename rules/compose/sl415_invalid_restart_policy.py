"""SL415 invalid-restart-policy: Unknown restart policy."""

from __future__ import annotations

from linter import lazyre
from linter.compose import Service, make_value
from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.yaml import YScalar

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

_SPEC = "https://docs.docker.com/reference/compose-file/services/"


RULE = Rule(
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
    # KICS asks for exactly 5 retries; this rule reports values Compose refuses
    related={"kics": "Restart Policy On Failure Not Set To 5"},
    tags=["correctness", "reliability"],
    failing=lambda: [
        Example("compose.yaml", "services:\n  web:\n    image: nginx:1.27\n    restart: allways\n"),
        Example("compose.yaml", "services:\n  web:\n    image: nginx:1.27\n    deploy:\n"
                                "      restart_policy: {condition: always}\n"),
    ],
    passing=lambda: [Example("compose.yaml",
                     "services:\n  a:\n    image: nginx:1.27\n    restart: 'no'\n"
                     "  b:\n    image: nginx:1.27\n    restart: on-failure:5\n"
                     "  c:\n    image: nginx:1.27\n    restart: ${RESTART:-unless-stopped}\n"
                     "  d:\n    image: nginx:1.27\n    deploy:\n"
                     "      restart_policy: {condition: on-failure, max_attempts: 3}\n")],
    security=False,
)


_RESTART = lazyre.compile(r"^(?:no|always|unless-stopped|on-failure(?::[0-9]+)?)$")


_CONDITIONS = frozenset({"none", "on-failure", "any"})


@RULE.check(Service)
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
