"""The Dockerfile syntax tree: directives, comments, instructions, stages and build arguments.

Every node keeps its ``Span`` (1-based line and column, ``end_column`` exclusive). The tree is
built by ``linter.dockerfile.parser``; rules only read it.

Variable expansion lives here (``Dockerfile.expand``) because it needs the whole tree: which
ARGs are global, which are redeclared in a stage, which ENVs a stage inherits from the stage it
is built ``FROM``. The scoping follows BuildKit:

* In ``FROM`` only global ARGs (declared before the first FROM) and BuildKit's automatic
  platform ARGs (``TARGETARCH`` ...) are visible.
* Inside a stage a global ARG is visible only after it is redeclared (``ARG NAME`` without a
  value inherits the global default); the stage's own ARG and ENV values become visible after
  their instruction; ENV wins over an ARG of the same name; a stage built ``FROM`` an earlier
  stage inherits that stage's ENV (not its ARGs).
* A declared ARG without a default counts as *unset* (what ``docker build`` does when no
  ``--build-arg`` is given): ``${TAG:-3.19}`` gives ``3.19`` and is known, plain ``${TAG}`` is
  left as written and makes the result unknown.
* A name that no ARG/ENV of the Dockerfile declares is *unknown* inside a stage (the base
  image's ENV may define it: ``$PATH``, ``$JAVA_HOME``), so even its modifier forms stay as
  written; in ``FROM`` it is unset (nothing can supply it).
* Automatic platform ARGs are always unknown (the builder decides them).

The node classes are plain classes (``linter.plain``), not dataclasses (issue #14): building
nine dataclasses cost some 3 ms of every Dockerfile run's start-up. Their ``__init__`` assigns
each field directly (nodes are made in bulk), ``__slots__`` are kept, and equality, hashing and
``repr`` are the dataclasses' (tests/dockerfile/test_tree.py checks them).
"""

from __future__ import annotations

from _weakref import ref as _ref  # weakref.ref, without the weakref module (start-up)
from bisect import bisect_left

from ..findings import Span
from ..image import ImageReference
from ..plain import Plain
from . import lex

__all__ = [
    "Directive", "Comment", "Flag", "Heredoc", "KeyValue", "Instruction", "BuildArg", "Stage",
    "Dockerfile", "AUTOMATIC_ARGS",
]

#: ARGs that BuildKit defines by itself in the global scope (usable in FROM without a
#: declaration, and in a stage after ``ARG NAME``). Their values depend on the build machine.
AUTOMATIC_ARGS = frozenset({
    "BUILDPLATFORM", "BUILDOS", "BUILDARCH", "BUILDVARIANT",
    "TARGETPLATFORM", "TARGETOS", "TARGETARCH", "TARGETVARIANT",
})


class Directive(Plain):
    """A parser directive from the leading comment block: ``# syntax=``, ``# escape=``,
    ``# check=``. ``name`` is lower case."""

    __slots__ = FIELDS = ("name", "value", "span")

    def __init__(self, name: str, value: str, span: Span) -> None:
        self.name = name
        self.value = value
        self.span = span


class Comment(Plain):
    """A comment line (not a directive). ``text`` is without the ``#``, stripped."""

    __slots__ = FIELDS = ("text", "span")

    def __init__(self, text: str, span: Span) -> None:
        self.text = text
        self.span = span


class Flag(Plain):
    """An instruction flag: ``--name=value`` (quotes removed) or bare ``--name`` (value None)."""

    __slots__ = FIELDS = ("name", "value", "span")

    def __init__(self, name: str, value: str | None, span: Span) -> None:
        self.name = name
        self.value = value
        self.span = span


