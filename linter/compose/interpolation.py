"""Compose variable interpolation, without an environment.

Compose replaces ``$VAR`` and ``${VAR...}`` in string values when it loads a file. A linter
does not know the environment the file will be deployed with, so nothing is read from
``os.environ``: a variable *with a literal default* resolves to that default (the value the
file gives when nothing is set), and any other variable is *unknown*.

Forms recognised (``NAME`` is ``[A-Za-z_][A-Za-z0-9_]*``):

========================  ==========================================================
``$$``                    a literal ``$``
``$NAME``, ``${NAME}``    unknown
``${NAME:-default}``      ``default`` (itself interpolated, so defaults may nest)
``${NAME-default}``       ``default``
``${NAME:?message}``      unknown (Compose stops with ``message`` when unset)
``${NAME?message}``       unknown
``${NAME:+alt}``          unknown (``alt`` when set, empty otherwise)
``${NAME+alt}``           unknown
========================  ==========================================================

A ``$`` that starts none of these (``$1``, ``$ ``, a trailing ``$``) stays as written, as
Compose leaves it. A malformed ``${...}`` (bad name or operator, no closing brace) is unknown:
Compose refuses such a file.
"""

from __future__ import annotations

from .. import lazyre

_NAME = lazyre.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_MAX_DEPTH = 16  # nesting of defaults inside defaults

__all__ = ["interpolate", "expand", "has_variables"]


def interpolate(text: str) -> tuple[str | None, bool]:
    """Return ``(value, True)`` when every variable in ``text`` resolves (``$$`` unescaped,
    defaults substituted), else ``(None, False)``."""
    if "$" not in text:
        return text, True
    out, known = _expand(text, 0)
    return (out, True) if known else (None, False)


def expand(text: str) -> str:
    """``text`` with what can be resolved resolved (``$$`` and defaults); every unknown
    reference is written back as ``${NAME}`` (or ``$NAME`` when written without braces), so
    ``${REGISTRY:?set it}/app:${TAG:-1.0}`` gives ``${REGISTRY}/app:1.0``. Never raises."""
    if "$" not in text:
        return text
    return _expand(text, 0)[0]


def has_variables(text: str) -> bool:
    """True when ``text`` holds at least one variable reference (``$$`` does not count)."""
    i = text.find("$")
    n = len(text)
    while i != -1 and i + 1 < n:
        c = text[i + 1]
        if c == "$":
            i = text.find("$", i + 2)
            continue
        if c == "{" or c == "_" or ("a" <= c <= "z") or ("A" <= c <= "Z"):
            return True
        i = text.find("$", i + 1)
    return False


def _expand(text: str, depth: int) -> tuple[str, bool]:
    out: list[str] = []
    known = True
    i, n = 0, len(text)
    while i < n:
        j = text.find("$", i)
        if j == -1:
            out.append(text[i:])
            break
        out.append(text[i:j])
        if j + 1 >= n:  # trailing "$"
            out.append("$")
            break
        c = text[j + 1]
        if c == "$":
            out.append("$")
            i = j + 2
            continue
        if c == "{":
            end = _closing_brace(text, j + 2)
            if end == -1:  # unterminated: Compose rejects it
                out.append(text[j:])
                return "".join(out), False
            piece, ok = _braced(text[j + 2:end], depth)
            out.append(piece)
            known = known and ok
            i = end + 1
            continue
        m = _NAME.match(text, j + 1)
        if m:
            out.append(text[j:m.end()])
            known = False
            i = m.end()
            continue
        out.append("$")  # "$1", "$-", ...: not a variable, kept as written
        i = j + 1
    return "".join(out), known


def _closing_brace(text: str, start: int) -> int:
    """Index of the ``}`` closing a ``${`` whose body starts at ``start``; -1 if none."""
    level = 1
    i, n = start, len(text)
    while i < n:
        c = text[i]
        if c == "$" and i + 1 < n:
            nxt = text[i + 1]
            if nxt == "{":
                level += 1
                i += 2
                continue
            if nxt == "$":
                i += 2
                continue
        elif c == "}":
            level -= 1
            if level == 0:
                return i
        i += 1
    return -1


def _braced(inner: str, depth: int) -> tuple[str, bool]:
    m = _NAME.match(inner)
    if not m:
        return "${" + inner + "}", False
    name = inner[:m.end()]
    rest = inner[m.end():]
    if not rest:
        return "${" + name + "}", False
    op = rest[:2] if rest[:2] in (":-", ":?", ":+") else rest[:1]
    if op not in ("-", "?", "+", ":-", ":?", ":+"):
        return "${" + inner + "}", False
    if op in ("-", ":-"):
        if depth >= _MAX_DEPTH:
            return "${" + name + "}", False
        return _expand(rest[len(op):], depth + 1)
    return "${" + name + "}", False


def syntax_errors(text: str) -> list[tuple[int, int, str]]:
    """Interpolation mistakes Compose refuses the file for ("invalid interpolation format"):
    ``(start, end, reason)`` offsets into ``text``. ``$`` followed by anything but ``$``, a
    name or ``{`` is literal and fine (``$1``, ``$ ``); a ``${`` must close and hold a valid
    name, optionally followed by one of the operators of the module docstring."""
    out: list[tuple[int, int, str]] = []
    _check(text, 0, out, 0)
    return out


def _check(text: str, base: int, out: list, depth: int) -> None:
    i, n = 0, len(text)
    while True:
        j = text.find("$", i)
        if j == -1 or j + 1 >= n:
            return
        c = text[j + 1]
        if c == "$":
            i = j + 2
            continue
        if c != "{":
            i = j + 1
            continue
        end = _closing_brace(text, j + 2)
        if end == -1:
            out.append((base + j, base + n, "'${' is never closed"))
            return
        inner = text[j + 2:end]
        m = _NAME.match(inner)
        if not m:
            # the text itself is never quoted: it may be part of a secret written with a '$'
            out.append((base + j, base + end + 1, "'${' is not followed by a variable name"))
        else:
            rest = inner[m.end():]
            op = rest[:2] if rest[:2] in (":-", ":?", ":+") else rest[:1]
            if rest and op not in ("-", "?", "+", ":-", ":?", ":+"):
                out.append((base + j, base + end + 1,
                            "a variable name is followed by something other than an operator "
                            "(:-, -, :?, ?, :+, +) or '}'"))
            elif rest and depth < _MAX_DEPTH:
                start = j + 2 + m.end() + len(op)
                _check(text[start:end], base + start, out, depth + 1)
        i = end + 1
