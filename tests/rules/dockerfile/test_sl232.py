"""SL232 repeated-instruction: CMD, ENTRYPOINT or HEALTHCHECK repeated in one stage."""

from __future__ import annotations

from helpers import catches


def test_repeated_cmd_names_both_lines():
    [f] = catches("SL232", "Dockerfile", "FROM alpine:3\nCMD [\"a\"]\nRUN true\nCMD [\"b\"]\n")
    assert f.span.line == 2 and "line 4" in f.message
