"""Reading one file into text, with the errors a linter must survive.

A ``SourceFile`` holds the decoded text of one file and the path to report it under. Reading
never raises for bad content: binary or non-UTF-8 input becomes a ``Problem`` and no text.
"""

from __future__ import annotations

import os
import stat

from .findings import Problem
from .plain import Plain


#: the file that makes a directory a Helm chart
CHART_FILE = "Chart.yaml"
#: the files that make a directory a Kustomize directory
KUSTOMIZATION_FILES = ("kustomization.yaml", "kustomization.yml", "Kustomization")


# Where a file's chart or kustomization is: here, in a module every run imports and that
# imports neither (a chart's file named on its own, a patch beside a kustomization), so a
# one-file run imports neither linter.helm nor linter.kustomize (start-up, issue #14).

def is_chart(directory: str) -> bool:
    return os.path.isfile(os.path.join(directory, CHART_FILE))


def chart_of(path: str) -> str | None:
    """The chart a file belongs to, when it is one of the files ``helm template`` reads to
    render it (``Chart.yaml``, a values file, anything under ``templates/``): the nearest
    directory above it holding ``Chart.yaml``. ``None`` otherwise. A template named on its
    own (pre-commit names the files that changed) is linted as its chart renders."""
    full = os.path.abspath(path)
    d = os.path.dirname(full)
    for _ in range(8):
        if is_chart(d):
            rel = os.path.relpath(full, d).replace(os.sep, "/")
            name = rel.rsplit("/", 1)[-1].lower()
            if rel.startswith("templates/") or name == "chart.yaml" or (
                    "/" not in rel and name.startswith("values") and
                    name.endswith((".yaml", ".yml"))):
                return d
            return None
        parent = os.path.dirname(d)
        if parent == d:
            return None
        d = parent
    return None


def kustomization_file(directory: str) -> str | None:
    """The kustomization file of ``directory``, or ``None``."""
    for name in KUSTOMIZATION_FILES:
        path = os.path.join(directory, name)
        if os.path.isfile(path):
            return path
    return None


def has_kustomization(directory: str, known: dict[str, bool]) -> bool:
    """Whether ``directory`` holds a kustomization, asked of the disk once per directory
    (``known``: what a run found so far)."""
    found = known.get(directory)
    if found is None:
        found = known[directory] = kustomization_file(directory) is not None
    return found


def realpath(path: str) -> str:
    """``os.path.realpath``, which never raises: a link it may not read (``/proc/1/cwd`` for
    anyone but that process's owner, even root) raises ``PermissionError`` there; the
    absolute path stands for it then, and the file is reported unreadable when it is read.

    A run asks for the real path of every file two or three times, and ``os.path.realpath``
    reads a link status for each part of the path: the real paths of directories are kept
    (until ``forget_real_paths``, which every run calls first), so that a file costs one
    status (is it a link itself?) and its second asking none (a tenth of what a run over the
    corpus does before its first file, issue #14). A path with ``..`` in it, or a link, is
    resolved whole, as before."""
    if ".." in path:
        return _resolve(path)  # abspath would drop a '..' before the link it climbs out of
    try:
        full = os.path.abspath(path)
    except (OSError, ValueError):  # no working directory any more, a NUL in the path
        return _resolve(path)
    found = _REAL.get(full)
    if found is not None:
        return found
    head, name = os.path.split(full)
    if not name or os.path.islink(full):
        return _resolve(path)  # a link (or the root): resolved whole, as asked, not kept
    real_head = _REAL.get(head)
    if real_head is None:
        real_head = _resolve(head)
        if len(_REAL) < _KEPT:
            _REAL[head] = real_head
    found = os.path.join(real_head, name)
    if len(_REAL) < _KEPT:
        _REAL[full] = found
    return found


def _resolve(path: str) -> str:
    try:
        return os.path.realpath(path)
    except (OSError, ValueError):
        return os.path.abspath(path)


_REAL: dict[str, str] = {}  # absolute path -> real path
_KEPT = 100_000  # at most


def forget_real_paths() -> None:
    """Forget the real paths ``realpath`` kept (the start of a run: links may have changed
    since the last, in a long-lived process such as the language server)."""
    _REAL.clear()


#: Files larger than this are not linted (one finding says so). 10 MiB.
MAX_BYTES = 10 * 1024 * 1024

