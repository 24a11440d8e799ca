"""linter.atomic: a file replaced whole or not at all, with sensible permissions."""

from __future__ import annotations

import os
import stat

import pytest

from linter import atomic


def test_a_new_file_gets_the_permissions_open_would_give(tmp_path):
    umask = os.umask(0o022)
    try:
        atomic.write_text(str(tmp_path / "out.txt"), "héllo\r\n")
    finally:
        os.umask(umask)
    out = tmp_path / "out.txt"
    assert out.read_bytes() == "héllo\r\n".encode()
    assert stat.S_IMODE(out.stat().st_mode) == 0o644
    assert os.listdir(tmp_path) == ["out.txt"]  # no temporary file left behind


def test_a_replaced_file_keeps_its_permissions(tmp_path):
    out = tmp_path / "run.sh"
    out.write_text("old")
    out.chmod(0o751)
    atomic.write_bytes(str(out), b"new")
    assert out.read_bytes() == b"new" and stat.S_IMODE(out.stat().st_mode) == 0o751


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    out = tmp_path / "report.json"
    out.write_text("old")

    def refuse(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OSError):
        atomic.write_text(str(out), "new")
    assert out.read_text() == "old" and os.listdir(tmp_path) == ["report.json"]