class Heredoc(Plain):
    """A here-document of RUN/COPY/ADD (``<<EOF`` ... ``EOF``).

    ``body``: the lines between the marker line and the closing delimiter, each ending in
    ``\\n``; with ``<<-`` (``strip_tabs``) leading tabs are removed from every line. ``quoted``:
    the delimiter was quoted (``<<"EOF"``), so the body is not variable-expanded. ``span``:
    the body lines plus the closing delimiter line (to the end of the file if unterminated).
    ``indents``: tabs removed from the start of each body line by ``<<-`` (empty when none
    were).
    """

    __slots__ = FIELDS = ("delimiter", "body", "quoted", "strip_tabs", "span", "indents")

    def __init__(self, delimiter: str, body: str, quoted: bool, strip_tabs: bool, span: Span,
                 indents: tuple = ()) -> None:
        self.delimiter = delimiter
        self.body = body
        self.quoted = quoted
        self.strip_tabs = strip_tabs
        self.span = span
        self.indents = indents


class KeyValue(Plain):
    """One ``key=value`` (or legacy ``key value``) of ENV/LABEL, or one name of ARG.

    ``value``: quotes and escapes removed, variables *not* expanded; None for ``ARG NAME``.
    ``raw_value``: as written. ``legacy``: the ``ENV key value`` / ``LABEL key value`` form.
    """

    __slots__ = FIELDS = ("key", "value", "raw_value", "span", "legacy")

    def __init__(self, key: str, value: str | None, raw_value: str | None, span: Span,
                 legacy: bool = False) -> None:
        self.key = key
        self.value = value
        self.raw_value = raw_value
        self.span = span
        self.legacy = legacy


class Instruction(Plain):
    """One instruction, continuation lines and heredoc bodies included.

    ``args``: the argument text after the flags, continuation lines joined the way BuildKit
    joins them (escape + line break removed, nothing inserted; comment and blank lines inside
    the continuation dropped), trailing whitespace removed. ``exec_form``: the JSON array of
    RUN/CMD/ENTRYPOINT/SHELL/COPY/ADD/VOLUME (for HEALTHCHECK: of its ``CMD``), else None.
    ``key_values``: the pairs of ENV/LABEL and the names of ARG (empty for other keywords).
    ``stage``: the stage the instruction belongs to (None for a global ARG). ``args_at`` and
    ``positions``: where ``args`` starts in the joined logical line, and the map from offsets
    in that line to Dockerfile lines and columns (``span_of`` uses them to place words of
    ``args``). ``cache``: derived views of this instruction (the shell analysis of a RUN, ...).

    Equality and ``repr`` are those of the dataclass this was (``FIELDS``: ``stage``,
    ``args_at``, ``positions`` and ``cache`` left out); not hashable.
    """

    __slots__ = ("keyword", "raw_keyword", "flags", "args", "exec_form", "heredocs", "span",
                 "args_span", "onbuild", "_stage", "key_values", "args_at", "positions", "cache")
    FIELDS = ("keyword", "raw_keyword", "flags", "args", "exec_form", "heredocs", "span",
              "args_span", "onbuild", "key_values")

    def __init__(self, keyword: str, raw_keyword: str, flags: list[Flag], args: str,
                 exec_form: list[str] | None, heredocs: list[Heredoc], span: Span,
                 args_span: Span, onbuild: Instruction | None = None,
                 stage: Stage | None = None, key_values: list[KeyValue] | None = None,
                 args_at: int = 0, positions: object = None, cache: dict | None = None) -> None:
        # Direct assignments (one Instruction per instruction of every file: issue #14).
        self.keyword = keyword
        self.raw_keyword = raw_keyword
        self.flags = flags
        self.args = args
        self.exec_form = exec_form
        self.heredocs = heredocs
        self.span = span
        self.args_span = args_span
        self.onbuild = onbuild
        self._stage = None if stage is None else _ref(stage)
        self.key_values = [] if key_values is None else key_values
        self.args_at = args_at
        self.positions = positions
        self.cache = {} if cache is None else cache

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return (self.keyword, self.raw_keyword, self.flags, self.args, self.exec_form,
                    self.heredocs, self.span, self.args_span, self.onbuild,
                    self.key_values) == (
                other.keyword, other.raw_keyword, other.flags, other.args,  # type: ignore
                other.exec_form, other.heredocs, other.span, other.args_span,  # type: ignore
                other.onbuild, other.key_values)  # type: ignore[attr-defined]
        return NotImplemented

    @property
    def stage(self) -> Stage | None:
        """The stage the instruction belongs to (None for a global ARG). Held by a weak
        reference: the stage holds its instructions, and a reference back would make every
        tree a cycle that only the garbage collector frees (issue #14: a batch collected
        every 256 Dockerfiles). The ``Dockerfile`` holds its stages, so this is the stage
        for as long as the tree is kept; an instruction kept without its tree loses it."""
        ref = self._stage
        return None if ref is None else ref()

    @stage.setter
    def stage(self, stage: Stage | None) -> None:
        self._stage = None if stage is None else _ref(stage)

    def __getstate__(self) -> dict:  # a weak reference does not pickle: the stage itself
        state = {name: getattr(self, name) for name in self.__slots__ if hasattr(self, name)}
        state["_stage"] = self.stage
        return state

    def __setstate__(self, state: dict) -> None:
        for name, value in state.items():
            setattr(self, "stage" if name == "_stage" else name, value)

    def span_of(self, start: int, end: int) -> Span:
        """The span of ``args[start:end]`` in the Dockerfile (continuation lines mapped)."""
        if self.positions is None:
            return self.args_span
        return self.positions.span(self.args_at + start, self.args_at + end)

    def flag(self, name: str) -> Flag | None:
        """The first flag called ``name`` (without ``--``), or None."""
        for f in self.flags:
            if f.name == name:
                return f
        return None

    def pairs(self) -> list[tuple[str, str | None, Span]]:
        """``(key, value, span)`` of every ``key_values`` item (value None for ``ARG NAME``)."""
        return [(kv.key, kv.value, kv.span) for kv in self.key_values]

    def flags_named(self, name: str) -> list[Flag]:
        """Every flag called ``name`` (``--mount`` and ``--exclude`` may repeat)."""
        return [f for f in self.flags if f.name == name]

    @property
    def is_exec_form(self) -> bool:
        return self.exec_form is not None


