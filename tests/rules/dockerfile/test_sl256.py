"""SL256 definition-description."""

from __future__ import annotations

from helpers import catches, catches_not


def test_a_comment_right_above_must_start_with_the_name():
    [f] = catches("SL256", "Dockerfile", "FROM alpine:3.20\n# the version\n# to build\nARG VERSION\n")
    assert f.span.line == 2 and "'VERSION'" in f.message
    catches("SL256", "Dockerfile", "# build everything\nFROM alpine:3.20 AS builder\n")


def test_descriptions_and_unrelated_comments():
    for text in ("FROM alpine:3.20\n# VERSION to build\nARG VERSION\n",
                 "# builder compiles the app\nFROM alpine:3.20 AS builder\n",
                 "FROM alpine:3.20\n# a note\n\nARG VERSION\n",
                 "# a note\nFROM alpine:3.20\n"):
        catches_not("SL256", "Dockerfile", text)
