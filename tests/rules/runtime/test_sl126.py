"""SL126 writable-root-filesystem: Container root filesystem is writable."""

from __future__ import annotations

from helpers import catches, catches_not, compose_service


def test_read_only_root():
    catches_not("SL126", "compose.yaml", compose_service("read_only: true"))
    [f] = catches("SL126", "compose.yaml", compose_service("read_only: false"))
    assert "read_only: false" in f.message
