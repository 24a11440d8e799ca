"""Parse a Dockerfile into a ``tree.Dockerfile``: dockerfile-parse plus the fixes it needs.

dockerfile-parse (``dockerfile_parse``, 2.0.1) is a project requirement. We use it for one
thing it does well: ``DockerfileParser(...).structure`` splits the file into instruction rows
(``instruction``, ``startline``, ``endline``, ``content``, ``value``), and those rows are
where our instruction boundaries come from. Everything else it gets wrong for a linter, so the
work is done in three steps:

1. **Pre-scan** (``_scan``) of the original lines, to write a *pre-processed text* for
   dockerfile-parse that has exactly as many lines as the original (so its 0-based
   ``startline``/``endline`` stay valid):

   * UTF-8 BOM removed from the first line (dockerfile-parse keeps it: ``\\ufeffFROM``).
   * Parser directives are read by us (``_directives``); in the pre-processed text they
     become plain ``#`` lines, and when the escape is a backtick line 1 becomes
     ``# escape=`` + backtick. Reason: dockerfile-parse stops looking for directives at any
     line that is not ``syntax``/``escape``, so ``# check=...`` before ``# escape=`` made it
     ignore the escape and break every backtick continuation.
   * Heredoc bodies (``RUN <<EOF`` ... ``EOF``) become ``#`` lines. Reason: dockerfile-parse
     has no heredocs; each body line became a fake instruction (``USER root`` inside a
     ``COPY <<EOF`` body looked like a real USER). Finding a heredoc needs the whole logical
     line, so the pre-scan follows continuations the way BuildKit does.
   * Blank lines inside a continuation become ``#`` lines. Reason: dockerfile-parse ends the
     instruction at a blank line; BuildKit skips it and continues (comment lines inside a
     continuation are skipped by both).
   * Continuation is decided by us (escape character at the end of the line, optionally
     followed by spaces/tabs, and *not itself escaped*: ``foo\\\\`` is not a continuation,
     which dockerfile-parse got wrong). The first line of an instruction that continues ends
     in the escape character for dockerfile-parse, one that does not never does (`` .`` is
     appended); the last line is given as a plain stub, so an instruction continued at end
     of file is closed (dockerfile-parse dropped it silently).
   * Only the first and the last line of an instruction reach dockerfile-parse as text (the
     first cut at ``_FIRST_LINE_LIMIT`` characters, the last as a stub); the lines between
     become ``#`` lines, which it skips inside a continuation. We never use its ``content``/
     ``value`` (they join lines without regard to comments and cannot be mapped back to
     columns), and its per-line string concatenation is quadratic: a 10 MB instruction
     took minutes. Its ``startline``/``endline`` are unaffected.

2. **dockerfile-parse** gives the rows; comment rows are ignored (we collect comments
   ourselves, with spans). The pre-scan has to find the same boundaries to locate heredocs,
   and since issue #14 (speed) a run takes the pre-scan's boundaries and does not call
   dockerfile-parse at all (writing its text and reading it was a third of the parse, and
   importing it 30 ms of every run): dockerfile-parse is the reference that the tests hold
   the pre-scan to, on the corpus and on hostile input (``_dfp_rows``; tests/dockerfile/
   test_parse.py).

3. **Post-processing** of each row, from the original lines: keyword as written, flags,
   arguments joined like BuildKit joins them (with a map back to line/column for every
   character, so spans are exact also with CRLF files and continuation lines), exec vs shell
   form (invalid JSON falls back to shell form), ONBUILD's nested instruction, ARG/ENV/LABEL
   pairs (``ARG A B`` is two args, which dockerfile-parse read as ``A`` = ``B``), heredocs,
   stages, build args and variable expansion (``tree.Dockerfile.expand``; dockerfile-parse
   mangles ``${V:-x}`` and friends).

Lines are split at ``\n`` and ``\r\n`` (``source.split_lines``), as Docker reads them (a
``\r`` alone, a form feed or a U+2028 is a character of its line), and the suppressions, the
reporters' code frames and the fixer number them the same way; the language server maps
them to LSP's, which also end at a ``\r`` alone. ``parse`` never raises: any input gives a tree and problems.
"""

