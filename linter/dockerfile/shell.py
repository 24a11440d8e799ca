"""Shell analysis of RUN: the commands a script runs, with their words placed in the Dockerfile.

``script_of(df, ins)`` reads the script of a RUN (also an ONBUILD RUN) into a ``Script``: every
simple command with its words (quotes removed in ``Word.value``, as written in ``Word.raw``),
the pipeline it belongs to, whether it sits in a command substitution or a ``sh -c`` string,
and each word's ``Span`` in the Dockerfile (continuation lines, heredoc bodies and ``sh -c``
strings mapped back to their line and column).

What is read as a script:

* the shell form (``RUN apt-get update && ...``), with the bodies of its heredocs attached the
  way BuildKit hands them to the shell (``RUN cat <<EOF > f`` ... ``EOF``: the body is data);
* a RUN that is only a heredoc (``RUN <<EOF`` ... ``EOF``): the body is the script, unless its
  ``#!`` line names a program that is not a POSIX shell;
* the exec form: its words are one command; ``["sh", "-c", "..."]`` is read as a script;
* ``sh -c '...'`` / ``bash -c "..."`` inside any of these (nested, with ``Command.nested``).

The parser is tree-sitter with the tree-sitter-bash grammar (imported on first use, so start-up
stays fast). Where it is not installed, or finds a syntax error in the script, a conservative
tokeniser (``tokenize``) splits the script at unquoted ``&&``, ``||``, ``;``, ``|``, ``&``,
newlines and parentheses instead; it never invents a pipe inside quotes.

``shell_kind(df, ins)`` says whether shell rules apply at all: not after a ``SHELL`` that
selects PowerShell or cmd, and not in a stage built from a Windows image.
"""

from __future__ import annotations

import itertools
import os
import posixpath
import sys
from bisect import bisect_right

from .. import lazyre
from ..findings import Span
from . import lex
from .tree import Dockerfile, Instruction

__all__ = ["Word", "Command", "Script", "script_of", "scripts", "shell_kind", "tokenize",
           "parse_script", "unquote", "SHELLS"]

#: Programs that read a POSIX shell script (``-c`` string, stdin).
SHELLS = frozenset({"sh", "bash", "dash", "ash", "zsh", "ksh", "mksh", "busybox"})
#: Commands that run the command given in their arguments (``sudo apt-get install``).
_WRAPPERS = frozenset({"sudo", "env", "nice", "nohup", "time", "exec", "command", "doas",
                       "stdbuf", "ionice", "chroot", "su-exec", "gosu", "xargs", "eatmydata",
                       "timeout", "unbuffer", "setpriv", "tini", "dumb-init"})
# Options of wrappers that take a value (so the value is not the command).
_WRAPPER_VALUE_OPTS = {
    "sudo": {"-u", "-g", "-C", "-D", "-h", "-p", "-r", "-t", "-U", "--user", "--group"},
    "env": {"-u", "--unset", "-C", "--chdir", "-S", "--split-string"},
    "nice": {"-n", "--adjustment"},
    "ionice": {"-c", "-n", "-p", "-t"},
    "xargs": {"-a", "-d", "-E", "-I", "-L", "-n", "-P", "-s", "--arg-file", "--delimiter",
              "--max-args", "--max-procs", "--replace", "--max-lines"},
    "timeout": {"-s", "--signal", "-k", "--kill-after"},
    "stdbuf": {"-i", "-o", "-e"},
}
_WINDOWS_HINTS = ("windows", "nanoserver", "servercore", "dotnet/framework", "powershell")


def unquote(raw: str) -> str:
    """Shell quotes and backslash escapes removed; ``$VAR`` references left as written."""
    if "'" not in raw and '"' not in raw and "\\" not in raw:
        return raw
    return lex.expand(raw, "\\", _unknown, remove_quotes=True)[0]


def _unknown(name: str):
    return lex.UNKNOWN


class Word:
    """One shell word. ``raw``: as written; ``value``: quotes and escapes removed (variable
    references kept as written); ``dynamic``: holds an expansion (``$x``, ``$(...)``, backticks),
    so its value at build time is not known; ``span``: where it is in the Dockerfile (computed
    on first use: most words are never reported)."""

    __slots__ = ("raw", "value", "dynamic", "_span", "_map", "_s", "_e")

    def __init__(self, raw: str, value: str, span: Span | None, dynamic: bool = False,
                 where=None, start: int = 0, end: int = 0) -> None:
        self.raw, self.value, self.dynamic = raw, value, dynamic
        self._span, self._map, self._s, self._e = span, where, start, end

    @property
    def span(self) -> Span:
        if self._span is None:
            self._span = self._map.span(self._s, self._e)
        return self._span

    def __repr__(self) -> str:
        return f"Word({self.raw!r})"

    def __str__(self) -> str:
        return self.value


