"""Rules on single instructions: ADD vs COPY (SL230), ADD of a URL without --checksum
(SL231), repeated CMD/ENTRYPOINT/HEALTHCHECK (SL232), shell-form CMD/ENTRYPOINT (SL233),
MAINTAINER (SL234), relative WORKDIR (SL235), COPY of several sources to a non-directory
(SL236), blank line in a continuation (SL237), legacy `ENV key value` (SL238), no
HEALTHCHECK (SL239, opt-in).
"""

from __future__ import annotations

import re

from linter import lazyre
from linter.dockerfile import Instruction, lex
from linter.findings import Span

URL = lazyre.compile(r"^(https?|ftp)://", re.I)
# ADD unpacks a local tar archive, plain or compressed with gzip, bzip2, xz or zstd (BuildKit
# recognises the file by its content). A file with one of these suffixes may be such an
# archive, so ADD may be needed for it; compress (.Z), lzip and lzma are not unpacked.
ARCHIVE = lazyre.compile(r"\.(tar|tgz|tbz|tbz2|tb2|txz|tzst|gz|bz2|xz|zst)$", re.I)


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


def expanded_sources(df, ins: Instruction) -> list[tuple[str, bool, Span]]:
    """The sources of a COPY/ADD that has a destination, each as ``(value, known, span)``:
    build variables expanded in the instruction's scope, surrounding quotes removed."""
    srcs, dest = sources(ins)
    if dest is None:
        return []
    out = []
    for text, span in srcs:
        value, known = df.expand(text, ins.stage, ins)
        out.append((value.strip("'\""), known, span))
    return out


def short(text: str, n: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[:n - 3] + "..."




#: instructions whose arguments may be a JSON array (the exec form)
EXEC_FORM_KEYWORDS = frozenset({"RUN", "CMD", "ENTRYPOINT", "SHELL", "COPY", "ADD", "VOLUME",
                                "HEALTHCHECK"})
_TEST_WORDS = lazyre.compile(r"\s(=|==|!=|-[a-z]{1,2})\s")


def exec_form_text(ins: Instruction) -> str | None:
    """The text of ``ins`` that is meant as a JSON array (``HEALTHCHECK CMD [...]``: after
    CMD), or None when the instruction has no exec form."""
    if ins.keyword not in EXEC_FORM_KEYWORDS:
        return None
    text = ins.args.strip()
    if ins.keyword == "HEALTHCHECK":
        head, _, rest = text.partition(" ")
        if head.upper() != "CMD":
            return None
        text = rest.strip()
    return text if text.startswith("[") else None


def json_problem(ins: Instruction) -> tuple[str, str, str | None] | None:
    """How the exec form of ``ins`` fails to be the JSON array of strings it is meant to be:
    ``(kind, detail, repaired)`` with kind ``not-string`` (an item is a number...: Docker
    refuses the instruction), ``trailing`` (text after the array) or ``invalid`` (not JSON:
    Docker reads the shell form), and the array it should be (None when no repair is
    evident). None when it is fine or not meant as JSON. Meant as JSON: it starts with ``[``
    and decodes as an array, or ends with ``]`` and holds a comma or opens with a quoted
    string, unless it reads as a shell test (``RUN [ "$A" = b ]``)."""
    text = exec_form_text(ins)
    if text is None:
        return None
    try:
        value, end = lex.json_decode(text)
    except (ValueError, RecursionError):
        value, end = None, 0
    if isinstance(value, list):
        if not all(isinstance(v, str) for v in value):
            import json  # a problem to report: rare, so not at import (start-up, issue #14)

            bad = next(v for v in value if not isinstance(v, str))
            fixed = [v if isinstance(v, str) else json.dumps(v) for v in value]
            return "not-string", f"item {json.dumps(bad)} is not a string", json.dumps(fixed)
        rest = text[end:].strip()
        if rest and not rest.strip("]),'\" \t"):
            import json

            return "trailing", f"'{rest}' follows the array", json.dumps(value)
        return None  # valid, or text after it that is not a typo of the array's end
    if not text.endswith("]"):
        return None
    opens_quoted = re.match(r"\[\s*['\"]", text) is not None
    if not ("," in text or opens_quoted) or (ins.keyword == "RUN" and _TEST_WORDS.search(text)):
        return None
    import json  # a problem to report: rare, so not at import (start-up, issue #14)

    try:
        json.loads(text)
        error = ""
    except (ValueError, RecursionError) as exc:
        error = str(exc)
    if "'" in text and '"' not in text:
        detail = "JSON strings take double quotes"
    elif "escape" in error:
        detail = "a backslash in a JSON string is written \\\\"
    else:
        detail = "items are double-quoted strings separated by commas"
    repaired = None
    bare = "[" + ", ".join(json.dumps(w.strip()) for w in text[1:-1].split(",")) + "]"
    attempts = [text.replace("'", '"'), re.sub(r'"\s+"', '", "', text),
                re.sub(r"\\\\|\\", r"\\\\", text)]
    if "'" not in text and '"' not in text and all(w.strip() for w in text[1:-1].split(",")):
        attempts.append(bare)
    for attempt in attempts:
        try:
            value = json.loads(attempt)
        except (ValueError, RecursionError):
            continue
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            repaired = json.dumps(value)
            break
    return "invalid", detail, repaired