from __future__ import annotations

import io
import re
from bisect import bisect_right

from .. import lazyre
from ..findings import FILE_START, Problem, Span
from ..image import ImageReference
from ..source import SourceFile, split_lines
from . import lex
from .tree import (
    BuildArg, Comment, Directive, Dockerfile, Flag, Heredoc, Instruction, KeyValue, Stage,
)

__all__ = ["parse", "parse_text", "looks_like_dockerfile", "KEYWORDS", "RULE"]

RULE = "parse-error"

KEYWORDS = frozenset({
    "ADD", "ARG", "CMD", "COPY", "ENTRYPOINT", "ENV", "EXPOSE", "FROM", "HEALTHCHECK", "LABEL",
    "MAINTAINER", "ONBUILD", "RUN", "SHELL", "STOPSIGNAL", "USER", "VOLUME", "WORKDIR",
})
_HEREDOC_KEYWORDS = frozenset({"RUN", "COPY", "ADD"})
_JSON_KEYWORDS = frozenset({"RUN", "CMD", "ENTRYPOINT", "SHELL", "COPY", "ADD", "VOLUME"})
#: Instructions BuildKit rejects without any argument (CMD/ENTRYPOINT may be empty).
_NEEDS_ARGS = KEYWORDS - {"CMD", "ENTRYPOINT"}
_BAD_TRIGGERS = frozenset({"ONBUILD", "FROM", "MAINTAINER"})
_DIRECTIVE_NAMES = frozenset({"syntax", "escape", "check"})

# Applied to a line already stripped on both sides, so no quantifier can backtrack over long
# runs of blanks (hostile input must stay linear).
_DIRECTIVE_RE = lazyre.compile(r"#[ \t]*([A-Za-z][A-Za-z0-9]*)[ \t]*=[ \t]*(.+)\Z")
# BuildKit separates the keyword from its arguments at these characters only.
_KEYWORD_END_RE = lazyre.compile(r"[\t\v\f\r ]")
# A heredoc marker word: optional file descriptor, <<, optional -, delimiter.
_HEREDOC_RE = lazyre.compile(r"(\d*)<<(-?)([^<]+)")
_FIRST_LINE_LIMIT = 4096
_MAX_PROBLEMS = 50
_SHOWN = 40  # longest keyword/delimiter quoted in a message

# Line kinds found by the pre-scan.
_BLANK, _COMMENT, _DIRECTIVE, _START, _CONT, _CONT_BLANK, _CONT_COMMENT, _BODY = range(8)


# --------------------------------------------------------------------------------------------
# public entry points


def parse(source: SourceFile) -> tuple[Dockerfile, list[Problem]]:
    """Parse ``source``; never raises. Unreadable sources (``text`` None) give an empty tree
    and no problems (reading already reported them)."""
    if source.text is None:
        return _empty(source.path), []
    return parse_text(source.text, source.path)


def parse_text(text: str, path: str = "Dockerfile") -> tuple[Dockerfile, list[Problem]]:
    """Parse Dockerfile ``text``; never raises."""
    try:
        return _Parser(text, path).run()
    except Exception:  # noqa: BLE001 - last resort: a linter must survive its own bugs
        return _empty(path), [Problem(RULE, "internal error while parsing this Dockerfile; "
                                            "please report it", FILE_START)]


def looks_like_dockerfile(text: str) -> bool:
    """True when the first meaningful line (after a BOM, blank lines, comments and parser
    directives) starts with the keyword FROM or ARG, in any case."""
    pos = 1 if text.startswith("\ufeff") else 0
    n = len(text)
    while pos < n:
        nl = text.find("\n", pos)
        end = n if nl < 0 else nl
        # Only the start of the line matters; do not copy huge lines.
        line = text[pos:min(end, pos + 4096)].lstrip()
        pos = end + 1
        if not line or line.startswith("#"):
            continue
        word = _KEYWORD_END_RE.split(line, 1)[0]
        return word.upper() in ("FROM", "ARG")
    return False


