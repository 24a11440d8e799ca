"""SL272 invalid-default-arg-in-from: Default values of build arguments give an invalid FROM."""

from __future__ import annotations

from helpers import catches, lines


def test_invalid_default_arg_in_from():
    text = "ARG TAG\nFROM alpine:${TAG}\nFROM debian:${NOPE}\n"
    assert lines(catches("SL272", "Dockerfile", text)) == [2]