class BuildArg(Plain):
    """One name declared by ``ARG``. ``default``: quotes removed, not expanded; None when the
    ARG has no ``=value``. ``raw_default``: as written. (``repr`` leaves ``instruction`` and
    ``raw_default`` out; equality compares them.)"""

    __slots__ = FIELDS = ("name", "default", "span", "instruction", "raw_default")

    def __init__(self, name: str, default: str | None, span: Span, instruction: Instruction,
                 raw_default: str | None = None) -> None:
        self.name = name
        self.default = default
        self.span = span
        self.instruction = instruction
        self.raw_default = raw_default

    def __repr__(self) -> str:
        return f"BuildArg(name={self.name!r}, default={self.default!r}, span={self.span!r})"


class Stage(Plain):
    """A build stage: one FROM and the instructions up to the next FROM (in a file without
    FROM, every instruction: see ``implicit``).

    ``image_text``: the image as written. ``image``: parsed from the *expanded* text; its
    ``unknown`` is True when expansion left unresolved parts. ``base_stage``: the earlier stage
    that FROM names (alias compared case-insensitively after expansion), else None.
    ``implicit``: the one stage of a fragment (a file without FROM): its FROM is made up, with
    an empty image; rules that judge what a stage lacks (no USER, no HEALTHCHECK) skip it.

    A stage is itself (compared by identity, hashable): two stages are never the same because
    they read alike, and ``stage in chain`` costs nothing however long the chain. ``repr``
    shows ``FIELDS``.
    """

    __slots__ = ("index", "from_instruction", "image_text", "image", "base_stage", "alias",
                 "platform", "instructions", "args", "implicit", "_lineage", "__weakref__")
    FIELDS = ("index", "from_instruction", "image_text", "image", "alias", "platform", "args",
              "implicit")
    __eq__ = object.__eq__
    __hash__ = object.__hash__

    def __init__(self, index: int, from_instruction: Instruction, image_text: str,
                 image: ImageReference, base_stage: Stage | None, alias: str | None,
                 platform: str | None, instructions: list[Instruction] | None = None,
                 args: list[BuildArg] | None = None, implicit: bool = False,
                 _lineage: list[Stage] | None = None) -> None:
        self.index = index
        self.from_instruction = from_instruction
        self.image_text = image_text
        self.image = image
        self.base_stage = base_stage
        self.alias = alias
        self.platform = platform
        self.instructions = [] if instructions is None else instructions
        self.args = [] if args is None else args
        self.implicit = implicit
        self._lineage = _lineage

    @property
    def name(self) -> str:
        """The alias, or the index as text (how ``COPY --from`` can name an unnamed stage)."""
        return self.alias if self.alias is not None else str(self.index)

    def lineage(self) -> list["Stage"]:
        """This stage, the earlier stage it is built ``FROM``, that one's, ...: the stages
        whose instructions shaped this stage's filesystem and settings (cycle-safe). A new
        list each call. The stages it is built from (``_lineage``) are worked out once per
        stage, from its base's, so a file of chained stages stays linear; they are kept
        without the stage itself, which would make each stage a reference cycle (issue #14:
        trees the garbage collector must free)."""
        if self._lineage is not None:
            return [self, *self._lineage]
        chain: list[Stage] = []
        s: Stage | None = self
        while s is not None and s._lineage is None:
            base = s.base_stage
            if base is not None and base.index >= s.index:  # not built from an earlier stage
                return self._walk()
            chain.append(s)
            s = base
        tail = [s, *s._lineage] if s is not None and s._lineage is not None else []
        for st in reversed(chain):
            st._lineage = tail
            tail = [st, *tail]
        return tail

    def root(self) -> "Stage":
        """The last stage of ``lineage()``: the one built from an image, not a stage (without
        the copy of the chain ``lineage()`` makes)."""
        chain = self._lineage
        if chain is None:
            return self.lineage()[-1]
        return chain[-1] if chain else self

    def _walk(self) -> list["Stage"]:
        out: list[Stage] = []
        seen: set[int] = set()
        s: Stage | None = self
        while s is not None and id(s) not in seen:
            seen.add(id(s))
            out.append(s)
            s = s.base_stage
        return out

    def instructions_named(self, keyword: str) -> list[Instruction]:
        keyword = keyword.upper()
        return [i for i in self.instructions if i.keyword == keyword]