class Command:
    """A simple command. ``words``: every word, the command name first, after any
    ``NAME=value`` prefix (``assignments``) and wrapper (``sudo``, ``env``, ``xargs``...:
    ``wrappers`` holds their names); ``all_words`` is the command as written.

    ``pipeline``/``pipe_index``: commands joined by ``|`` share a pipeline number (-1: none),
    ``pipe_index`` is the position in it. ``substitution``: the command runs inside ``$(...)``
    or backticks of the word of ``parent``; ``nested``: it comes from a ``sh -c`` string.
    ``start``: offset in the RUN's script, for ordering (a cleanup must come after the install).
    ``where``: the span, or ``(map, start, end)`` to place it with on first use (``span``):
    most commands are never reported, and placing each cost a tenth of reading a script.
    ``name``: the program's base name (``/usr/bin/apt-get`` -> ``apt-get``); '' for none.
    Worked out once: the rules ask for it a dozen times a command (issue #14: 1.2 million
    calls of a property on a 100,000-RUN file); ``words`` is never changed after construction.

    A plain class, not a dataclass (issue #14: start-up), compared by identity as the
    ``eq=False`` dataclass was; one is made per command of every script, so ``__init__``
    assigns directly.
    """

    __slots__ = ("words", "all_words", "assignments", "wrappers", "where", "start", "pipeline",
                 "pipe_index", "pipe_length", "substitution", "parent", "nested", "subshell",
                 "name")

    def __init__(self, words: list[Word], all_words: list[Word], assignments: list[Word],
                 wrappers: list[str], where: object, start: int, pipeline: int = -1,
                 pipe_index: int = 0, pipe_length: int = 1, substitution: bool = False,
                 parent: Command | None = None, nested: bool = False,
                 subshell: bool = False) -> None:
        self.words = words
        self.all_words = all_words
        self.assignments = assignments
        self.wrappers = wrappers
        self.where = where
        self.start = start
        self.pipeline = pipeline
        self.pipe_index = pipe_index
        self.pipe_length = pipe_length
        self.substitution = substitution
        self.parent = parent
        self.nested = nested
        self.subshell = subshell
        if words:
            program = words[0].value
            self.name = program[program.rfind("/") + 1:]
        else:
            self.name = ""

    def __repr__(self) -> str:
        return (f"Command(words={self.words!r}, all_words={self.all_words!r}, "
                f"assignments={self.assignments!r}, wrappers={self.wrappers!r}, "
                f"where={self.where!r}, start={self.start!r}, pipeline={self.pipeline!r}, "
                f"pipe_index={self.pipe_index!r}, pipe_length={self.pipe_length!r}, "
                f"substitution={self.substitution!r}, nested={self.nested!r}, "
                f"subshell={self.subshell!r})")

    @property
    def span(self) -> Span:
        w = self.where
        if type(w) is tuple:  # not a Span (a named tuple): placed now
            w = self.where = w[0].span(w[1], w[2])
        return w

    @property
    def args(self) -> list[Word]:
        return self.words[1:]

    def values(self) -> list[str]:
        return [w.value for w in self.words[1:]]

    def has_option(self, *names: str) -> bool:
        """Whether an argument is one of ``names`` (``--opt``, ``--opt=x``, or a short letter
        inside a cluster: ``-y`` matches ``-qy``)."""
        return self.option(*names) is not None

    def option(self, *names: str) -> Word | None:
        for w in self.words[1:]:
            v = w.value
            if v == "--":
                return None
            for n in names:
                if v == n or (n.startswith("--") and v.startswith(n + "=")):
                    return w
                if (len(n) == 2 and n[0] == "-" and n[1] != "-" and v.startswith("-")
                        and not v.startswith("--") and n[1] in v[1:] and v[1:].isalpha()):
                    return w
        return None

    def text(self) -> str:
        return " ".join(w.raw for w in self.all_words)

    def environment(self) -> dict[str, str]:
        """What this command's own line puts in its environment: ``NAME=value`` prefixes and
        the ``NAME=value`` words of an ``env`` wrapper (values unquoted, variables kept)."""
        out = {}
        words = list(self.assignments)
        if "env" in self.wrappers:
            first = self.words[0] if self.words else None
            for w in self.all_words:
                if w is first:
                    break
                if _is_assignment(w.raw):
                    words.append(w)
        for w in words:
            name, _, value = w.value.partition("=")
            out[name] = value
        return out


class Script:
    """The commands of one RUN in source order (nested ones included). ``exact``: tree-sitter
    read the script without error (else the tokeniser did). ``text``: the script read.
    ``positions``: maps offsets in ``text`` to Dockerfile spans (``positions.span(start,
    end)``). A plain class compared by identity (was an ``eq=False`` dataclass; issue #14)."""

    __slots__ = ("commands", "text", "exact", "instruction", "positions", "packages")

    def __init__(self, commands: list[Command], text: str, exact: bool,
                 instruction: Instruction, positions: object = None) -> None:
        self.commands = commands
        self.text = text
        self.exact = exact
        self.instruction = instruction
        self.positions = positions
        #: its package-manager calls (``packages.package_commands``), once asked for
        self.packages: list | None = None

    def __repr__(self) -> str:
        return (f"Script(commands={self.commands!r}, text={self.text!r}, "
                f"exact={self.exact!r}, instruction={self.instruction!r})")

    def span_at(self, start: int, end: int) -> Span:
        """The Dockerfile span of ``text[start:end]``."""
        if self.positions is None:
            return self.instruction.args_span
        return self.positions.span(start, end)

    def named(self, *names: str) -> list[Command]:
        return [c for c in self.commands if c.name in names]

    def environment_of(self, cmd: Command) -> dict[str, str]:
        """The variables this script gives ``cmd`` itself: ``export NAME=value`` (or
        ``declare -x``) earlier in the script, then ``cmd``'s own ``NAME=value`` prefixes and
        ``env`` words. Variables from ENV/ARG are the Dockerfile's business, not included."""
        out: dict[str, str] = {}
        for c in self.commands:
            if c.start >= cmd.start or c is cmd:
                break
            if c.name == "export" or (c.name in ("declare", "typeset") and "-x" in c.values()):
                for w in c.args:
                    name, eq, value = w.value.partition("=")
                    if eq and _is_assignment(w.raw):
                        out[name] = value
        out.update(cmd.environment())
        return out

    def pipelines(self) -> dict[int, list[Command]]:
        out: dict[int, list[Command]] = {}
        for c in self.commands:
            if c.pipeline >= 0:
                out.setdefault(c.pipeline, []).append(c)
        for v in out.values():
            v.sort(key=lambda c: c.pipe_index)
        return out