def _empty(path: str) -> Dockerfile:
    return Dockerfile(path=path, directives={}, escape="\\", instructions=[], global_args=[],
                      stages=[], comments=[])


# --------------------------------------------------------------------------------------------
# helpers


def _shown(text: str) -> str:
    """A short, printable version of user text for a message (keywords, delimiters)."""
    text = "".join(c if c.isprintable() else "?" for c in text[:_SHOWN])
    return text + "..." if len(text) >= _SHOWN else text


def _continues(line: str, escape: str) -> bool:
    """BuildKit's continuation test: the escape character ends the line (spaces/tabs may
    follow) and is not itself escaped (an even run of escape characters is literal)."""
    s = line.rstrip(" \t")
    if not s or s[-1] != escape:
        return False
    run = len(s) - len(s.rstrip(escape))
    return run % 2 == 1


def _json_array(args: str) -> list[str] | None:
    """The exec form: ``args`` is a JSON array of strings. Like BuildKit (Go's JSON decoder),
    only the first JSON value counts and text after it is ignored; anything else (invalid JSON,
    non-string items) is the shell form."""
    if not args.startswith("["):
        return None
    try:
        value, _ = lex.json_decode(args)
    except (ValueError, RecursionError):
        return None
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return value
    return None



class _Problems(list):
    def add(self, message: str, span: Span = FILE_START) -> None:
        if len(self) < _MAX_PROBLEMS:
            self.append(Problem(RULE, message, span))
        elif len(self) == _MAX_PROBLEMS:
            self.append(Problem(RULE, "too many parse errors; the rest are not reported", span))


class _Positions:
    """Maps offsets in a logical (joined) line back to 1-based line/column."""

    __slots__ = ("offs", "segs")

    def __init__(self, segs: list[tuple[int, int, int, int]]) -> None:
        self.segs = segs  # (offset, line number, column0 of the piece, piece length)
        self.offs = [s[0] for s in segs]

    def start(self, o: int) -> tuple[int, int]:
        k = max(bisect_right(self.offs, o) - 1, 0)
        off, line, col0, _ = self.segs[k]
        return line, col0 + (o - off) + 1

    def end(self, o: int) -> tuple[int, int]:
        """Position just after the character at offset ``o - 1`` (exclusive end)."""
        if o <= 0:
            return self.start(0)
        p = o - 1
        k = max(bisect_right(self.offs, p) - 1, 0)
        while k > 0 and p >= self.segs[k][0] + self.segs[k][3]:
            k -= 1
        off, line, col0, _ = self.segs[k]
        return line, col0 + (p - off) + 2

    def span(self, s: int, e: int) -> Span:
        return Span(*self.start(s), *self.end(e)) if e > s else Span(*self.start(s), *self.start(s))


def _logical(lines: list[str], idxs: list[int], escape: str) -> tuple[str, _Positions]:
    """Join the content lines ``idxs`` of one instruction the way BuildKit does: leading
    whitespace of the first line dropped, escape (+ trailing blanks) of continued lines
    removed, nothing inserted between lines."""
    parts: list[str] = []
    segs: list[tuple[int, int, int, int]] = []
    off = 0
    last = len(idxs) - 1
    for k, j in enumerate(idxs):
        line = lines[j]
        col0 = len(line) - len(line.lstrip()) if k == 0 else 0
        # Every line but the last continues; the last one only at end of file, and BuildKit
        # drops that trailing escape too.
        if k < last or _continues(line, escape):
            piece = line.rstrip(" \t")[:-1][col0:]
        else:
            piece = line[col0:]
        parts.append(piece)
        segs.append((off, j + 1, col0, len(piece)))
        off += len(piece)
    return "".join(parts), _Positions(segs)


