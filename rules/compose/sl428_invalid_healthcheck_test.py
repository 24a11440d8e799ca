"""SL428 invalid-healthcheck-test: healthcheck test list does not start with CMD, CMD-SHELL or
NONE.
"""

from __future__ import annotations

from linter.compose import Service, make_value
from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.yaml import YScalar, YSequence

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

_SPEC = "https://docs.docker.com/reference/compose-file/services/"


RULE = Rule(
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
    # KICS reports a missing or disabled healthcheck (SL418); this rule a malformed test
    related={"kics": "Healthcheck Not Set"},
    tags=["correctness", "reliability"],
    failing=lambda: [Example("compose.yaml", "services:\n  web:\n    image: nginx:1.27\n    healthcheck:\n"
                                     "      test: [curl, -f, 'http://localhost']\n")],
    passing=lambda: [Example("compose.yaml",
                     "services:\n  a:\n    image: nginx:1.27\n    healthcheck:\n"
                     "      test: [CMD, curl, -f, 'http://localhost']\n"
                     "  b:\n    image: nginx:1.27\n    healthcheck:\n"
                     "      test: curl -f http://localhost || exit 1\n"
                     "  c:\n    image: nginx:1.27\n    healthcheck: {test: [NONE]}\n")],
    security=False,
)


@RULE.check(Service)
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
