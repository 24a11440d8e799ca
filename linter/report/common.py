"""Helpers shared by the machine formats: paths for CI systems, XML-safe text, fingerprints.

Nothing here prints: each format module decides its own layout. Secrets never reach these
helpers as values (findings name keys and detectors only); fingerprints are hashes of a
finding's rule, path and message, never of file content.
"""

from __future__ import annotations

import os
import posixpath
import re

from .. import lazyre
from ..findings import Finding, Severity
from ..source import realpath as _realpath

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterable

DRIVE = lazyre.compile(r"^[A-Za-z]:/")
# keeps lengths; written out, not from ``string`` (whose import compiles Template's pattern:
# start-up, issue #14)
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def is_absolute(p: str) -> bool:
    return p.startswith("/") or bool(DRIVE.match(p))


def absolute(p: str) -> str:
    if not is_absolute(p):
        p = posixpath.join(os.getcwd().replace("\\", "/"), p)
    return posixpath.normpath(p)


def relative_to(path: str, root: str) -> str | None:
    """``path`` relative to ``root`` (both absolute, forward slashes), or None if outside."""
    fold = os.name == "nt" or bool(DRIVE.match(root))  # case-insensitive file systems
    p, r = (path.translate(_ASCII_LOWER), root.translate(_ASCII_LOWER)) if fold else (path, root)
    prefix = r if r.endswith("/") else r + "/"
    if not p.startswith(prefix) or len(p) == len(prefix):
        return None
    return path[len(prefix):]


def repo_path(path: str, root: str | None) -> str:
    """``path`` as a CI system wants it: relative to ``root`` (the repository root) when it is
    under it, whatever directory shiplint ran in: a relative path is taken from the working
    directory, and symbolic links on the way are resolved when that is what puts it under
    the root. Otherwise (no root, outside it, ``-``) as given. On Windows backslashes
    become slashes (elsewhere a backslash is a character of the file name)."""
    p = path.replace("\\", "/") if os.name == "nt" else path
    rel = repo_relative(p, root)
    return rel if rel is not None else p


def repo_relative(path: str, root: str | None) -> str | None:
    """``path`` relative to ``root`` (see ``repo_path``), or ``None`` when it is not under it."""
    p = path.replace("\\", "/") if os.name == "nt" else path
    if root is None or p in ("", "-"):
        return None
    top = absolute(root.replace("\\", "/"))
    rel = relative_to(absolute(p), top)
    if rel is None and os.path.isabs(absolute(p)):  # a path of this system, through a
        # symbolic link: compare where both really are
        real = _realpath(absolute(p)).replace("\\", "/")
        rel = relative_to(real, _realpath(top).replace("\\", "/"))
    return rel


# Characters XML 1.0 forbids (C0 controls but tab/LF/CR, lone surrogates from undecodable
# file names, U+FFFE/U+FFFF) plus C1 controls, DEL and bidirectional overrides, which are
# allowed but would mislead a person reading a CI page.
_XML_UNSAFE = lazyre.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]")


def _escape_char(m: re.Match[str]) -> str:
    code = ord(m.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def xml_text(text: str) -> str:
    """``text`` with every character an XML 1.0 document cannot hold written as ``\\xNN`` /
    ``\\uNNNN``. Markup characters (``<``, ``&``, quotes) are left to ElementTree."""
    return _XML_UNSAFE.sub(_escape_char, text)


_LINE_REF = lazyre.compile(r"\b(lines?|columns?|line:col)\s+\d+(?:[:.-]\d+)*", re.IGNORECASE)


def content_key(f: Finding, path: str | None = None) -> str:
    """What identifies a finding independently of where its file's lines moved: rule code,
    path and the message with whitespace collapsed and line/column numbers (``on line 12``)
    blanked out."""
    message = _LINE_REF.sub(lambda m: m.group(1) + " N", " ".join(f.message.split()))
    return "\x1f".join((f.code, path if path is not None else f.path, message))


def fingerprints(findings: Iterable[Finding], *, root: str | None = None) -> list[str]:
    """A fingerprint per finding (same order): SHA-256 hex of its content key plus an
    occurrence counter, so identical findings in one file still differ (the first one found
    is ``#0``). Unique within one report, and unchanged when unrelated lines are inserted or
    removed (only the order of identical findings matters, and that order survives shifts)."""
    import hashlib  # a text report needs none (start-up, issue #14)

    seen: dict[str, int] = {}
    out = []
    for f in findings:
        key = content_key(f, repo_path(f.path, root))
        n = seen.get(key, 0)
        seen[key] = n + 1
        out.append(hashlib.sha256(f"{key}\x1e{n}".encode("utf-8", "surrogatepass")).hexdigest())
    return out


def summary(findings: Iterable[Finding], files_checked: int) -> str:
    """One line for stderr: ``Found 3 findings (1 high, 2 medium) in 2 of 9 files.``"""
    findings = list(findings)
    files = "file" if files_checked == 1 else "files"
    if not findings:
        return f"No findings in {files_checked} {files}."
    counts: dict[Severity, int] = {}
    for f in findings:
        counts[f.severity] = counts.get(f.severity, 0) + 1
    parts = ", ".join(f"{counts[s]} {s}" for s in sorted(counts, reverse=True))
    noun = "finding" if len(findings) == 1 else "findings"
    with_findings = len({f.path for f in findings})
    return f"Found {len(findings)} {noun} ({parts}) in {with_findings} of {files_checked} {files}."