# --------------------------------------------------------------------------------------------
# the parser


def _carriage_returns(lines: list[str]) -> list[tuple[int, int, str, str]]:
    """(line, column, keyword, place) of the first ``\r`` alone on each line holding one (a
    line break for an editor, not for Docker): ``keyword``, the instruction keyword written
    right after it, if any; ``place``: ``"start"`` when only blanks come before it (Docker
    skips them: the line starts after it), ``"comment"`` in a comment or parser directive,
    else ``""`` (``Dockerfile.carriage_returns``)."""
    out = []
    for j, line in enumerate(lines):
        at = line.find("\r")
        if at >= 0:
            words = line[at + 1:].split(None, 1)
            word = words[0].upper() if words else ""
            place = "start" if not line[:at].strip(" \t\r") else \
                "comment" if line.lstrip(" \t").startswith("#") else ""
            out.append((j + 1, at + 1, word if word in KEYWORDS else "", place))
    return out


class _Parser:
    def __init__(self, text: str, path: str) -> None:
        if text.startswith("\ufeff"):
            text = text[1:]  # dockerfile-parse would keep it in the first keyword
        self.path = path
        self.lines = split_lines(text)  # Docker's line breaks (linter.source)
        self.problems = _Problems()
        self.escape = "\\"
        self.directives: dict[str, Directive] = {}
        n = len(self.lines)
        self.kinds = bytearray(n)
        self.continued = bytearray(n)  # 1 where a content line continues (our decision)
        self.ranges: list[tuple[int, int]] = []  # pre-scan boundaries (fallback, self-check)
        self.heredocs: dict[int, list[Heredoc]] = {}
        self.comments: list[Comment] = []
        self.empty_continuations: list[int] = []

    # -- step 1: directives and pre-scan -------------------------------------------------

    def _directives(self) -> int:
        """Read the leading parser directives; return how many lines they take.

        BuildKit: only in the leading comment block, key case-insensitive, each at most
        once; the first blank line, other comment or instruction ends the block.
        """
        count = 0
        for idx, line in enumerate(self.lines):
            stripped = line.strip()
            if not stripped.startswith("#"):
                break  # what _DIRECTIVE_RE would say: not compiled for a file without one
            m = _DIRECTIVE_RE.match(stripped)
            if not m or m.group(1).lower() not in _DIRECTIVE_NAMES:
                break
            name, value = m.group(1).lower(), m.group(2)
            col = len(line) - len(line.lstrip()) + 1
            span = Span(idx + 1, col, idx + 1, len(line.rstrip()) + 1)
            self.kinds[idx] = _DIRECTIVE
            count = idx + 1
            if name in self.directives:
                self.problems.add(f"only one {name} parser directive can be used", span)
                continue
            if name == "escape":
                if value not in ("\\", "`"):
                    self.problems.add("invalid escape directive: the escape character must "
                                      "be \\ or `", span)
                else:
                    self.escape = value
            self.directives[name] = Directive(name, value, span)
        return count

    def _scan(self, first: int) -> None:
        """Classify every line, follow continuations, read heredoc bodies."""
        lines, kinds, esc = self.lines, self.kinds, self.escape
        n = len(lines)
        i = first
        while i < n:
            stripped = lines[i].lstrip()
            if not stripped:
                kinds[i] = _BLANK
                i += 1
                continue
            if stripped[0] == "#":
                kinds[i] = _COMMENT
                self._comment(i)
                i += 1
                continue
            start = i
            kinds[i] = _START
            idxs = [i]
            cont = _continues(lines[i], esc)
            i += 1
            while cont and i < n:
                stripped = lines[i].lstrip()
                if not stripped:
                    kinds[i] = _CONT_BLANK
                    self.empty_continuations.append(i + 1)
                elif stripped[0] == "#":
                    kinds[i] = _CONT_COMMENT
                    self._comment(i)
                else:
                    kinds[i] = _CONT
                    idxs.append(i)
                    cont = _continues(lines[i], esc)
                i += 1
            for j in idxs[:-1]:
                self.continued[j] = 1
            self.ranges.append((start, idxs[-1]))
            if any("<<" in lines[j] for j in idxs):
                i = self._heredoc_bodies(start, idxs, i)

    def _comment(self, i: int) -> None:
        line = self.lines[i]
        col = len(line) - len(line.lstrip()) + 1
        self.comments.append(Comment(line.strip()[1:].strip(),
                                     Span(i + 1, col, i + 1, len(line.rstrip()) + 1)))

    def _heredoc_bodies(self, start: int, idxs: list[int], i: int) -> int:
        """If the instruction starting at ``start`` has heredoc markers, read their bodies
        from line ``i`` on; return the first line after them."""
        text, _ = _logical(self.lines, idxs, self.escape)
        markers = _heredoc_markers(text)
        if not markers:
            return i
        lines, n = self.lines, len(self.lines)
        docs: list[Heredoc] = []
        for name, quoted, chomp in markers:
            body: list[str] = []
            indents: list[int] = []
            first = i
            closed = -1
            while i < n:
                line = lines[i]
                self.kinds[i] = _BODY
                candidate = line.lstrip("\t") if chomp else line
                i += 1
                if candidate == name:
                    closed = i - 1
                    break
                body.append(candidate)
                indents.append(len(line) - len(candidate))
            if closed >= 0:
                span = Span(first + 1, 1, closed + 1, len(lines[closed]) + 1)
            else:
                self.problems.add(f"unterminated heredoc: no line closes <<{_shown(name)}",
                                  Span(start + 1, 1, start + 1, len(lines[start]) + 1))
                if first < n:
                    span = Span(first + 1, 1, n, len(lines[n - 1]) + 1)
                else:
                    last = idxs[-1]
                    span = Span.point(last + 1, len(lines[last]) + 1)
            docs.append(Heredoc(name, "".join(b + "\n" for b in body), quoted, chomp, span,
                                tuple(indents) if any(indents) else ()))
        self.heredocs[start] = docs
        return i

    # -- step 2: dockerfile-parse ---------------------------------------------------------

    def _dfp_text(self) -> str:
        esc = self.escape
        dfp_continues = re.compile(r"^.*" + re.escape(esc) + r"\s*$")
        out: list[str] = []
        for j, line in enumerate(self.lines):
            kind = self.kinds[j]
            if kind == _START:
                core = line[:_FIRST_LINE_LIMIT]
                want = bool(self.continued[j])
                has = bool(dfp_continues.match(core + "\n"))
                if want and not has:
                    core += esc
                elif has and not want:
                    core += " ."  # escaped escape, or continued at end of file
                out.append(core)
            elif kind == _BLANK:
                out.append("")
            elif kind == _CONT and not self.continued[j]:
                out.append("x")  # closes the instruction
            else:  # directives, comments, blank lines in continuations, heredoc bodies,
                # and the middle lines of a continuation (see the module docstring)
                out.append("#")
        if esc == "`" and out:
            out[0] = "# escape=`"  # line 1 is a directive line whenever the escape is `
        return "\n".join(out) + "\n"

    def _dfp_rows(self) -> list[tuple[int, int]]:
        """The instruction rows dockerfile-parse finds in the pre-processed text, as they
        are (no fallback): the reference the pre-scan's ``ranges`` are tested against (a run
        does not call it: see ``run``)."""
        from dockerfile_parse import DockerfileParser

        data = self._dfp_text().encode("utf-8", "replace")
        rows = DockerfileParser(fileobj=io.BytesIO(data)).structure
        bounds = [(r["startline"], r["endline"]) for r in rows if r["instruction"] != "COMMENT"]
        return bounds

    # -- step 3: post-processing ----------------------------------------------------------

    def run(self) -> tuple[Dockerfile, list[Problem]]:
        first = self._directives()
        self._scan(first)
        instructions: list[Instruction] = []
        # The pre-scan's boundaries, not dockerfile-parse's rows: they are the same (the
        # tests check it on the corpus and on hostile input: tests/dockerfile/test_parse.py),
        # and writing the pre-processed text and reading it with dockerfile-parse was a third
        # of the parse, plus 30 ms of importing it in every run (issue #14). dockerfile-parse
        # stays the reference those tests hold the pre-scan to (``_dfp_rows``).
        for s, e in self.ranges:
            idxs = [j for j in range(s, e + 1) if self.kinds[j] in (_START, _CONT)]
            text, pos = _logical(self.lines, idxs, self.escape)
            end = len(text.rstrip())
            if end == 0:
                continue  # only escape characters: nothing for BuildKit either
            docs = self.heredocs.get(s, [])
            if docs:
                stop = (docs[-1].span.end_line, docs[-1].span.end_column)
            else:  # the end of the last line, also when it ends in an escape at end of file
                stop = (idxs[-1] + 1, len(self.lines[idxs[-1]].rstrip()) + 1)
            ins = self._instruction(text, pos, 0, end, docs, stop, nested=False)
            instructions.append(ins)
        df = Dockerfile(path=self.path, directives=self.directives, escape=self.escape,
                        instructions=instructions, global_args=[], stages=[],
                        comments=self.comments, empty_continuation_lines=self.empty_continuations,
                        carriage_returns=_carriage_returns(self.lines))
        if not instructions:
            self.problems.add("file has no instructions", FILE_START)
        self._stages(df)
        return df, list(self.problems)

    def _instruction(self, text: str, pos: _Positions, begin: int, end: int,
                     heredocs: list[Heredoc], stop: tuple[int, int],
                     nested: bool) -> Instruction:
        m = _KEYWORD_END_RE.search(text, begin, end)
        kw_end = m.start() if m else end
        raw_kw = text[begin:kw_end]
        keyword = raw_kw.upper()
        raw_flags, a = lex.extract_flags(text, kw_end, end)
        flags = [Flag(name, value, pos.span(s, e)) for name, value, s, e in raw_flags]
        args = text[a:end]
        exec_form = None
        if keyword in _JSON_KEYWORDS:
            exec_form = _json_array(args)
        elif keyword == "HEALTHCHECK":
            hm = _KEYWORD_END_RE.search(args)
            if hm and args[:hm.start()].upper() == "CMD":
                exec_form = _json_array(args[hm.end():].lstrip())
        span = Span(*pos.start(begin), *stop)
        args_span = Span(*(pos.start(a) if a < end else pos.end(end)), *stop)
        kw_span = pos.span(begin, kw_end)
        ins = Instruction(keyword, raw_kw, flags, args, exec_form, list(heredocs), span, args_span)
        ins.args_at = a
        ins.positions = pos

        if keyword not in KEYWORDS:
            where = f"{'in ONBUILD ' if nested else ''}on line {kw_span.line}"
            self.problems.add(f'unknown instruction "{_shown(raw_kw)}" {where}', kw_span)
            return ins
        if keyword in ("ARG", "ENV", "LABEL"):
            ins.key_values = self._key_values(keyword, text, pos, a, end, kw_span)
        if keyword == "ONBUILD" and not nested and a < end:
            inner = self._instruction(text, pos, a, end, heredocs, stop, nested=True)
            ins.onbuild = inner
            if inner.keyword in _BAD_TRIGGERS:
                self.problems.add(f"{inner.keyword} is not allowed as an ONBUILD trigger",
                                  inner.span)
        self._check_args(ins, text, a, end, kw_span)
        return ins

    def _check_args(self, ins: Instruction, text: str, a: int, end: int, kw_span: Span) -> None:
        kw = ins.keyword
        if kw == "FROM":
            words = text[a:end].split()
            if not words:
                self.problems.add("FROM has no image", kw_span)
            elif len(words) not in (1, 3) or (len(words) == 3 and words[1].upper() != "AS"):
                self.problems.add("FROM takes an image and optionally AS and a stage name",
                                  ins.args_span)
        elif kw in ("COPY", "ADD"):
            count = (len(ins.exec_form) if ins.exec_form is not None
                     else len(lex.split_words(text, self.escape, a, end)))
            if count < 2:
                self.problems.add(f"{kw} requires a source and a destination", ins.span)
        elif kw in _NEEDS_ARGS and a >= end and not ins.heredocs:
            self.problems.add(f"{kw} requires at least one argument", kw_span)

    def _key_values(self, kw: str, text: str, pos: _Positions, a: int, end: int,
                    kw_span: Span) -> list[KeyValue]:
        esc = self.escape
        words = lex.split_words(text, esc, a, end)
        out: list[KeyValue] = []
        if kw == "ARG":
            for s, e in words:
                name, eq, raw = text[s:e].partition("=")
                if not name:
                    self.problems.add("ARG names can not be blank", pos.span(s, e))
                    continue
                out.append(KeyValue(name, _unquote(raw, esc) if eq else None,
                                    raw if eq else None, pos.span(s, e)))
            return out
        if not words:
            return out
        s0, e0 = words[0]
        if "=" not in text[s0:e0]:
            # Legacy "ENV key value": the key is the first whitespace-separated word, the value
            # everything after it (BuildKit splits this form without regard to quotes).
            m = _KEYWORD_END_RE.search(text, a, end)
            if not m:
                self.problems.add(f"{kw} {_shown(text[a:end])} has no value; "
                                  f"write {kw} name=value", kw_span)
                return out
            vs = m.end()
            while vs < end and text[vs] in " \t\v\f\r":
                vs += 1
            raw = text[vs:end]
            out.append(KeyValue(_unquote(text[a:m.start()], esc), _unquote(raw, esc), raw,
                                pos.span(a, end), legacy=True))
            return out
        for s, e in words:
            key, eq, raw = text[s:e].partition("=")
            if not eq or not key:
                self.problems.add(f"{kw} expects name=value pairs", pos.span(s, e))
                continue
            out.append(KeyValue(_unquote(key, esc), _unquote(raw, esc), raw, pos.span(s, e)))
        return out

    def _stages(self, df: Dockerfile) -> None:
        if df.instructions and not any(i.keyword == "FROM" for i in df.instructions):
            self._fragment(df)
            return
        stage: Stage | None = None
        # Global ARGs first: every FROM sees all of them.
        for ins in df.instructions:
            if ins.keyword == "FROM":
                break
            if ins.keyword == "ARG":
                df.global_args.extend(_build_args(ins))
            elif ins.keyword in KEYWORDS:
                self.problems.add(f"{ins.keyword} before the first FROM: only ARG may come "
                                  "before it", ins.span)
        #: the last stage of each alias so far (lower case): a ``FROM`` names the last earlier
        #: stage of that alias, found here rather than by a scan of every earlier stage (a
        #: file of chained stages stays linear: issue #14)
        aliases: dict[str, Stage] = {}
        for ins in df.instructions:
            if ins.keyword == "FROM":
                stage = self._stage(df, ins, aliases)
                df.stages.append(stage)
                if stage.alias is not None:
                    aliases[stage.alias.lower()] = stage
                ins.stage = stage
                stage.instructions.append(ins)
                continue
            if stage is not None:
                _join(stage, ins)

    def _fragment(self, df: Dockerfile) -> None:
        """A file without FROM (a snippet, a part included elsewhere): reported once, and read
        as one stage built from an unknown image, so that every rule that judges what is
        written still runs (policy: docs/coverage/dockerfile.md, "Files without FROM")."""
        first = df.instructions[0]
        if any(i.keyword in KEYWORDS for i in df.instructions):
            at = Span(first.span.line, first.span.column, first.span.line,
                      first.span.column + len(first.raw_keyword))
            self.problems.add("the file has no FROM: a Dockerfile starts with FROM (after "
                              "ARGs, comments and directives); its instructions are checked "
                              "as one stage of an unknown base image", at)
        start = Span(first.span.line, first.span.column, first.span.line, first.span.column)
        made_up = Instruction("FROM", "", [], "", None, [], start, start)
        stage = Stage(index=0, from_instruction=made_up, image_text="",
                      image=ImageReference.parse(""), base_stage=None, alias=None,
                      platform=None, implicit=True)
        made_up.stage = stage
        stage.instructions.append(made_up)
        for ins in df.instructions:
            _join(stage, ins)
        df.stages.append(stage)

    def _stage(self, df: Dockerfile, ins: Instruction, aliases: dict[str, Stage]) -> Stage:
        words = ins.args.split()
        image_text = words[0] if words else ""
        alias = words[2] if len(words) == 3 and words[1].upper() == "AS" else None
        expanded, known = df.expand(image_text, None)
        image = ImageReference.parse(expanded)
        if not known and not image.unknown:
            image = image.replace(unknown=True)
        base = aliases.get(expanded.strip().lower()) if known else None
        platform = ins.flag("platform")
        return Stage(index=len(df.stages), from_instruction=ins, image_text=image_text,
                     image=image, base_stage=base, alias=alias,
                     platform=platform.value if platform is not None else None)