# --------------------------------------------------------------------------------------------
# position maps


class _Map:
    """Offsets in a script -> Dockerfile spans. ``segs``: (offset, line, column0, length)."""

    __slots__ = ("segs", "offs")

    def __init__(self, segs: list[tuple[int, int, int, int]]) -> None:
        self.segs = segs or [(0, 1, 0, 0)]
        self.offs = [s[0] for s in self.segs]

    def _at(self, o: int, end: bool) -> tuple[int, int]:
        p = o - 1 if end else o
        k = max(bisect_right(self.offs, p) - 1, 0)
        if end:
            while k > 0 and p >= self.segs[k][0] + self.segs[k][3]:
                k -= 1
        off, line, col0, length = self.segs[k]
        rel = min(p - off, length) if not end else min(p - off, max(length - 1, 0))
        return line, col0 + rel + (2 if end else 1)

    def span(self, s: int, e: int) -> Span:
        a = self._at(s, False)
        if e <= s:
            return Span(*a, *a)
        b = self._at(e, True)
        return Span(*a, *b)


class _Shifted:
    """A nested script (``sh -c '...'``) inside a word of an outer one."""

    __slots__ = ("outer", "base", "limit")

    def __init__(self, outer, base: int, limit: int) -> None:
        self.outer, self.base, self.limit = outer, base, limit

    def span(self, s: int, e: int) -> Span:
        s2 = min(self.base + s, self.limit)
        return self.outer.span(s2, max(min(self.base + e, self.limit), s2))


class _Fixed:
    """Everything maps to one span (exec-form strings we cannot place more precisely)."""

    __slots__ = ("where",)

    def __init__(self, where: Span) -> None:
        self.where = where

    def span(self, s: int, e: int) -> Span:
        return self.where


def _args_map(ins: Instruction) -> _Map | _Fixed:
    pos = ins.positions
    if pos is None:
        return _Fixed(ins.args_span)
    a, b = ins.args_at, ins.args_at + len(ins.args)
    segs = []
    for off, line, col0, length in pos.segs:
        lo, hi = max(off, a), min(off + length, b)
        if hi <= lo and not (length == 0 and a <= off < b):
            continue
        segs.append((lo - a, line, col0 + (lo - off), max(hi - lo, 0)))
    return _Map(segs) if segs else _Fixed(ins.args_span)


class _LazyArgs:
    """The ``_args_map`` of an instruction, made when a first span is asked for: most scripts
    place none of their words (no finding), and making the map of every RUN cost a tenth of
    reading the scripts of a 100,000-RUN file (issue #14)."""

    __slots__ = ("ins", "real")

    def __init__(self, ins: Instruction) -> None:
        self.ins, self.real = ins, None

    def span(self, s: int, e: int) -> Span:
        real = self.real
        if real is None:
            real = self.real = _args_map(self.ins)
        return real.span(s, e)


def _body_segs(doc, base: int) -> list[tuple[int, int, int, int]]:
    segs = []
    off = base
    for k, line in enumerate(doc.body.split("\n")[:-1] if doc.body else []):
        indent = doc.indents[k] if k < len(doc.indents) else 0
        segs.append((off, doc.span.line + k, indent, len(line) + 1))
        off += len(line) + 1
    return segs


# --------------------------------------------------------------------------------------------
# entry points


def shell_kind(df: Dockerfile, ins: Instruction) -> str | None:
    """``"posix"`` when RUN scripts of this instruction's stage are POSIX shell scripts, else
    None (a SHELL instruction selecting PowerShell/cmd, or a Windows base image)."""
    stage = ins.stage
    if stage is None:
        return "posix"
    shell = _shell_in_force(df, ins)
    # Worked out once per stage and SHELL (issue #14: once per RUN was a tenth of reading
    # the scripts of a 100,000-RUN file); the answer depends on nothing else.
    memo = df.cache.get("shell-kind")
    if memo is None:
        memo = df.cache["shell-kind"] = {}
    key = (id(stage), id(shell))
    if key not in memo:
        memo[key] = _shell_kind(df, stage, shell)
    return memo[key]


def _shell_kind(df: Dockerfile, stage, shell: list[str] | None) -> str | None:
    # The image the chain starts from decides the default shell.
    root = stage.root()
    text = (root.image.text if root.image is not None else root.image_text).lower()
    windows = any(h in text for h in _WINDOWS_HINTS) or df.escape == "`"
    if shell is None:
        return None if windows else "posix"
    prog = posixpath.basename(shell[0].replace("\\", "/")).lower()
    prog = prog[:-4] if prog.endswith(".exe") else prog
    return "posix" if prog in SHELLS else None


def shell_options(df: Dockerfile, ins: Instruction) -> list[str]:
    """The arguments of the SHELL in force for ``ins`` (``["/bin/sh", "-c"]`` by default)."""
    shell = _shell_in_force(df, ins) if ins.stage is not None else None
    return list(shell) if shell is not None else ["/bin/sh", "-c"]


