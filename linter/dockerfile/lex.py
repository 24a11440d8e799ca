"""Word-level lexing of Dockerfile arguments: word splitting, flags, quote removal, ``$VAR``.

Why this module exists: dockerfile-parse does none of this correctly for a linter.

* It substitutes variables itself, but mangles the modifier forms (``${TAG:-3.19}`` becomes
  ``3.19:-3.19}``, an unset ``${V:-x}`` becomes ``:-x}``), and it cannot say "this part is
  unknown" (an ``ARG`` without a default, a variable from the base image's ``ENV``). A linter
  must not judge ``FROM python:${TAG}`` as unpinned, so expansion here reports whether the
  result is fully known and leaves unresolved references in the text verbatim.
* It leaves ``--flags`` inside the instruction value.
* It treats ``ARG A B`` as the legacy ``key value`` form (one argument ``A``).

The behaviour follows BuildKit's Dockerfile front end (its line parser, flag extraction and shell
word lexer), learnt from reading it and written anew here; it is not a port.
"""

from __future__ import annotations

from collections import namedtuple

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)

__all__ = [
    "Var", "UNSET", "UNKNOWN", "Lookup", "expand", "split_words", "extract_flags",
    "json_decode", "json_string",
]


#: A variable that has a value. ``known`` is False when the value itself still holds an
#: unresolved reference (e.g. ``ENV PATH=/x:$PATH`` with an unknown base-image ``PATH``).
#: collections' named tuple, not typing's: see ``Found`` in rules/secrets/scan.py.
Var = namedtuple("Var", "value known", defaults=(True,))


class _Marker:
    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


#: The variable is definitely not set (a declared ``ARG`` without default, as in a build
#: without ``--build-arg``; or an undeclared name where nothing else can supply one).
UNSET = _Marker("UNSET")
#: The value cannot be known statically (base-image ``ENV``, BuildKit's ``TARGETARCH`` ...).
UNKNOWN = _Marker("UNKNOWN")

if TYPE_CHECKING:
    from typing import Callable
    Lookup = Callable[[str], "Var | _Marker"]
else:  # at run time a bare name: the string would be compiled (see ``Var``), and typing is
    from collections.abc import Callable as Lookup  # not imported (issue #14)

_NAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")
# Longest operators first so that ":-" wins over "-" and "##" over "#".
_OPERATORS = (":-", ":+", ":?", "##", "%%", "//", "-", "+", "?", "#", "%", "/")
#: Nesting bound for ``${A:-${B:-...}}``; deeper input is left unexpanded (and unknown) rather
#: than risking Python's recursion limit on hostile input.
MAX_DEPTH = 16
#: an expansion longer than this (characters) is not computed; the value counts as unknown
MAX_EXPANDED = 64 * 1024


def _match_brace(text: str, i: int, escape: str) -> int:
    """Index of the ``}`` closing a ``${`` whose body starts at ``i``; -1 when there is none."""
    depth = 1
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == escape:
            i += 2
            continue
        if ch == "$" and i + 1 < n and text[i + 1] == "{":
            depth += 1
            i += 2
            continue
        if ch == "}":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return -1


def expand(text: str, escape: str, lookup: Lookup, *, remove_quotes: bool = False,
           _depth: int = 0) -> tuple[str, bool]:
    """Expand ``$V`` / ``${V}`` / ``${V<op>word}`` in ``text``; return ``(result, fully_known)``.

    ``remove_quotes``: also remove shell quotes and escapes, as BuildKit does when it takes
    the value of ``ENV``/``ARG``/``LABEL``; without it quotes and other escapes stay as written
    and only an escaped ``$`` becomes a literal ``$``. Single-quoted text is never expanded.

    A reference that cannot be resolved stays in the result verbatim (``${TAG}``) and makes
    ``fully_known`` False. Modifiers: ``:-`` ``-`` ``:+`` ``+`` ``:?`` ``?`` as in POSIX sh
    (the colon forms treat an empty value like an unset one); ``# ## % %% / //`` are not
    evaluated (left verbatim, unknown). Never raises.
    """
    out: list[str] = []
    known = True
    n = len(text)
    i = 0
    in_dq = False
    while i < n:
        ch = text[i]
        if ch == escape:
            if i + 1 >= n:
                out.append(ch)
                i += 1
                continue
            nxt = text[i + 1]
            if in_dq and nxt not in ("$", '"', escape):
                # Inside double quotes the escape only escapes $, " and itself.
                out.append(ch)
                i += 1
                continue
            if remove_quotes or nxt == "$":
                out.append(nxt)
            else:
                out.append(ch + nxt)
            i += 2
            continue
        if ch == "'" and not in_dq:
            end = text.find("'", i + 1)
            if end < 0:  # unterminated: the rest is literal
                out.append(text[i + 1:] if remove_quotes else text[i:])
                i = n
                continue
            out.append(text[i + 1:end] if remove_quotes else text[i:end + 1])
            i = end + 1
            continue
        if ch == '"':
            in_dq = not in_dq
            if not remove_quotes:
                out.append(ch)
            i += 1
            continue
        if ch != "$" or i + 1 >= n:
            out.append(ch)
            i += 1
            continue
        nxt = text[i + 1]
        if nxt == "{":
            close = _match_brace(text, i + 2, escape)
            if close < 0:
                # BuildKit rejects a missing "}"; we keep the text and call it unknown.
                out.append(text[i:])
                return "".join(out), False
            value, ok = _braced(text[i + 2:close], escape, lookup, remove_quotes, _depth)
            out.append(text[i:close + 1] if value is None else value)
            known = known and ok
            i = close + 1
            continue
        if nxt in _NAME_CHARS:
            j = i + 1
            while j < n and text[j] in _NAME_CHARS:
                j += 1
            var = lookup(text[i + 1:j])
            if isinstance(var, Var):
                out.append(var.value)
                known = known and var.known
            else:
                out.append(text[i:j])
                known = False
            i = j
            continue
        out.append(ch)  # a lone "$" is literal
        i += 1
    result = "".join(out)
    if len(result) > MAX_EXPANDED:
        # ARG A1=$A0$A0... ten times a level grows tenfold per line: give up, as unknown
        return text, False
    return result, known


