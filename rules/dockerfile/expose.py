"""EXPOSE rules: invalid ports and formats (SL260), SSH port exposed (SL261).
"""

from __future__ import annotations


from linter import lazyre
from linter.dockerfile import Dockerfile, lex

PORT = lazyre.compile(r"^(\d+)(?:-(\d+))?(?:/([A-Za-z]+))?$")


def ports(df: Dockerfile):
    """``(instruction, word_text, expanded, span)`` for every EXPOSE word whose value is
    known after expanding build variables."""
    for ins in df.instructions:
        if ins.keyword != "EXPOSE":
            continue
        for s, e in lex.split_words(ins.args, df.escape, 0, len(ins.args)):
            text = ins.args[s:e]
            value, known = df.expand(text, ins.stage, ins)
            if not known:
                continue
            for part in value.strip("'\"").split():
                yield ins, text, part, ins.span_of(s, e)