_Scope = dict  # name -> lex.Var | lex.UNSET | lex.UNKNOWN


class Dockerfile(Plain):
    """A parsed Dockerfile.

    ``instructions``: every top-level instruction in order (global ARGs included; the nested
    instruction of ONBUILD is in ``Instruction.onbuild``). ``comments``: every comment line
    that is not a parser directive (comments inside continuations included, heredoc body lines
    excluded). ``empty_continuation_lines``: 1-based numbers of blank lines inside a
    continuation (accepted by BuildKit with a deprecation warning). ``carriage_returns``:
    (line, column, keyword, place) of the first ``\r`` alone on each line that holds one, a
    line break for an editor and not for Docker (``source.split_lines``), the instruction
    keyword written right after it, if any, and whether it starts the line or is in a
    comment (``parser._carriage_returns``). ``cache``: derived views
    shared by rules (the RUN scripts of ``shell.scripts``, ...). Equality and ``repr``: of
    ``FIELDS``.
    """

    __slots__ = ("path", "directives", "escape", "instructions", "global_args", "stages",
                 "comments", "empty_continuation_lines", "carriage_returns", "_scopes",
                 "cache")
    FIELDS = ("path", "directives", "escape", "instructions", "global_args", "stages",
              "comments", "empty_continuation_lines", "carriage_returns")

    def __init__(self, path: str, directives: dict[str, Directive], escape: str,
                 instructions: list[Instruction], global_args: list[BuildArg],
                 stages: list[Stage], comments: list[Comment],
                 empty_continuation_lines: list[int] | None = None,
                 carriage_returns: list[tuple[int, int, str, str]] | None = None,
                 _scopes: dict | None = None, cache: dict | None = None) -> None:
        self.path = path
        self.directives = directives
        self.escape = escape
        self.instructions = instructions
        self.global_args = global_args
        self.stages = stages
        self.comments = comments
        self.empty_continuation_lines = ([] if empty_continuation_lines is None
                                         else empty_continuation_lines)
        self.carriage_returns = [] if carriage_returns is None else carriage_returns
        self._scopes = {} if _scopes is None else _scopes
        self.cache = {} if cache is None else cache

    @property
    def final_stage(self) -> Stage | None:
        return self.stages[-1] if self.stages else None

    @property
    def fragment(self) -> bool:
        """The file has no FROM: its instructions are read as one stage built from an unknown
        image (``Stage.implicit``), as if a FROM preceded them."""
        return bool(self.stages) and self.stages[0].implicit

    def shipped_stages(self) -> list[Stage]:
        """The final stage and the stages it is built ``FROM``: their layers are in the
        image; other stages are discarded (only files they produce may be copied out)."""
        return self.final_stage.lineage() if self.final_stage is not None else []

    def stage_named(self, name: str) -> Stage | None:
        """The stage whose alias is ``name`` (case-insensitive); failing that, a stage index
        written as digits (``COPY --from=0``); else None."""
        wanted = name.lower()
        for stage in self.stages:
            if stage.alias is not None and stage.alias.lower() == wanted:
                return stage
        if name.isdigit() and len(name) < 6 and int(name) < len(self.stages):
            return self.stages[int(name)]
        return None

    def expand(self, text: str, stage: Stage | None = None,
               at: Instruction | None = None) -> tuple[str, bool]:
        """Expand variables in ``text``; return ``(expanded, fully_known)``.

        ``stage`` None: the scope of FROM (global ARGs). With a stage: its scope at the end of
        the stage, or just before the instruction ``at`` when given. Unresolved references
        stay in the text verbatim. Quotes are kept; an escaped ``$`` becomes ``$``.
        """
        return lex.expand(text, self.escape, self._lookup(stage, at))

    # -- scopes ---------------------------------------------------------------------------

    def _lookup(self, stage: Stage | None, at: Instruction | None = None) -> lex.Lookup:
        if stage is None:
            scope = self.global_scope()

            def lookup_global(name: str):
                var = scope.get(name)
                if var is None:
                    return lex.UNKNOWN if name in AUTOMATIC_ARGS else lex.UNSET
                return var
            return lookup_global
        if at is None:
            env, args = self._stage_scope(stage)
        else:
            found = self._stage_history(stage).at(at)
            if found is not None:
                return found
            env, args = self._stage_scope(stage)

        def lookup_stage(name: str):
            var = env.get(name)
            if var is None:
                var = args.get(name)
            return lex.UNKNOWN if var is None else var
        return lookup_stage

    def global_scope(self) -> _Scope:
        scope = self._scopes.get("global")
        if scope is not None:
            return scope
        scope = {}
        self._scopes["global"] = scope

        def lookup(name: str):
            var = scope.get(name)
            if var is None:
                return lex.UNKNOWN if name in AUTOMATIC_ARGS else lex.UNSET
            return var
        for arg in self.global_args:
            if arg.raw_default is None:
                scope[arg.name] = lex.UNKNOWN if arg.name in AUTOMATIC_ARGS else lex.UNSET
            else:
                scope[arg.name] = lex.Var(*lex.expand(arg.raw_default, self.escape, lookup,
                                                      remove_quotes=True))
        return scope

    def _stage_scope(self, stage: Stage) -> tuple[_Scope, _Scope]:
        """(ENV scope, ARG scope) at the end of ``stage``."""
        return self._stage_history(stage).end

    def _stage_history(self, stage: Stage) -> "_History":
        # Fill the cache in stage order so a chain of FROM-a-stage never recurses deeply.
        for earlier in self.stages[:stage.index]:
            if ("stage", earlier.index) not in self._scopes:
                self._scopes[("stage", earlier.index)] = self._replay(earlier)
        key = ("stage", stage.index)
        found = self._scopes.get(key)
        if found is None:
            found = self._scopes[key] = self._replay(stage)
        return found

    def _replay(self, stage: Stage) -> "_History":
        """Replay the ARGs and ENVs of ``stage`` once, in order, keeping every assignment with
        the position of its instruction: the scope before any instruction is then a lookup
        away. (Issue #14: replaying the stage up to each instruction asked about, and finding
        the instruction with ``in`` and dataclass equality, was quadratic: a 10,000-line
        stage took 10 s. The values are the ones the replay up to that instruction gave.)"""
        env: _Scope = {}
        base = stage.base_stage
        if base is not None and base.index < stage.index:
            found = self._scopes.get(("stage", base.index))
            if found is not None:
                env = dict(found.end[0])
        inherited = dict(env)
        args: _Scope = {}
        env_hist: dict[str, tuple[list[int], list]] = {}
        arg_hist: dict[str, tuple[list[int], list]] = {}
        glob = self.global_scope()

        def lookup(name: str):
            var = env.get(name)
            if var is None:
                var = args.get(name)
            return lex.UNKNOWN if var is None else var

        def record(hist: dict, name: str, p: int, value) -> None:
            h = hist.get(name)
            if h is None:
                h = hist[name] = ([], [])
            h[0].append(p)
            h[1].append(value)
        for p, ins in enumerate(stage.instructions):
            if p == 0:
                continue  # the FROM
            if ins.keyword == "ARG":
                for kv in ins.key_values:
                    if kv.raw_value is None:
                        if kv.key in glob:
                            value = glob[kv.key]
                        else:
                            value = lex.UNKNOWN if kv.key in AUTOMATIC_ARGS else lex.UNSET
                    else:
                        value = lex.Var(*lex.expand(kv.raw_value, self.escape, lookup,
                                                    remove_quotes=True))
                    args[kv.key] = value
                    record(arg_hist, kv.key, p, value)
            elif ins.keyword == "ENV":
                # Every pair of one ENV sees the values from before that ENV (docker semantics).
                new = [(kv.key, lex.Var(*lex.expand(kv.raw_value or "", self.escape, lookup,
                                                    remove_quotes=True)))
                       for kv in ins.key_values]
                env.update(new)
                for name, value in new:
                    record(env_hist, name, p, value)
        return _History(stage, (env, args), inherited, env_hist, arg_hist)