#: what ``str.splitlines`` breaks a line at besides ``\r`` and ``\n`` and the YAML reader
#: refuses; ``OTHER_BREAKS`` adds the ones it also ends a line at. In a Dockerfile each is a
#: character of its line (see ``split_lines``; also ``fix`` and ``lsp``)
NOT_IN_YAML_BREAKS = "\x0b\x0c\x1c\x1d\x1e"
OTHER_BREAKS = NOT_IN_YAML_BREAKS + "\x85\u2028\u2029"


def lone_carriage_return(text: str) -> bool:
    """Whether ``text`` holds a ``\r`` that is not the start of a ``\r\n``: a line break for
    an editor, LSP and YAML, a character of its line for Docker (``split_lines``)."""
    return "\r" in text and text.count("\r") != text.count("\r\n")


def split_lines(text: str, keepends: bool = False, yaml: bool = False) -> list[str]:
    """The lines of ``text`` as shiplint numbers them. A Dockerfile's as BuildKit reads it:
    a line ends at ``\n``, with the ``\r`` before it if any (and a ``\r`` that ends the
    text); anything else is a character of its line: a ``\r`` alone, which an editor shows
    as a line break (``RUN echo hi #\rUSER 1000`` is one instruction, a comment hiding the
    ``USER`` from the build: rule SL257), and a form feed, a vertical tab or a U+2028 in a
    comment or a ``RUN`` string pasted from a web page, where ``str.splitlines`` started a
    new line (a false "unknown instruction" on the rest, and every later line off by one).
    ``yaml``: as the YAML reader numbers them (``str.splitlines``: libyaml and ruamel end a
    line at ``\r\n``, ``\r`` and ``\n``, and also at U+0085, U+2028 and U+2029; the other
    characters it ends one at are not allowed in YAML). ``keepends`` as for
    ``str.splitlines``."""
    # (looked for one by one: compiling a pattern was 0.4 ms of a one-file run, issue #14)
    if yaml or not (lone_carriage_return(text) or any(c in text for c in OTHER_BREAKS)):
        return text.splitlines(keepends)
    pieces = text.split("\n")
    if keepends:
        out = [piece + "\n" for piece in pieces[:-1]]
        if pieces[-1]:
            out.append(pieces[-1])
        return out
    if not pieces[-1]:
        pieces.pop()  # after a final line break: no line (``str.splitlines`` gives none)
    return [piece[:-1] if piece.endswith("\r") else piece for piece in pieces]


class SourceFile(Plain):
    """One input file.

    ``path``: the path to report (as given, forward slashes). ``text``: the decoded text with a
    UTF-8 byte-order mark removed (``had_bom`` remembers it) and CRLF kept as written (parsers
    split lines with ``split_lines``). ``problems``: why it could not be read. ``undecoded``:
    the bytes of a file that is not all UTF-8 (``text`` reads each bad sequence as U+FFFD),
    whose lines ``parse`` reports once it knows how the file's lines are numbered
    (``bad_bytes``). (A dataclass before: ``linter.plain``, start-up.)
    """

    __slots__ = FIELDS = ("path", "text", "had_bom", "problems", "undecoded")

    def __init__(self, path: str, text: str | None, had_bom: bool = False,
                 problems: list[Problem] | None = None, undecoded: bytes | None = None) -> None:
        self._assign(locals())
        if problems is None:
            self.problems = []

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
    except UnicodeDecodeError:
        # one Latin-1 byte in a comment must not hide the rest of the file: the bad bytes
        # read as U+FFFD (one character each, so columns hold), each line that has some
        # gets a finding (``bad_bytes``), and everything is linted
        return SourceFile(path, data.decode("utf-8", errors="replace"), had_bom,
                          undecoded=data)
    return SourceFile(path, text, had_bom)


#: lines with bytes that are not UTF-8 reported one by one, at most this many per file
MAX_BAD_LINES = 10




