"""Reading one file into text, with the errors a linter must survive.

A ``SourceFile`` holds the decoded text of one file and the path to report it under. Reading
never raises for bad content: binary or non-UTF-8 input becomes a ``Problem`` and no text.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from .findings import Problem

#: Files larger than this are not linted (one finding says so). 10 MiB.
MAX_BYTES = 10 * 1024 * 1024


@dataclass(slots=True)
class SourceFile:
    """One input file.

    ``path``: the path to report (as given, forward slashes). ``text``: the decoded text with a
    UTF-8 byte-order mark removed (``had_bom`` remembers it) and CRLF kept as written (parsers
    split lines with ``str.splitlines``-compatible rules). ``problems``: why it could not be read.
    """

    path: str
    text: str | None
    had_bom: bool = False
    problems: list[Problem] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.path.rsplit("/", 1)[-1]


def version(path: str) -> tuple[str, int, int] | None:
    """A cache key for the file at ``path``: its absolute path, modification time (ns) and
    size, so an edited file is read again; ``None`` when there is none (or it is no file
    that can be stat'ed)."""
    if not path:
        return None
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return os.path.abspath(path), st.st_mtime_ns, st.st_size


def display_path(path: str) -> str:
    """The path as reported: relative paths stay relative, separators become ``/``."""
    p = os.path.normpath(path) if path not in ("", "-") else path
    return p.replace(os.sep, "/")


def decode(path: str, data: bytes) -> SourceFile:
    """Decode ``data`` (the bytes of ``path``) as UTF-8; binary or other encodings give a Problem."""
    if len(data) > MAX_BYTES:
        return SourceFile(path, None, problems=[Problem(
            "unreadable-file", f"file is larger than {MAX_BYTES // (1024 * 1024)} MiB; not linted")])
    if b"\x00" in data[:8192]:
        if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
            why = "file is UTF-32 encoded; shiplint reads UTF-8 only"
        elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
            why = "file is UTF-16 encoded; shiplint reads UTF-8 only"
        else:
            why = "file looks binary (it contains NUL bytes); not linted"
        return SourceFile(path, None, problems=[Problem("unreadable-file", why)])
    had_bom = data.startswith(b"\xef\xbb\xbf")
    if had_bom:
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        from .findings import Span
        return SourceFile(path, None, had_bom, [Problem(
            "unreadable-file",
            f"file is not valid UTF-8 (byte 0x{data[exc.start]:02x} on line {line}); not linted",
            Span.point(line))])
    return SourceFile(path, text, had_bom)


def read(path: str, report_as: str | None = None) -> SourceFile:
    """Read ``path`` from disk; I/O errors become a Problem, never an exception."""
    shown = display_path(report_as or path)
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except OSError as exc:
        return SourceFile(shown, None, problems=[Problem(
            "unreadable-file", f"cannot read file: {exc.strerror or exc}")])
    return decode(shown, data)


def from_stdin(data: bytes, filename: str | None) -> SourceFile:
    """The ``-`` input: bytes from standard input reported under ``filename`` (default ``-``)."""
    return decode(display_path(filename) if filename else "-", data)
