"""SL290 shellcheck: ShellCheck finding in a RUN script (opt-in; needs shellcheck)."""

from __future__ import annotations

from helpers import catches


def test_shellcheck_findings_land_on_the_dockerfile_line_and_column():

    import pytest
    from linter.rules.dockerfile.sl290_shellcheck import program

    if program() is None:
        pytest.skip("shellcheck is not installed")
    found = catches("SL290", "Dockerfile",
                    "FROM debian:12\nRUN apt-get update && \\\n\tfor f in $(ls /etc); do echo $f; "
                    "done\nRUN <<EOT\ncd /tmp\nEOT\n")
    where = {(f.message.split(":")[0], f.span.line, f.span.column) for f in found}
    assert ("SC2045", 3, 11) in where and ("SC2086", 3, 31) in where
    assert ("SC2164", 5, 1) in where