def _braced(inner: str, escape: str, lookup: Lookup, remove_quotes: bool,
            depth: int) -> tuple[str | None, bool]:
    """Evaluate the inside of ``${...}``. ``(None, False)`` means: keep the reference verbatim."""
    j = 0
    while j < len(inner) and inner[j] in _NAME_CHARS:
        j += 1
    name, rest = inner[:j], inner[j:]
    if not name or depth >= MAX_DEPTH:
        return None, False
    var = lookup(name)
    if not rest:
        if isinstance(var, Var):
            return var.value, var.known
        return None, False
    op = next((o for o in _OPERATORS if rest.startswith(o)), None)
    if op is None or op[0] in "#%/" or var is UNKNOWN:
        return None, False
    word = rest[len(op):]
    is_set = isinstance(var, Var)
    if op[0] == ":":
        # The colon forms treat set-but-empty like unset.
        is_set = is_set and var.value != ""  # type: ignore[union-attr]
        op = op[1]
    if op == "-":
        if is_set:
            return var.value, var.known  # type: ignore[union-attr]
        return expand(word, escape, lookup, remove_quotes=remove_quotes, _depth=depth + 1)
    if op == "+":
        if is_set:
            return expand(word, escape, lookup, remove_quotes=remove_quotes, _depth=depth + 1)
        return "", True
    # op == "?": an error at build time when unset; we can only say "unknown".
    if is_set:
        return var.value, var.known  # type: ignore[union-attr]
    return None, False


def split_words(text: str, escape: str, start: int = 0, end: int | None = None
                ) -> list[tuple[int, int]]:
    """Split ``text[start:end]`` at whitespace outside quotes; return ``(start, end)`` offsets.

    Quotes and escapes stay in the words (as BuildKit's word splitting for ENV/ARG/LABEL and
    for heredoc detection keeps them raw). The escape character protects the next character;
    inside single quotes it has no effect.
    """
    if end is None:
        end = len(text)
    words: list[tuple[int, int]] = []
    i = start
    word_start = -1
    quote = ""
    while i < end:
        ch = text[i]
        if quote:
            if ch == quote:
                quote = ""
            elif ch == escape and quote != "'":
                i += 1
            i += 1
            continue
        if ch.isspace():
            if word_start >= 0:
                words.append((word_start, i))
                word_start = -1
            i += 1
            continue
        if word_start < 0:
            word_start = i
        if ch in ("'", '"'):
            quote = ch
        elif ch == escape:
            i += 1
        i += 1
    if word_start >= 0:
        words.append((word_start, min(i, end)))
    return words


def extract_flags(text: str, start: int, end: int
                  ) -> tuple[list[tuple[str, str | None, int, int]], int]:
    """Read leading ``--name[=value]`` words from ``text[start:end]``.

    Returns ``([(name, value, word_start, word_end), ...], args_start)``. Flags are only
    recognised at the start of the arguments; the first word not starting with ``--`` ends
    them, and a bare ``--`` ends them and is dropped. Quotes inside a flag word are removed and
    a backslash escapes the next character (BuildKit always uses ``\\`` here, whatever the
    escape directive says). ``value`` is None for a bare ``--name``.
    """
    flags: list[tuple[str, str | None, int, int]] = []
    i = start
    while True:
        while i < end and text[i].isspace():
            i += 1
        if i >= end or not text.startswith("--", i) or i + 2 > end:
            return flags, i
        word_start = i
        buf: list[str] = []
        quote = ""
        while i < end:
            ch = text[i]
            if not quote and ch.isspace():
                break
            if quote and ch == quote:
                quote = ""
            elif not quote and ch in ("'", '"'):
                quote = ch
            elif ch == "\\":
                if i + 1 < end:
                    i += 1
                    buf.append(text[i])
            else:
                buf.append(ch)
            i += 1
        word = "".join(buf)
        if word == "--":
            while i < end and text[i].isspace():
                i += 1
            return flags, i
        name, eq, value = word[2:].partition("=")
        flags.append((name, value if eq else None, word_start, i))


# --------------------------------------------------------------------------------------------
# JSON (exec forms): the json package, imported when a file has an exec form to read or write
# (the C accelerator ``_json`` alone would save 1.8 ms of a one-file run's start-up, but
# calling it as json does means copying json's private wiring: not ours to keep in step)


def json_decode(text: str, at: int = 0) -> tuple[object, int]:
    """``json.JSONDecoder().raw_decode(text, at)``: the JSON value at ``at`` and where it ends;
    ``ValueError`` (a ``json.JSONDecodeError``) when there is none, ``RecursionError`` when
    it nests too deep."""
    import json

    return json.JSONDecoder().raw_decode(text, at)


def json_string(text: str, ensure_ascii: bool = True) -> str:
    """``json.dumps(text, ensure_ascii=ensure_ascii)`` of a string."""
    import json

    return json.dumps(text, ensure_ascii=ensure_ascii)
