"""Fixes shared by the Dockerfile rules (see ``linter.fix``): an option added after a package
manager's action (``apt-get install -y``), a cleanup command appended to the end of a RUN
(``&& rm -rf /var/lib/apt/lists/*``), a shell-form command written as its exec form.

An edit is placed by the spans of the script's words, so it is written only where they are
exact: a word on one line whose span holds exactly its text (not the JSON strings of an
exec-form RUN, not a ``sh -c`` string with escapes, which map to the whole string).
"""

from __future__ import annotations


from linter import lazyre
from linter.dockerfile import Dockerfile, Instruction, lex
from linter.dockerfile.packages import PackageCommand
from linter.dockerfile.shell import Script, Word, tokenize, unquote
from linter.findings import Autofix, Edit, insert, replace


def exact(word: Word) -> bool:
    """Whether ``word``'s span is the word as written, on one line (so text can be put
    right after it)."""
    s = word.span
    return s.line == s.end_line and s.end_column - s.column == len(word.raw)


def _editable(sc: Script, pc: PackageCommand) -> bool:
    """The command's words are shell words of the Dockerfile text (not the JSON strings of
    an exec-form RUN: there an option would have to be a new array item)."""
    return not (sc.instruction.exec_form is not None and not pc.command.nested)


def action_word(pc: PackageCommand) -> Word | None:
    """The word of the action (``install`` in ``apt-get -q install curl``): the first
    argument of the manager that is no option or option value."""
    values = {id(v) for v in pc.values.values()}
    options = {id(o) for o in pc.options}
    for w in pc.command.words[pc.args_from:]:
        if id(w) in options or id(w) in values:
            continue
        return w
    return None


def add_option(sc: Script, pc: PackageCommand, option: str, *, safe: bool = True,
               before_action: bool = False) -> Autofix | None:
    """A fix that writes ``option`` right after the manager's action (``apk add
    --no-cache``), or right after the manager's name with ``before_action`` (zypper's
    global ``--non-interactive``). None where the words cannot be placed exactly."""
    if not _editable(sc, pc):
        return None
    word = pc.command.words[pc.args_from - 1] if before_action else action_word(pc)
    if word is None or not exact(word):
        return None
    s = word.span
    return Autofix(f"add {option} to {pc.manager} {pc.verb}".rstrip(),
                   (insert(s.end_line, s.end_column, f" {option}"),), safe)


def append_command(df: Dockerfile, ins: Instruction, sc: Script, command: str) -> Edit | None:
    """An edit that runs ``command`` at the end of a RUN's script, when everything before it
    succeeded: `` && command`` after the last word of a shell-form RUN (on a new
    continuation line of its own when the RUN writes one ``&& ...`` per line, indented
    like them), or a line of its own at the end of a heredoc that is the RUN's script.
    None for an exec-form RUN, a script that ends in an operator or a comment, or one whose
    end the spans do not show."""
    target = ins.onbuild if ins.keyword == "ONBUILD" and ins.onbuild is not None else ins
    if target.exec_form is not None or target.keyword != "RUN":
        return None
    if target.heredocs:
        return _append_to_heredoc(target, sc, command)
    text = target.args
    tokens = tokenize(text)
    if not tokens or tokens[-1][0] != "word" or text[tokens[-1][2]:].strip() or not sc.exact:
        return None  # ends in an operator or a comment, or the shell parser had doubts
    end = target.span_of(tokens[-1][1], tokens[-1][2])
    if end.line != end.end_line:
        return None
    line_edit = insert(end.end_line, end.end_column, f" && {command}")
    if target.args_span.line == end.end_line:
        return line_edit
    # the last line: where its text starts (a continuation line is joined from column 1)
    ops = [t for t in tokens if t[0] == "&&"]
    if not ops:
        return line_edit
    op = target.span_of(ops[-1][1], ops[-1][2])
    start = ops[-1][1] - (op.column - 1)
    indent = text[start:ops[-1][1]] if start >= 0 else ""
    if op.line != end.end_line or indent.strip(" \t") or start < 0:
        return line_edit
    return insert(end.end_line, end.end_column, f" {df.escape}\n{indent}&& {command}")


