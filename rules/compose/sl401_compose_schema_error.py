"""SL401 compose-schema-error: the file does not follow the Compose Specification."""

from __future__ import annotations

from linter.compose import ComposeFile
from linter.compose.schema import validate
from linter.engine import Example, Hit, Rule
from linter.findings import Severity

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

RULE = Rule(
    code="SL401",
    name="compose-schema-error",
    severity=Severity.HIGH,
    summary="Compose file does not follow the Compose Specification",
    rationale=(
        "`docker compose` validates every file against the Compose Specification and refuses "
        "to start anything when a key is unknown (often a typo such as `depends-on` or "
        "`enviroment`) or a value has the wrong type. A misspelt key that some older tool "
        "ignored silently means a setting you believe is applied is not. Values the "
        "specification's types let through but Compose refuses are reported too: a `ports` "
        "entry with an address in `published` (it belongs in `host_ip`), a host name in "
        "`host_ip`, a port above 65535, a protocol other than tcp, udp or sctp, judged after "
        "interpolation."),
    remediation=(
        "Fix the key or value at the reported line: rename a misspelt key to the one "
        "suggested, move extension data under an `x-` key, and give values the type the "
        "specification names (a list for `ports`, a mapping or `KEY=value` list for "
        "`environment`, ...). `docker compose config -q` shows Compose's own verdict."),
    references=[
        "https://docs.docker.com/reference/compose-file/",
        "https://github.com/compose-spec/compose-spec/blob/main/spec.md",
        "https://docs.docker.com/reference/compose-file/extension/",
    ],
    aliases={"dclint": "invalid-schema"},
    tags=["correctness", "schema"],
    failing=lambda: [
        Example("compose.yaml", "services:\n  web:\n    image: nginx:1.27\n    depends-on: [db]\n"
                                "  db:\n    image: postgres:16\n"),
        Example("compose.yaml", "services:\n  web:\n    image: nginx:1.27\n    healthcheck:\n"
                                "      test: [CMD, curl, -f, localhost]\n      intervall: 10s\n"),
        Example("compose.yaml", "servics:\n  web:\n    image: nginx:1.27\n"),
        Example("compose.yaml", "services:\n  web:\n    image: nginx:1.27\n    ports:\n"
                                "      - {target: 80, published: '127.0.0.1:8080'}\n"
                                "      - 'localhost:8081:80'\n"),
    ],
    passing=lambda: [
        Example("compose.yaml",
                "x-common: &common\n  restart: unless-stopped\nservices:\n  web:\n"
                "    <<: *common\n    image: nginx:1.27\n    x-note: kept by Compose\n"
                "    ports: ['127.0.0.1:8080:80']\n    privileged: ${PRIV:-false}\n"),
    ],
    security=False,
    reports_overridden=True,
)


@RULE.check(ComposeFile)
def compose_file(cf: ComposeFile) -> Iterator[Hit]:
    for e in validate(cf.node):
        if e.span in cf.problem_spans:
            continue  # already a parse-error finding of the same mistake
        yield Hit(e.span, e.message, fix=e.fix)
    # values the schema cannot judge: ports (after interpolation, see linter.compose.portspec)
    seen = set()
    for s in cf.services:
        for node, what in s.port_errors:
            if node.span not in seen:  # a ports list merged from an anchor: one finding
                seen.add(node.span)
                yield Hit(node, f"service '{s.name}' {what}")
