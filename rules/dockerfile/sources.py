"""Rules on single instructions: ADD vs COPY (SL230), ADD of a URL without --checksum
(SL231), repeated CMD/ENTRYPOINT/HEALTHCHECK (SL232), shell-form CMD/ENTRYPOINT (SL233),
MAINTAINER (SL234), relative WORKDIR (SL235), COPY of several sources to a non-directory
(SL236), blank line in a continuation (SL237), legacy `ENV key value` (SL238), no
HEALTHCHECK (SL239, opt-in).
"""

from __future__ import annotations

import re

from linter.dockerfile import Instruction, lex
from linter.findings import Span

URL = re.compile(r"^(https?|ftp)://", re.I)


def is_git(src: str) -> bool:
    return src.startswith("git@") or ".git#" in src or src.endswith(".git") or \
        src.startswith("git://")


def sources(ins: Instruction) -> tuple[list[tuple[str, Span]], tuple[str, Span] | None]:
    """COPY/ADD sources and destination, each with its span (heredocs count as sources)."""
    if ins.exec_form is not None:
        items = [(v, ins.args_span) for v in ins.exec_form]
    else:
        items = [(ins.args[s:e], ins.span_of(s, e))
                 for s, e in lex.split_words(ins.args, "\\", 0, len(ins.args))]
    if len(items) < 2:
        return items, None
    return items[:-1], items[-1]


def short(text: str, n: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[:n - 3] + "..."