def _append_to_heredoc(ins: Instruction, sc: Script, command: str) -> Edit | None:
    if len(ins.heredocs) != 1:
        return None
    doc = ins.heredocs[0]
    if sc.text != doc.body or not doc.body.strip():
        return None
    if doc.span.end_line - doc.span.line != doc.body.count("\n"):
        return None  # no line closes it: there is no end to write before
    if doc.body.rstrip("\n").endswith(("\\", "&&", "||", "|")):
        return None
    indent = "\t" * doc.indents[-1] if doc.indents else ""
    return insert(doc.span.end_line, 1, f"{indent}{command}\n")


# -- shell form to exec form -----------------------------------------------------------------

#: what a shell does with these characters outside quotes: expansion, globbing, redirection,
#: operators, escapes (``~`` and ``#`` only at the start of a word)
_SHELL_CHARS = frozenset("$`\\*?[{}<>|&;()")
_IN_DOUBLE_QUOTES = frozenset("$`\\")
_ASSIGNMENT = lazyre.compile(r"[A-Za-z_][A-Za-z0-9_]*=")
#: commands that are the shell's own (or behave differently as a program: echo, test)
_SHELL_BUILTINS = frozenset({
    ".", ":", "alias", "bg", "break", "cd", "command", "continue", "declare", "eval", "exec",
    "exit", "export", "fg", "getopts", "hash", "jobs", "let", "local", "read", "readonly",
    "return", "set", "shift", "source", "times", "trap", "type", "typeset", "ulimit", "umask",
    "unalias", "unset", "wait", "echo", "printf", "test", "[", "[[", "pwd", "if", "then",
    "else", "elif", "fi", "case", "esac", "for", "while", "until", "do", "done", "function",
    "select", "time", "!", "{", "}"})


def _plain_word(raw: str) -> bool:
    """Whether the shell reads ``raw`` as itself once quotes are removed: no expansion, glob,
    redirection, operator or escape."""
    if raw.startswith(("~", "#")):
        return False
    quote = ""
    for ch in raw:
        if quote == "'":
            quote = "" if ch == "'" else quote
        elif quote == '"':
            if ch in _IN_DOUBLE_QUOTES:
                return False
            quote = "" if ch == '"' else quote
        elif ch in "'\"":
            quote = ch
        elif ch in _SHELL_CHARS:
            return False
    return not quote


def exec_words(text: str) -> list[str] | None:
    """The words of a shell-form command that has no shell syntax, quotes removed (what
    ``/bin/sh -c`` would run them as); None when it has some (a variable, a glob, a pipe, a
    redirection, an operator, an assignment before the command, a shell builtin)."""
    tokens = tokenize(text)
    if not tokens or any(kind != "word" for kind, _, _ in tokens):
        return None
    rest = text
    for _, s, e in reversed(tokens):
        rest = rest[:s] + " " * (e - s) + rest[e:]
    if rest.strip():
        return None  # a comment
    raws = [text[s:e] for _, s, e in tokens]
    if not all(_plain_word(r) for r in raws):
        return None
    words = [unquote(r) for r in raws]
    if _ASSIGNMENT.match(raws[0]) or words[0] in _SHELL_BUILTINS or not words[0]:
        return None
    return words


def exec_form(ins: Instruction, safe: bool) -> Autofix | None:
    """A fix that writes a one-line shell-form instruction (CMD, ENTRYPOINT) as the JSON
    array it runs, when the command has no shell syntax (``exec_words``)."""
    span = ins.args_span
    if span.line != span.end_line or ins.span.line != span.line or ins.heredocs:
        return None
    words = exec_words(ins.args)
    if words is None:
        return None
    # json.dumps(w, ensure_ascii=False), without importing json (start-up, issue #14)
    text = "[" + ", ".join(lex.json_string(w, ensure_ascii=False) for w in words) + "]"
    return Autofix(f"write {ins.keyword} in exec form: {ins.keyword} {text}"
                   if len(text) <= 60 else f"write {ins.keyword} in exec form",
                   (replace(span, text),), safe)
