"""SL271 undefined-arg-in-from: FROM uses a build argument that is not declared before it."""

from __future__ import annotations

from helpers import catches, lines


def test_undefined_arg_in_from():
    text = "ARG TAG\nFROM alpine:${TAG}\nFROM debian:${NOPE}\n"
    assert lines(catches("SL271", "Dockerfile", text)) == [3]
