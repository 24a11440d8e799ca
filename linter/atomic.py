"""Writing a file so that a reader never sees half of it: the data goes to a temporary file
in the same directory, which is then renamed over the target (``os.replace`` is atomic on
one file system). Reports (``-o``), baselines, fixed files and cache entries are written
this way."""

from __future__ import annotations

import os
import tempfile


def write_bytes(path: str, data: bytes, *, mode: int | None = None,
                prefix: str = ".shiplint-") -> None:
    """Replace ``path`` with ``data`` atomically; ``mode``: the permissions the file gets
    (default: those of the file it replaces, else what ``open`` would give a new file, 0666
    less the umask, rather than the temporary file's 0600). The temporary file is removed
    when anything fails. Raises ``OSError``."""
    if mode is None:
        try:
            mode = os.stat(path).st_mode & 0o7777
        except OSError:
            umask = os.umask(0o022)
            os.umask(umask)
            mode = 0o666 & ~umask
    fd, tmp = tempfile.mkstemp(prefix=prefix, dir=os.path.dirname(os.path.abspath(path)))
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def write_text(path: str, text: str, **kwargs) -> None:
    """``write_bytes`` of ``text`` in UTF-8, line endings as written."""
    write_bytes(path, text.encode("utf-8", "surrogateescape"), **kwargs)
