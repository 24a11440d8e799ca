"""SL413 obsolete-version-key: Top-level 'version' is obsolete."""

from __future__ import annotations

from helpers import catches, lines


def test_version_key():
    assert lines(catches("SL413", "compose.yaml",
                         "version: '2.4'\nservices:\n  a:\n    image: a\n")) == [1]