def _shell_in_force(df: Dockerfile, ins: Instruction) -> list[str] | None:
    """The exec form of the last ``SHELL`` before ``ins`` in its stage's lineage (the stages
    it is built ``FROM`` first), None when there is none. Worked out once per stage and
    cached on ``df``, so a file of thousands of RUNs or of chained stages stays linear."""
    stage = ins.stage
    assert stage is not None
    memo = df.cache.get("shell-in-force")
    if memo is None:
        memo = df.cache["shell-in-force"] = ({}, {})
    before, ends = memo  # by instruction: in force before it; by stage: at its end
    if id(stage) not in ends:
        chain = stage.lineage()
        plain = stage._lineage is not None  # kept only for stages built from earlier ones
        current: list[str] | None = None
        todo = chain
        if plain:  # every earlier stage's own lineage is the rest of this chain
            for i, st in enumerate(chain):
                if id(st) in ends:
                    current, todo = ends[id(st)], chain[:i]
                    break
        for st in reversed(todo):  # the root first
            mine = plain or st is stage
            for other in st.instructions:
                if mine:
                    before[id(other)] = current
                if other.keyword == "SHELL" and other.exec_form:
                    current = other.exec_form
            if mine:
                ends[id(st)] = current
    return before.get(id(ins), ends[id(stage)])


def scripts(df: Dockerfile, *, posix_only: bool = True) -> list[tuple[Instruction, Script]]:
    """Every RUN (and ONBUILD RUN) of ``df`` with its script: ``(instruction, Script)``;
    with ``posix_only`` (the default) not those a PowerShell/cmd shell runs. Cached on ``df``."""
    key = ("scripts", posix_only)
    found = df.cache.get(key)
    if found is None:
        found = df.cache[key] = list(_scripts(df, posix_only))
    return found


def _scripts(df: Dockerfile, posix_only: bool):
    # Each script is read once for both lists, kept in ``df.cache`` (by instruction), not
    # in the instruction's own cache: a script refers to its instruction, and the
    # instruction referring to it would make a reference cycle of every RUN (issue #14).
    memo = df.cache.get("script-of")
    if memo is None:
        memo = df.cache["script-of"] = {}
    for ins in df.instructions:
        target = ins.onbuild if ins.keyword == "ONBUILD" and ins.onbuild is not None else ins
        if target.keyword != "RUN":
            continue
        if posix_only and shell_kind(df, ins) is None:
            continue
        key = id(target)
        if key in memo:
            sc = memo[key]
        else:
            sc = memo[key] = script_of(target)
        if sc is not None:
            yield ins, sc


def script_of(ins: Instruction) -> Script | None:
    """The script of a RUN instruction (read anew: ``scripts`` keeps those of a tree); None
    when it has none we can read as shell (a heredoc for another interpreter)."""
    return _build(ins)


def _build(ins: Instruction) -> Script | None:
    if ins.exec_form is not None:
        return _exec_script(ins)
    text = ins.args
    if ins.heredocs:
        amap = _args_map(ins)
        words = text.split()
        markers = [w for w in words if "<<" in w]
        rest = [w for w in words if "<<" not in w]
        feeds_shell = not rest or (posixpath.basename(rest[0]) in SHELLS and not any(
            w.startswith("-") and "c" in w for w in rest[1:]))
        if feeds_shell and len(markers) == 1 and len(ins.heredocs) == 1:
            doc = ins.heredocs[0]
            first = doc.body.split("\n", 1)[0]
            if first.startswith("#!"):
                prog = first[2:].split()
                name = posixpath.basename(prog[0]) if prog else ""
                if name == "env" and len(prog) > 1:
                    name = posixpath.basename(prog[1])
                if name not in SHELLS:
                    return None
            return parse_script(doc.body, _Map(_body_segs(doc, 0)), ins)
        # BuildKit hands the shell the command line followed by the heredocs.
        segs = list(amap.segs) if isinstance(amap, _Map) else [(0, ins.args_span.line,
                                                               ins.args_span.column - 1,
                                                               len(text))]
        parts = [text, "\n"]
        off = len(text) + 1
        for doc in ins.heredocs:
            segs.extend(_body_segs(doc, off))
            parts.append(doc.body)
            off += len(doc.body)
            parts.append(doc.delimiter + "\n")
            segs.append((off, doc.span.end_line, 0, len(doc.delimiter) + 1))
            off += len(doc.delimiter) + 1
        return parse_script("".join(parts), _Map(segs), ins)
    return parse_script(text, _LazyArgs(ins), ins)


def _exec_script(ins: Instruction) -> Script | None:
    items = ins.exec_form or []
    if not items:
        return Script([], "", True, ins)
    # Place each item on the line by its JSON spelling, in order.
    words: list[Word] = []
    cursor = 0
    for item in items:
        lit = lex.json_string(item)  # json.dumps(item)
        at = ins.args.find(lit, cursor)
        if at >= 0:
            span = ins.span_of(at, at + len(lit))
            cursor = at + len(lit)
        else:
            span = ins.args_span
        words.append(Word(lit, item, span, "$" in item))
    cmd = _make_command(words, [], ins.args_span, 0)
    commands = [cmd]
    nested = _nested_ts(cmd, _Fixed(ins.args_span), ins, 0)
    commands.extend(nested)
    return Script(commands, ins.args, True, ins, _Fixed(ins.args_span))


# --------------------------------------------------------------------------------------------
# building commands