def _join(stage: Stage, ins: Instruction) -> None:
    """Make ``ins`` (and the instruction of an ONBUILD) part of ``stage``."""
    ins.stage = stage
    if ins.onbuild is not None:
        ins.onbuild.stage = stage
    stage.instructions.append(ins)
    if ins.keyword == "ARG":
        stage.args.extend(_build_args(ins))


def _build_args(ins: Instruction) -> list[BuildArg]:
    return [BuildArg(kv.key, kv.value, kv.span, ins, kv.raw_value) for kv in ins.key_values]


def _no_vars(name: str):
    return lex.UNKNOWN


def _unquote(raw: str, escape: str) -> str:
    """Quotes and escapes removed, variables left as written."""
    if not raw or not any(c in raw for c in ("'", '"', escape)):
        return raw
    return lex.expand(raw, escape, _no_vars, remove_quotes=True)[0]


def _heredoc_markers(text: str) -> list[tuple[str, bool, bool]]:
    """``[(delimiter, quoted, strip_tabs), ...]`` for the heredocs that the logical line
    ``text`` opens, in order.

    BuildKit's rules: only RUN/COPY/ADD (also as an ONBUILD trigger) and not in exec form;
    a marker is a whole shell word ``[fd]<<[-]WORD`` (so ``<< EOF`` with a space is not one,
    nor is ``cat<<EOF``); quotes around WORD are removed and disable expansion. Words are
    split with ``\\`` as escape whatever the escape directive says, as BuildKit does.
    """
    end = len(text.rstrip())
    m = _KEYWORD_END_RE.search(text, 0, end)
    if not m:
        return []
    keyword = text[:m.start()].upper()
    _, a = lex.extract_flags(text, m.start(), end)
    if keyword == "ONBUILD":
        m = _KEYWORD_END_RE.search(text, a, end)
        if not m:
            return []
        keyword = text[a:m.start()].upper()
        _, a = lex.extract_flags(text, m.start(), end)
    if keyword not in _HEREDOC_KEYWORDS or _json_array(text[a:end]) is not None:
        return []
    markers = []
    for s, e in lex.split_words(text, "\\", a, end):
        hm = _HEREDOC_RE.fullmatch(text, s, e)
        if hm is None:
            continue
        word = hm.group(3)
        name = _unquote(word, "\\")
        if name:
            markers.append((name, "'" in word or '"' in word, hm.group(2) == "-"))
    return markers
