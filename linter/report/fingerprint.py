"""GitHub's ``primaryLocationLineHash``, computed the way ``upload-sarif`` computes it.

GitHub code scanning tells a moved alert from a new one by a hash of the text at its line.
``codeql-action``'s upload step computes it when a SARIF file has none; an upload through the
REST API must bring it itself (``shiplint check -f sarif --sarif-fingerprints``). Its recipe
(../shared/reference/integrations.md section 1.5): a rolling hash, base 37 modulo 2**64,
over a window of the next 100 characters of the file from the start of each line, spaces
and tabs skipped, CR and CRLF read as LF; each line's value is the hash in lower-case hex,
``:`` and the number of times that hash has been seen so far in the file. The characters
are UTF-16 code units, as JavaScript's ``charCodeAt`` gives them, so a character outside the
Basic Multilingual Plane counts as two.
"""

from __future__ import annotations

_BLOCK = 100
_MOD = 37
_MASK = (1 << 64) - 1
_EOF = 65535
_FIRST_MOD = pow(_MOD, _BLOCK, 1 << 64)


def _code_units(text: str) -> list[int]:
    data = text.encode("utf-16-le", "surrogatepass")
    return [data[i] | (data[i + 1] << 8) for i in range(0, len(data), 2)]


def line_hashes(text: str) -> dict[int, str]:
    """``{line number: "hash:n"}`` for every line of ``text`` (1-based, as upload-sarif)."""
    out: dict[int, str] = {}
    window = [0] * _BLOCK
    line_at = [-1] * _BLOCK
    counts: dict[str, int] = {}
    state = {"index": 0, "hash": 0, "line": 1, "start": True, "cr": False}

    def output() -> None:
        value = format(state["hash"] & _MASK, "x")
        counts[value] = counts.get(value, 0) + 1
        out[line_at[state["index"]]] = f"{value}:{counts[value]}"
        line_at[state["index"]] = -1

    def update(current: int) -> None:
        i = state["index"]
        begin = window[i]
        window[i] = current
        state["hash"] = (_MOD * state["hash"] + current - _FIRST_MOD * begin) & _MASK
        state["index"] = (i + 1) % _BLOCK

    def process(current: int) -> None:
        if current in (0x20, 0x09) or (state["cr"] and current == 0x0A):
            state["cr"] = False
            return
        if current == 0x0D:
            current, state["cr"] = 0x0A, True
        else:
            state["cr"] = False
        if line_at[state["index"]] != -1:
            output()
        if state["start"]:
            line_at[state["index"]] = state["line"]
            state["start"] = False
        if current == 0x0A:
            state["line"] += 1
            state["start"] = True
        update(current)

    for unit in _code_units(text):
        process(unit)
    process(_EOF)
    for _ in range(_BLOCK):
        if line_at[state["index"]] != -1:
            output()
        update(0)
    return out
