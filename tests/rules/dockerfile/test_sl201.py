"""SL201 unpinned-os-package: OS package installed without a version pin."""

from __future__ import annotations

from helpers import catches


def test_finding_points_at_the_package_on_its_continuation_line():
    [f] = catches("SL201", "Dockerfile",
                  "FROM debian:12\nRUN apt-get update \\\n && apt-get install -y \\\n"
                  "      curl=7 \\\n      git \\\n && rm -rf /var/lib/apt/lists/*\n")
    assert (f.span.line, f.span.column, f.span.end_column) == (5, 7, 10)
    assert "'git'" in f.message
