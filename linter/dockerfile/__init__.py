"""Dockerfile support: ``parse`` a ``SourceFile`` into a syntax tree (``Dockerfile``).

The parser wraps dockerfile-parse and fixes what it gets wrong (see ``parser``'s docstring);
the tree and variable expansion are in ``tree``; word lexing is in ``lex``.
"""

from .parser import KEYWORDS, looks_like_dockerfile, parse, parse_text
from .tree import (
    AUTOMATIC_ARGS, BuildArg, Comment, Directive, Dockerfile, Flag, Heredoc, Instruction,
    KeyValue, Stage,
)

__all__ = [
    "parse", "parse_text", "looks_like_dockerfile", "KEYWORDS", "AUTOMATIC_ARGS",
    "Directive", "Comment", "Flag", "Heredoc", "KeyValue", "Instruction", "BuildArg", "Stage",
    "Dockerfile",
]
