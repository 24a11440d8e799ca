"""SL414 invalid-duration: Duration Compose cannot parse."""

from __future__ import annotations

from linter import lazyre
from linter.compose import Service, make_value
from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.yaml import YMapping, YScalar

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

_SPEC = "https://docs.docker.com/reference/compose-file/services/"


RULE = Rule(
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
    failing=lambda: [Example("compose.yaml", "services:\n  web:\n    image: nginx:1.27\n    healthcheck:\n"
                                     "      test: [CMD, curl, -f, 'http://localhost']\n"
                                     "      interval: 10 seconds\n")],
    passing=lambda: [Example("compose.yaml", "services:\n  web:\n    image: nginx:1.27\n    healthcheck:\n"
                                     "      test: [CMD, curl, -f, 'http://localhost']\n"
                                     "      interval: 1m30s\n      timeout: ${HC_TIMEOUT:-5s}\n"
                                     "    stop_grace_period: 500ms\n")],
    security=False,
)


_DURATION = lazyre.compile(r"^[+-]?(?:(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:ns|us|µs|μs|ms|s|m|h))+$")


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


@RULE.check(Service)
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
