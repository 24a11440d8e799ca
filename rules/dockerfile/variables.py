"""Build-variable rules: secret-named ARG/ENV (SL270), undefined ARG in FROM (SL271), ARG
defaults that give an invalid FROM (SL272), ENV using a variable it defines itself (SL273).
"""

from __future__ import annotations

import re

VAR = re.compile(r"\$(?:\{([A-Za-z_][A-Za-z0-9_]*)|([A-Za-z_][A-Za-z0-9_]*))")


def variable_names(text: str) -> list[str]:
    return [m.group(1) or m.group(2) for m in VAR.finditer(text)]


