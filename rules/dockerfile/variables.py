"""Build-variable rules: secret-named ARG/ENV (SL270), undefined ARG in FROM (SL271), ARG
defaults that give an invalid FROM (SL272), ENV using a variable it defines itself (SL273).
"""

from __future__ import annotations

from linter import lazyre

# compiled on first use (start-up, issue #14): only read through its attributes
VAR = lazyre.compile(r"\$(?:\{([A-Za-z_][A-Za-z0-9_]*)|([A-Za-z_][A-Za-z0-9_]*))")


def variable_names(text: str) -> list[str]:
    if "$" not in text:  # VAR needs one: not compiled for a run whose texts hold none
        return []
    return [m.group(1) or m.group(2) for m in VAR.finditer(text)]




_UNSET = "\x00unset\x00"


def build_value(df, ins, name: str) -> tuple[str | None, bool]:
    """The value the Dockerfile's ARG/ENV give ``name`` when ``ins`` runs, as
    ``(value, known)``: ``(text, True)`` when set ('' when set empty), ``(None, True)`` when no
    ARG/ENV in scope sets it, ``(None, False)`` when it depends on the build (an ARG without a
    default, a value made of unknown variables)."""
    probe = "${" + name + "-" + _UNSET + "}"
    value, known = df.expand(probe, ins.stage, ins)
    if value == _UNSET:
        return None, False  # declared by an ARG without a default: `--build-arg` decides
    if known:
        return value, True
    if value == probe:
        return None, True  # nothing in the file sets it (the base image might)
    return None, False
