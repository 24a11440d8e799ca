"""SL429 service-healthy-without-healthcheck: depends_on waits for service_healthy, but the service
has no healthcheck.
"""

from __future__ import annotations

from linter.compose import ComposeFile
from linter.compose.project import project_of
from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.yaml import YMapping, YScalar, YSequence

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

_SPEC = "https://docs.docker.com/reference/compose-file/services/"


RULE = Rule(
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
    failing=lambda: [Example("compose.yaml", "services:\n  app:\n    image: app:1\n    depends_on:\n"
                                     "      db: {condition: service_healthy}\n"
                                     "  db:\n    image: postgres:16\n")],
    passing=lambda: [Example("compose.yaml", "services:\n  app:\n    image: app:1\n    depends_on:\n"
                                     "      db: {condition: service_healthy}\n"
                                     "      cache: {condition: service_started}\n"
                                     "  db:\n    image: postgres:16\n    healthcheck:\n"
                                     "      test: [CMD, pg_isready, -U, postgres]\n"
                                     "  cache:\n    image: redis:7.4\n")],
    security=False,
)


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


@RULE.check(ComposeFile)
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