def bad_bytes(src: SourceFile, yaml: bool) -> list[Problem]:
    """One problem a line of ``src`` with bytes that are not UTF-8 (``src.undecoded``),
    numbered as ``split_lines`` numbers the lines of the file (``yaml``: a YAML file's; a
    Dockerfile's end at ``\n`` only, a YAML file's at ``\r`` and U+2028 too, and a file
    with classic Mac line ends had every bad byte of its lines on line 1). Only the lines
    holding a byte over 0x7f are decoded again, each once: a file of bad bytes is linear
    (decoding the rest of the file after each bad byte took 20 minutes over 5 MB of 0xff)."""
    import re
    from bisect import bisect_right

    from .findings import Span

    data = src.undecoded
    if not data:
        return []
    # where a line ends in its bytes, as ``split_lines`` ends one in its text
    breaks = b"|".join(re.escape(c.encode()) for c in ("\r\n", "\n", "\r", *OTHER_BREAKS)) \
        if yaml else b"\n"
    ends = [m.end() for m in re.finditer(breaks, data)]
    high = re.compile(rb"[\x80-\xff]")
    lines: dict[int, int] = {}  # line -> first bad byte on it
    pos = 0
    while (found := high.search(data, pos)) is not None:
        n = bisect_right(ends, found.start())  # the line's index
        start, stop = ends[n - 1] if n else 0, ends[n] if n < len(ends) else len(data)
        try:
            data[start:stop].decode("utf-8")
        except UnicodeDecodeError as exc:
            lines[n + 1] = data[start + exc.start]
        pos = stop
    out = [Problem("invalid-utf8",
                   f"line {line} has a byte that is not UTF-8 (0x{byte:02x}); it reads as "
                   "U+FFFD and the rest of the file is linted (save the file as UTF-8)",
                   Span.point(line))
           for line, byte in list(lines.items())[:MAX_BAD_LINES]]
    if len(lines) > MAX_BAD_LINES:
        out.append(Problem("invalid-utf8", f"{len(lines) - MAX_BAD_LINES} more lines have "
                           "bytes that are not UTF-8", Span.point(list(lines)[MAX_BAD_LINES])))
    return out


class Unreadable(Exception):
    """A file that is not read: it cannot be opened, is no regular file (a FIFO, a device, a
    directory) or is larger than the bound given. The message says which, in words."""


_KINDS = ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISDIR, "a directory"),
          (stat.S_ISSOCK, "a socket"))


def read_bytes(path: str, limit: int = MAX_BYTES) -> bytes:
    """The bytes of the regular file at ``path``, at most ``limit`` of them. Every file
    shiplint reads comes through here (linted files, configuration, baselines, ``.env``,
    included Compose files, kustomizations, .gitignore): opened without blocking (a FIFO
    would wait for a writer forever), checked to be a regular file on the open descriptor,
    and read no further than the bound (``/dev/zero`` never ends). Raises ``Unreadable``."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise Unreadable(f"cannot read file: {exc.strerror or exc}") from None
    try:
        st = os.fstat(fd)
        mode = st.st_mode
        if not stat.S_ISREG(mode):
            kind = next((name for test, name in _KINDS if test(mode)), "not a regular file")
            raise Unreadable(f"it is {kind}, not a regular file; not read")
        with os.fdopen(fd, "rb", closefd=False) as fh:
            # ask for the size the file has (and one byte more), not for the bound: a read
            # of ``limit + 1`` bytes allocates them first (a 10 MiB mapping, then shrunk,
            # for every file a run reads); a file that grew since is read on to the bound
            want = min(st.st_size, limit) + 1
            data = fh.read(want)
            if len(data) == want and want <= limit:
                data += fh.read(limit + 1 - want)
    except OSError as exc:
        raise Unreadable(f"cannot read file: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
    if len(data) > limit:
        raise Unreadable(f"it is larger than {_size(limit)}; not read")
    return data


def _size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n // (1024 * 1024)} MiB"
    return f"{n // 1024} KiB" if n >= 1024 else f"{n} bytes"


def read_text(path: str, limit: int = MAX_BYTES) -> str:
    """``read_bytes`` decoded as UTF-8 (bad bytes replaced). Raises ``Unreadable``."""
    return read_bytes(path, limit).decode("utf-8", errors="replace")


def read(path: str, report_as: str | None = None) -> SourceFile:
    """Read ``path`` from disk; I/O errors become a Problem, never an exception."""
    shown = display_path(report_as or path)
    try:
        data = read_bytes(path, MAX_BYTES)
    except Unreadable as exc:
        return SourceFile(shown, None, problems=[Problem("unreadable-file", str(exc))])
    return decode(shown, data)


def from_stdin(data: bytes, filename: str | None) -> SourceFile:
    """The ``-`` input: bytes from standard input reported under ``filename`` (default ``-``)."""
    return decode(display_path(filename) if filename else "-", data)