def _make_command(words: list[Word], assignments: list[Word], span: Span, start: int,
                  **kw) -> Command:
    wrappers: list[str] = []
    i = 0
    while i < len(words):
        name = words[i].value
        name = name[name.rfind("/") + 1:]  # posixpath.basename, inlined (a call a command)
        if name not in _WRAPPERS or i == len(words) - 1:
            break
        wrappers.append(name)
        i += 1
        takes = _WRAPPER_VALUE_OPTS.get(name, set())
        while i < len(words):
            v = words[i].value
            if name == "env" and "=" in v and not v.startswith("-"):
                i += 1
                continue
            if name == "timeout" and not v.startswith("-"):
                i += 1  # the duration
                break
            if not v.startswith("-") or v == "-":
                break
            i += 2 if v in takes else 1
    rest = words[i:] if i < len(words) else words[-1:]
    return Command(rest, words, assignments, wrappers, span, start, **kw)


def parse_script(text: str, amap, ins: Instruction, depth: int = 0) -> Script:
    """Read ``text`` (placed by ``amap``) into a ``Script``."""
    commands: list[Command] | None = None
    exact = False
    if not _TS or _TS[0] is not None:  # tree-sitter not tried yet, or there
        # The plain-script fast path first: it reads what tree-sitter would (see below), so
        # tree-sitter (6 ms of imports: issue #14) loads only for a script that needs it;
        # a run whose every RUN is plain (`pip install flask`) never imports it.
        commands = _plain_commands(text, amap, ins, depth)
        if commands is None:
            ts = _ts_parser()
            if ts is not None:
                commands = _ts_commands(ts, text, amap, ins, depth)
        exact = commands is not None
    if commands is None:
        commands = _token_commands(text, amap, ins, depth)
    return Script(commands, text, exact, ins, amap)


# --------------------------------------------------------------------------------------------
# tree-sitter


_TS: list = []


def _ts_parser():
    if not _TS:
        try:
            import tree_sitter
            lang = tree_sitter.Language(_bash_language())
            _TS.append(tree_sitter.Parser(lang))
        except Exception:  # noqa: BLE001 - not installed or incompatible: use the tokeniser
            _TS.append(None)
    return _TS[0]


def _bash_language():
    """tree-sitter-bash's language: from its compiled binding, loaded without the package's
    ``__init__`` when it is where the package keeps it. That ``__init__`` imports
    ``importlib.resources`` (with ``tempfile``, ``shutil``, ``bz2``, ``lzma``, ``random``,
    ``pathlib``: 5 ms of CPU of a run that reads one non-plain RUN: issue #14) only to offer
    the grammar's highlight queries, which are not needed here; ``_binding.language()`` is
    all it takes. Anything unexpected (the package already imported, not a folder with an
    ``__init__.py`` and its binding beside it) falls back on the ordinary import."""
    from importlib.machinery import EXTENSION_SUFFIXES, ExtensionFileLoader, ModuleSpec
    from importlib.util import find_spec

    # find_spec asks the import system (every finder of sys.meta_path) where the package is,
    # without running it; a package already imported, or not in a folder, goes the usual way.
    spec = find_spec("tree_sitter_bash") if "tree_sitter_bash" not in sys.modules else None
    if spec is not None and spec.origin is not None and spec.origin.endswith("__init__.py"):
        for folder in spec.submodule_search_locations or ():
            for suffix in EXTENSION_SUFFIXES:
                path = os.path.join(folder, "_binding" + suffix)
                if os.path.isfile(path):
                    loader = ExtensionFileLoader("tree_sitter_bash._binding", path)
                    binding = loader.create_module(ModuleSpec(loader.name, loader, origin=path))
                    loader.exec_module(binding)
                    return binding.language()
    import tree_sitter_bash
    return tree_sitter_bash.language()


_ARG_SKIP = frozenset({"file_redirect", "heredoc_redirect", "herestring_redirect", "comment"})


def _offset_table(text: str, data: bytes) -> list[int] | None:
    """Byte offsets (tree-sitter) -> character offsets (Python): None when they are the same
    (ASCII text), else a table indexed by byte offset."""
    if len(data) == len(text):
        return None
    table = []
    for i, ch in enumerate(text):
        table.extend([i] * len(ch.encode("utf-8", "surrogatepass")))
    table.append(len(text))
    return table


