"""SL280 label-schema: required labels, types, strict mode, inheritance between stages."""

from __future__ import annotations

import pytest

from helpers import RULES, by_name, lint_text
from linter.engine import Engine



def _engine(schema, strict=False):
    return Engine(RULES, options={"label-schema": {"required-labels": schema,
                                                   "strict-labels": strict}})


def _msgs(text, schema, strict=False):
    return [(f.span.line, f.message) for f in
            by_name(lint_text("Dockerfile", text, _engine(schema, strict)), "label-schema")]


def test_missing_and_empty_labels():
    got = _msgs("FROM alpine:3.20\nLABEL a=\"\"\nUSER 1\n", {"a": "text", "b": "url"})
    assert got == [(1, "the image has no label 'b' (url), which the label schema requires"),
                   (2, "label 'a' is empty")]


@pytest.mark.parametrize("kind,good,bad", [
    ("url", "https://github.com/acme/app", "github.com/acme"),
    ("semver", "1.4.2-rc.1+build.5", "1.4"),
    ("hash", "4f2a9c1", "not-a-hash"),
    ("rfc3339", "2026-11-30T05:00:00Z", "30/11/2026"),
    ("spdx", "Apache-2.0 OR MIT", "Apache 2.0 license!"),
    ("email", "team@example.com", "team at example"),
])
def test_types(kind, good, bad):
    assert _msgs(f"FROM a:1\nLABEL x=\"{good}\"\nUSER 1\n", {"x": kind}) == []
    assert _msgs(f"FROM a:1\nLABEL x=\"{bad}\"\nUSER 1\n", {"x": kind}) == [
        (2, f"label 'x' is not a valid {kind} value")]


def test_labels_of_a_parent_stage_count_and_build_stages_do_not():
    text = ("FROM a:1 AS base\nLABEL x=https://e.example/\nFROM golang:1 AS build\nLABEL y=1\n"
            "FROM base\nUSER 1\n")
    assert _msgs(text, {"x": "url"}) == []
    assert _msgs(text, {"y": "text"}) == [
        (5, "the image has no label 'y' (text), which the label schema requires")]


def test_strict_labels_and_unknown_variables():
    assert _msgs("FROM a:1\nLABEL x=1 extra=2\nUSER 1\n", {"x": "text"}, strict=True) == [
        (2, "label 'extra' is not in the label schema (strict-labels)")]
    assert _msgs("FROM a:1\nARG V\nLABEL x=$V\nUSER 1\n", {"x": "semver"}) == []