class _History:
    """Every ARG/ENV assignment of one stage, by name, with the position (index in
    ``stage.instructions``) of its instruction; ``end``: the scopes at the end of the stage."""

    __slots__ = ("stage", "end", "inherited", "env", "args", "_where")

    def __init__(self, stage: Stage, end: tuple[_Scope, _Scope], inherited: _Scope,
                 env: dict, args: dict) -> None:
        self.stage, self.end, self.inherited, self.env, self.args = (stage, end, inherited,
                                                                     env, args)
        self._where: dict[int, int] | None = None

    def at(self, ins: Instruction) -> lex.Lookup | None:
        """The lookup of the scope just before ``ins``; None when ``ins`` is not one of the
        stage's instructions after its FROM (the replay never stopped there: the scope is the
        one at the end)."""
        if self._where is None:
            self._where = {id(x): p for p, x in enumerate(self.stage.instructions)}
        p = self._where.get(id(ins), 0)
        if p == 0:
            return None
        env, args, inherited = self.env, self.args, self.inherited

        def lookup_before(name: str):
            h = env.get(name)
            if h is not None:
                k = bisect_left(h[0], p)
                if k:
                    return h[1][k - 1]
            var = inherited.get(name)
            if var is not None:
                return var
            h = args.get(name)
            if h is not None:
                k = bisect_left(h[0], p)
                if k:
                    return h[1][k - 1]
            return lex.UNKNOWN
        return lookup_before