def _ts_commands(ts, text: str, amap, ins: Instruction, depth: int) -> list[Command] | None:
    data = text.encode("utf-8", "surrogatepass")
    try:
        tree = ts.parse(data)
    except Exception:  # noqa: BLE001
        return None
    root = tree.root_node
    if root.has_error:
        return None
    table = _offset_table(text, data)
    last = len(table) - 1 if table is not None else 0
    out: list[Command] = []
    pipelines = 0

    def co(b: int) -> int:
        return b if table is None else (table[b] if b <= last else table[last])

    def word(node) -> Word:
        s, e = co(node.start_byte), co(node.end_byte)
        raw = text[s:e]
        # "$" or a backtick anywhere (even single-quoted) counts as dynamic: conservative
        return Word(raw, unquote(raw), None, "$" in raw or "`" in raw, amap, s, e)

    # A walk with a stack of its own, in the order of the recursive walk it replaces (issue
    # #14): a RUN of 100,000 commands joined by && nests 100,000 deep in tree-sitter's tree,
    # which overflowed Python's recursion (every shell rule failed on it), and the recursive
    # closure made a reference cycle per RUN that only the garbage collector freed (the
    # run pauses it), so a 100,000-RUN file kept 100,000 dead walks in memory.
    # An item is (node, pipeline, pipe index, pipe length, parent, substitution, subshell);
    # (None, command) means: its words are walked, now read its ``sh -c`` string.
    stack: list[tuple] = [(root, -1, 0, 1, None, False, False)]
    pop, push = stack.pop, stack.append
    while stack:
        node, pipeline, pidx, plen, parent, subst, subshell = pop()
        if node is None:
            out.extend(_nested_ts(parent, amap, ins, depth))
            continue
        t = node.type
        if t == "pipeline":
            pid = pipelines
            pipelines += 1
            parts = [c for c in node.children if c.is_named]
            n = len(parts)
            for k in range(n - 1, -1, -1):
                push((parts[k], pid, k, n, parent, subst, subshell))
            continue
        if t in ("command", "declaration_command", "unset_command"):
            words: list[Word] = []
            assigns: list[Word] = []
            inner = []
            for c in node.children:
                ct = c.type
                if ct == "variable_assignment" and t == "command":
                    assigns.append(word(c))
                    inner.append(c)
                elif ct == "command_name":
                    words.append(word(c))
                    inner.append(c)
                elif ct in _ARG_SKIP:
                    inner.append(c)
                elif c.is_named:
                    words.append(word(c))
                    inner.append(c)
                elif t != "command" and ct in ("export", "declare", "local", "readonly",
                                              "typeset", "unset", "unsetenv"):
                    words.append(word(c))
            s, e = co(node.start_byte), co(node.end_byte)
            while words and words[0].raw in ("{", "}", "!"):
                words.pop(0)  # reserved words tree-sitter takes for a command in `! { a; }`
            if not words:
                for c in reversed(inner):
                    push((c, -1, 0, 1, parent, subst, subshell))
                continue
            cmd = _make_command(words, assigns, (amap, s, e), s, pipeline=pipeline,
                                pipe_index=pidx, pipe_length=plen, substitution=subst,
                                parent=parent, subshell=subshell)
            out.append(cmd)
            if depth < 3 and cmd.name in SHELLS:
                push((None, 0, 0, 0, cmd, False, False))
            for c in reversed(inner):
                if c.child_count and _may_hold_commands(text, co(c.start_byte),
                                                        co(c.end_byte)):
                    push((c, -1, 0, 1, cmd, subst, subshell))
            continue
        if t in ("command_substitution", "process_substitution"):
            for c in reversed(node.children):
                push((c, -1, 0, 1, parent, True, subshell))
            continue
        if t == "subshell":
            for c in reversed(node.children):
                push((c, -1, 0, 1, parent, subst, True))
            continue
        if t == "redirected_statement":
            kids = node.children
            for k in range(len(kids) - 1, 0, -1):
                push((kids[k], -1, 0, 1, parent, subst, subshell))
            if kids:
                push((kids[0], pipeline, pidx, plen, parent, subst, subshell))
            continue
        for c in reversed(node.children):
            if c.child_count or c.type == "command":
                push((c, -1, 0, 1, parent, subst, subshell))
    out.sort(key=lambda c: c.start)
    return out


# -- the plain-script fast path
#
# Most RUN scripts are plain words joined by && || ; | (``apt-get update && apt-get install
# -y curl``, ``pip install pkg``): tree-sitter's tree of them holds nothing the words do not,
# and walking it in Python cost most of the time of reading a script (issue #14: 100,000 such
# RUNs took 1.6 s). ``_plain_commands`` reads such a script itself, the commands and their
# pipelines exactly as ``_ts_commands`` reads them (tests/dockerfile/test_shell.py checks
# both agree, on the corpus and on nasty inputs), and gives up (None) on anything else:
# quotes, expansions, redirections, globs, comments, reserved words, assignments.

#: only these characters (words of them, blanks, the operators): nothing tree-sitter reads as
#: more than a word
_PLAIN = lazyre.compile(r"[A-Za-z0-9_./:=,+@%\-\t ;&|]+")
_PLAIN_NAME = lazyre.compile(r"[A-Za-z_./][A-Za-z0-9_./-]*")
_PLAIN_TOKEN = lazyre.compile(r"[A-Za-z0-9_./:=,+@%-]+|&&|\|\||[;|&]")
#: words tree-sitter-bash may read as syntax: a script holding one is left to it
_RESERVED = frozenset({
    "if", "then", "else", "elif", "fi", "case", "esac", "for", "select", "while", "until",
    "do", "done", "in", "function", "time", "coproc", "declare", "typeset", "export",
    "readonly", "local", "unset", "unsetenv", "-", "--",
})


def _plain_commands(text: str, amap, ins: Instruction, depth: int) -> list[Command] | None:
    """The commands of a plain script (see above), or None when it is not one."""
    if len(text) > 65536 or not _PLAIN.fullmatch(text):
        return None
    groups: list[list[list[tuple[int, int, str]]]] = []  # pipelines of commands of words
    pipe: list[list[tuple[int, int, str]]] = []
    words: list[tuple[int, int, str]] = []
    last = ""
    for m in _PLAIN_TOKEN.finditer(text):
        tok = m.group()
        if tok[0] not in "&|;":
            if tok in _RESERVED or tok[0] == "=" or "==" in tok[-2:] or (
                    not words and not _PLAIN_NAME.fullmatch(tok)):
                return None  # a command name tree-sitter may read otherwise (`A=1`, `2`)
            words.append((m.start(), m.end(), tok))
            continue
        if not words or tok == "&":
            return None  # an operator with no command before it, or a background job
        pipe.append(words)
        words = []
        last = tok
        if tok != "|":
            groups.append(pipe)
            pipe = []
    if words:
        pipe.append(words)
        groups.append(pipe)
    elif not groups or last != ";":
        return None  # holds no command, or ends in an operator other than ";"
    out: list[Command] = []
    pid = 0
    for pipe in groups:
        n = len(pipe)
        for k, cw in enumerate(pipe):
            ws = [Word(raw, raw, None, False, amap, s, e) for s, e, raw in cw]
            s, e = cw[0][0], cw[-1][1]
            if n > 1:
                cmd = _make_command(ws, [], (amap, s, e), s, pipeline=pid, pipe_index=k,
                                    pipe_length=n)
            else:
                cmd = _make_command(ws, [], (amap, s, e), s)
            out.append(cmd)
            if depth < 3 and cmd.name in SHELLS:
                out.extend(_nested_ts(cmd, amap, ins, depth))
        if n > 1:
            pid += 1
    return out


