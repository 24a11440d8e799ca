"""SL418 missing-healthcheck: Service has no healthcheck, or disables it."""

from __future__ import annotations

from linter.compose import Service, make_value
from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.yaml import YScalar, YSequence

from .hardening import extends, set

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

_SPEC = "https://docs.docker.com/reference/compose-file/services/"


RULE = Rule(
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
    aliases={"kics": "Healthcheck Not Set"},
    related={"checkov": "CKV_DOCKER_2"},  # the Dockerfile HEALTHCHECK instruction
    tags=["reliability", "hardening"],
    opt_in="hardening",
    failing=lambda: [
        Example("compose.yaml", "services:\n  web:\n    image: nginx:1.27\n"),
        Example("compose.yaml", "services:\n  web:\n    image: nginx:1.27\n"
                                "    healthcheck: {disable: true}\n"),
    ],
    passing=lambda: [Example("compose.yaml", "services:\n  web:\n    image: nginx:1.27\n    healthcheck:\n"
                                     "      test: [CMD, curl, -f, 'http://localhost/']\n")],
)


@RULE.check(Service)
def healthcheck(s: Service) -> Iterator[Hit]:
    hc = s.healthcheck
    if hc is None:
        if not extends(s) and not set(s.node, "build"):  # a Dockerfile may have HEALTHCHECK
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
