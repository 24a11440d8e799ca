"""SL230 add-instead-of-copy: ADD used where COPY does the job."""

from __future__ import annotations

from helpers import catches, catches_not


def test_local_archives_need_add():
    for src in ("rootfs.tar", "app.tar.gz", "app.tgz", "app.tar.xz", "app.tar.bz2", "app.tbz2",
                "app.txz", "app.tar.zst", "app.gz", "app.xz"):
        catches_not("SL230", "Dockerfile", f"FROM alpine:3.20\nADD {src} /opt/\n")


def test_files_add_does_not_unpack():
    # zip, compress (.Z) and lzma files are copied as they are
    for src in ("app.zip", "app.tar.Z", "app.tar.lzma", "app.py"):
        catches("SL230", "Dockerfile", f"FROM alpine:3.20\nADD {src} /opt/\n")


def test_an_archive_beside_plain_files_names_only_the_plain_files():
    [f] = catches("SL230", "Dockerfile", "FROM alpine:3.20\nADD vendor.tar.gz app.py /opt/\n")
    assert "ADD app.py" in f.message and "vendor.tar.gz, which it unpacks" in f.message