def _may_hold_commands(text: str, s: int, e: int) -> bool:
    """Whether ``text[s:e]`` can hold a command (substitution): only then is it walked."""
    return text.find("$(", s, e) >= 0 or text.find("`", s, e) >= 0 or \
        text.find("<(", s, e) >= 0 or text.find(">(", s, e) >= 0


def _nested_ts(cmd: Command, amap, ins: Instruction, depth: int) -> list[Command]:
    words = cmd.words
    k = 1
    if cmd.name == "busybox" and len(words) > 1 and words[1].value in SHELLS:
        k = 2
    target = None
    while k < len(words):
        v = words[k].value
        if not (v.startswith("-") or v.startswith("+")):
            break
        if v.startswith("-") and not v.startswith("--") and "c" in v[1:]:
            target = words[k + 1] if k + 1 < len(words) else None
            break
        k += 2 if v in ("-o", "+o") else 1
    if target is None:
        return []
    raw = target.raw
    sub = _Fixed(target.span)
    # A single- or double-quoted word maps character for character (one column of quote).
    if len(raw) >= 2 and raw[0] in "'\"" and raw[-1] == raw[0] and raw[1:-1] == target.value:
        sub = _SpanShift(target.span, amap, raw)
    inner = parse_script(target.value, sub, ins, depth=depth + 1)
    if not raw.startswith("'"):
        # The outer parse already saw the substitutions of an unquoted or double-quoted word.
        inner.commands = [c for c in inner.commands if not c.substitution
                          and not (c.words and c.words[0].value.startswith(("$(", "`")))]
    renumber: dict[int, int] = {}
    for c in inner.commands:
        if c.pipeline >= 0:
            c.pipeline = renumber.setdefault(c.pipeline, next(_PIPE_IDS))
        c.nested = True
        c.start = cmd.start
        if c.parent is None:
            c.parent = cmd
    return inner.commands


_PIPE_IDS = itertools.count(1 << 20)


class _SpanShift:
    """Offsets in the value of a quoted word -> spans, through the word's own span when the
    word sits on one line (else everything maps to the word)."""

    __slots__ = ("where", "single_line")

    def __init__(self, where: Span, amap, raw: str) -> None:
        self.where = where
        self.single_line = where.line == where.end_line and "\n" not in raw

    def span(self, s: int, e: int) -> Span:
        w = self.where
        if not self.single_line:
            return w
        col = w.column + 1
        last = w.end_column - 1
        a = min(col + s, last)
        b = min(col + max(e, s), last)
        return Span(w.line, a, w.line, max(b, a))


# --------------------------------------------------------------------------------------------
# the tokeniser fallback

_OPS = ("&&", "||", ";;", "|&", ";", "|", "&", "\n", "(", ")")
_KEYWORDS = frozenset({"if", "then", "else", "elif", "fi", "do", "done", "while", "until",
                       "!", "{", "}", "in", "esac"})


def tokenize(text: str) -> list[tuple[str, int, int]]:
    """Split ``text`` into words and operators: ``[(kind, start, end)]`` with kind ``"word"``
    or the operator itself (``"&&"``, ``"|"``, ``";"``, ``"\\n"``, ``"("``...).

    Quotes (``'...'``, ``"..."``), backslash escapes, ``$(...)``, ``${...}`` and backticks stay
    inside their word, so an operator inside them is not one. ``#`` at the start of a word
    starts a comment to the end of the line. Never raises.
    """
    out: list[tuple[str, int, int]] = []
    n = len(text)
    i = 0
    ws = -1
    heredocs: list[tuple[str, bool]] = []
    while i < n:
        ch = text[i]
        if ch in " \t\r":
            if ws >= 0:
                out.append(("word", ws, i))
                hd = _heredoc_word(text[ws:i])
                if hd:
                    heredocs.append(hd)
                ws = -1
            i += 1
            continue
        if ch == "#" and ws < 0:
            j = text.find("\n", i)
            i = n if j < 0 else j
            continue
        if ch == "\\":
            if i + 1 < n and text[i + 1] == "\n":
                if ws >= 0:
                    out.append(("word", ws, i))
                    ws = -1
                i += 2
                continue
            if ws < 0:
                ws = i
            i += 2
            continue
        if ch in "'\"`":
            if ws < 0:
                ws = i
            i = _skip_quote(text, i)
            continue
        if ch == "$" and i + 1 < n and text[i + 1] in "({":
            if ws < 0:
                ws = i
            i = _skip_group(text, i + 1)
            continue
        if ch == "\n" and ws >= 0:
            out.append(("word", ws, i))
            hd = _heredoc_word(text[ws:i])
            if hd:
                heredocs.append(hd)
            ws = -1
        if ch == "\n" and heredocs:
            out.append(("\n", i, i + 1))
            i = _skip_bodies(text, i + 1, heredocs)
            heredocs = []
            continue
        op = next((o for o in _OPS if text.startswith(o, i)), None)
        if op == "&" and i > 0 and text[i - 1] in "<>":
            op = None  # 2>&1: part of the redirection word
        if op is not None and not (op == "(" and ws >= 0):
            if ws >= 0:
                out.append(("word", ws, i))
                ws = -1
            if op in ("&", "|") and i + 1 < n and text[i + 1] == ">":
                ws = i  # &> redirection: part of a word
                i += 2
                continue
            out.append((op, i, i + len(op)))
            i += len(op)
            continue
        if ws < 0:
            ws = i
        i += 1
    if ws >= 0:
        out.append(("word", ws, n))
    return out


