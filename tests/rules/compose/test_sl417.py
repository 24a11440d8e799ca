"""SL417 missing-pids-limit: Service has no limit on the number of processes."""

from __future__ import annotations

from helpers import catches, lines


def test_pids_limit_zero():
    assert lines(catches("SL417", "compose.yaml",
                         "services:\n  a:\n    image: a\n    deploy: {resources: {limits: {pids: 0}}}\n")) \
        == [4]
