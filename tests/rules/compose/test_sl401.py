"""SL401 compose-schema-error: Compose file does not follow the Compose Specification."""

from __future__ import annotations

import textwrap

from helpers import lint_text


def test_schema_error_is_not_reported_twice_with_the_tree_problem():
    found = lint_text("compose.yaml", "services:\n  web:\n    image: a:1\n    ports: '80:80'\n")
    assert [f.code for f in found if f.code in ("SL001", "SL401")] == ["SL001"]


def test_schema_findings_never_show_values():
    found = lint_text("compose.yaml", textwrap.dedent("""\
        services:
          web:
            image: a:1
            environment: {API_TOKEN: {nested: s3cr3t-value}}
            healthcheck: {test: [CMD, {x: s3cr3t-value}]}
        """))
    assert not [f for f in found if "s3cr3t" in f.message or "s3cr3t" in (f.fix or "")]
    (f,) = [f for f in found if f.code == "SL401"]
    assert f.message == "service 'web' healthcheck.test[1] must be a string, not a mapping"