def _heredoc_word(word: str) -> tuple[str, bool] | None:
    """``(delimiter, strip_tabs)`` when ``word`` opens a heredoc (``<<EOF``, ``<<-'EOF'``)."""
    at = word.find("<<")
    if at < 0 or word.startswith("<<<", at):
        return None
    rest = word[at + 2:]
    strip = rest.startswith("-")
    name = unquote(rest[1:] if strip else rest)
    return (name, strip) if name else None


def _skip_bodies(text: str, i: int, heredocs: list[tuple[str, bool]]) -> int:
    """Skip the bodies of ``heredocs`` starting at ``i``; return the offset after them."""
    n = len(text)
    for name, strip in heredocs:
        while i < n:
            j = text.find("\n", i)
            j = n if j < 0 else j
            line = text[i:j]
            i = j + 1
            if (line.lstrip("\t") if strip else line) == name:
                break
    return min(i, n)


def _skip_quote(text: str, i: int) -> int:
    q = text[i]
    n = len(text)
    j = i + 1
    while j < n:
        c = text[j]
        if c == "\\" and q != "'":
            j += 2
            continue
        if c == q:
            return j + 1
        j += 1
    return n


def _skip_group(text: str, i: int) -> int:
    """``text[i]`` is ``(`` or ``{``; return the index after the matching close."""
    open_, close = text[i], ")" if text[i] == "(" else "}"
    depth = 0
    n = len(text)
    j = i
    while j < n:
        c = text[j]
        if c == "\\":
            j += 2
            continue
        if c in "'\"`" and (c != "'" or open_ == "("):
            j = _skip_quote(text, j)
            continue
        if c == open_:
            depth += 1
        elif c == close:
            depth -= 1
            if depth == 0:
                return j + 1
        j += 1
    return n


def _token_commands(text: str, amap, ins: Instruction, depth: int) -> list[Command]:
    tokens = tokenize(text)
    out: list[Command] = []
    current: list[tuple[int, int]] = []
    pipeline = -1
    pipe_index = 0
    next_pipe = [0]
    pending: list[Command] = []  # commands of the current pipeline
    case_depth = [0]

    def flush(op: str) -> None:
        nonlocal current, pipeline, pipe_index
        words = [Word(text[s:e], unquote(text[s:e]), amap.span(s, e),
                      "$" in text[s:e] or "`" in text[s:e]) for s, e in current]
        current = []
        while words and words[0].value in _KEYWORDS:
            if words[0].value == "esac":
                case_depth[0] = max(case_depth[0] - 1, 0)
            words.pop(0)
        if words and words[0].value == "case":
            case_depth[0] += 1
        if words and words[0].value in ("for", "case", "select", "function"):
            words = []  # `for x in a b`: the words are not a command
        if op == ")" and words and (case_depth[0] > 0 or words[-1].raw.endswith("(")):
            words = []  # a case pattern `x86_64)` or a function definition `name()`
        words = _drop_redirections(words)
        assigns = []
        while words and _is_assignment(words[0].raw):
            assigns.append(words.pop(0))
        cmd = None
        if words:
            first, last = words[0].span, words[-1].span
            cmd = _make_command(words, assigns, Span(first.line, first.column, last.end_line,
                                                     last.end_column),
                                _start_of(words))
            out.append(cmd)
            if depth < 3 and cmd.name in SHELLS:
                out.extend(_nested_ts(cmd, amap, ins, depth))
        if op == "|":
            if pipeline < 0:
                pipeline = next_pipe[0]
                next_pipe[0] += 1
                pipe_index = 0
            if cmd is not None:
                cmd.pipeline, cmd.pipe_index = pipeline, pipe_index
                pending.append(cmd)
                pipe_index += 1
        else:
            if pipeline >= 0 and cmd is not None:
                cmd.pipeline, cmd.pipe_index = pipeline, pipe_index
                pending.append(cmd)
            for c in pending:
                c.pipe_length = len(pending)
            pending.clear()
            pipeline = -1

    for kind, s, e in tokens:
        if kind == "word":
            current.append((s, e))
        else:
            flush(kind)
    flush("end")
    return out


_REDIRECT_OPS = frozenset({">", ">>", "<", "<<<", "&>", "&>>", ">&", "<&", ">|", "<>"})


def _drop_redirections(words: list[Word]) -> list[Word]:
    out: list[Word] = []
    skip = False
    for w in words:
        if skip:
            skip = False
            continue
        op = w.raw.lstrip("0123456789")
        if op in _REDIRECT_OPS:
            skip = True
            continue
        if op[:1] in "<>" and op or op.startswith("&>"):
            continue  # >file, 2>/dev/null, <<EOF
        out.append(w)
    return out


def _start_of(words: list[Word]) -> int:
    # Words carry spans, not offsets; order by line/column is what callers need.
    s = words[0].span
    return s.line * 100000 + s.column


def _is_assignment(raw: str) -> bool:
    name, eq, _ = raw.partition("=")
    return bool(eq) and name.replace("_", "a").isalnum() and not name[0].isdigit()
