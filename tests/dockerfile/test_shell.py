"""Shell analysis of RUN: commands, pipelines, positions, heredocs, exec form, sh -c, fallback."""

from __future__ import annotations

import os

import pytest

from helpers import CORPUS
from linter.dockerfile import parse_text
from linter.dockerfile import shell
from linter.dockerfile.shell import scripts, shell_kind, tokenize


def _scripts(text: str):
    df, problems = parse_text(text)
    assert not problems, problems
    return df, list(scripts(df))


@pytest.fixture(params=["tree-sitter", "tokeniser"])
def engine(request, monkeypatch):
    """Run a test with tree-sitter and again with the tokeniser fallback."""
    if request.param == "tokeniser":
        monkeypatch.setattr(shell, "_TS", [None])
    return request.param


def _names(sc):
    return [c.name for c in sc.commands]


def test_commands_and_positions_across_continuation_lines(engine):
    df, [(ins, sc)] = _scripts(
        "FROM debian:12\n"
        "RUN apt-get update && \\\n"
        "    apt-get install -y \"a|b\" curl \\\n"
        "    && rm -rf /var/lib/apt/lists/*\n")
    assert _names(sc) == ["apt-get", "apt-get", "rm"]
    install = sc.commands[1]
    assert install.values() == ["install", "-y", "a|b", "curl"]
    assert tuple(install.words[0].span) == (3, 5, 3, 12)
    curl = install.words[4]
    assert curl.value == "curl" and tuple(curl.span) == (3, 30, 3, 34)
    assert tuple(sc.commands[2].words[0].span)[:2] == (4, 8)
    # the quoted pipe is a word, not a pipeline
    assert all(c.pipeline == -1 for c in sc.commands)
    assert sc.exact == (engine == "tree-sitter")


def test_pipeline_and_sh_c_nesting(engine):
    _, [(_, sc)] = _scripts(
        "FROM debian:12\nRUN curl -fsSL https://x/i.sh | sh -c 'echo hi | bash'\n")
    curl, sh, echo, bash = sc.commands
    assert (curl.name, sh.name, echo.name, bash.name) == ("curl", "sh", "echo", "bash")
    assert curl.pipeline == sh.pipeline != -1 and (curl.pipe_index, sh.pipe_index) == (0, 1)
    assert echo.nested and bash.nested and echo.pipeline == bash.pipeline
    assert echo.pipeline != curl.pipeline
    # the nested words are placed inside the quoted string on line 2
    assert tuple(echo.words[0].span) == (2, 40, 2, 44)


def test_wrappers_and_assignments(engine):
    _, [(_, sc)] = _scripts(
        "FROM debian:12\nRUN DEBIAN_FRONTEND=noninteractive sudo -u root apt-get install -y x\n")
    [cmd] = sc.commands
    assert cmd.name == "apt-get" and cmd.wrappers == ["sudo"]
    assert [a.value for a in cmd.assignments] == ["DEBIAN_FRONTEND=noninteractive"]
    assert cmd.all_words[0].value == "sudo"


def test_heredoc_script_body_is_read_with_its_lines():
    _, [(_, sc)] = _scripts(
        "FROM debian:12\nRUN <<EOF\nset -e\napt-get install -y vim\nEOF\n")
    assert _names(sc) == ["set", "apt-get"]
    assert tuple(sc.commands[1].words[0].span) == (4, 1, 4, 8)


def test_heredoc_fed_to_a_shell_is_the_script():
    _, [(_, sc)] = _scripts("FROM debian:12\nRUN <<EOT bash\n  apt-get update\nEOT\n")
    assert _names(sc) == ["apt-get"]
    assert tuple(sc.commands[0].words[0].span)[:2] == (3, 3)


def test_heredoc_data_is_not_commands(engine):
    _, [(_, sc)] = _scripts("FROM debian:12\nRUN cat <<EOF > /etc/x\napt-get install foo\nEOF\n")
    assert _names(sc) == ["cat"]


def test_heredoc_for_another_interpreter_is_not_shell():
    df, found = _scripts("FROM python:3.12\nRUN <<EOF\n#!/usr/bin/env python3\nprint(1)\nEOF\n")
    assert found == []


def test_exec_form_and_exec_form_sh_c():
    _, [(_, a), (_, b)] = _scripts(
        'FROM debian:12\nRUN ["apt-get", "install", "-y", "x"]\n'
        'RUN ["sh", "-c", "pip install flask | tee x"]\n')
    assert a.commands[0].values() == ["install", "-y", "x"]
    assert tuple(a.commands[0].words[1].span) == (2, 17, 2, 26)
    assert _names(b) == ["sh", "pip", "tee"]
    assert tuple(b.commands[1].words[0].span) == (3, 19, 3, 22)


def test_command_substitution_has_a_parent():
    _, [(_, sc)] = _scripts("FROM debian:12\nRUN sh -c \"$(curl -fsSL https://x/i.sh)\"\n")
    curl = next(c for c in sc.commands if c.name == "curl")
    assert curl.substitution and curl.parent is not None and curl.parent.name == "sh"


def test_onbuild_run_is_read():
    _, [(ins, sc)] = _scripts("FROM debian:12\nONBUILD RUN apt-get update\n")
    assert ins.keyword == "ONBUILD" and _names(sc) == ["apt-get"]
    assert tuple(sc.commands[0].words[0].span) == (2, 13, 2, 20)


def test_shell_instruction_and_windows_images_switch_shell_rules_off():
    df, found = _scripts('FROM debian:12\nSHELL ["pwsh", "-c"]\nRUN Get-ChildItem\n')
    assert found == []
    df, found = _scripts("FROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN dir\n")
    assert found == []
    df, found = _scripts('FROM debian:12\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\n'
                         'RUN a | b\n')
    assert len(found) == 1
    assert shell_kind(df, found[0][0]) == "posix"


def test_syntax_error_falls_back_to_the_tokeniser():
    _, [(_, sc)] = _scripts("FROM debian:12\nRUN if then fi ( && apt-get install -y x\n")
    assert not sc.exact
    assert "apt-get" in _names(sc)


# --- the tokeniser on its own ------------------------------------------------------------


def _words(text):
    return [(k, text[s:e]) for k, s, e in tokenize(text)]


def test_tokeniser_keeps_quotes_substitutions_and_escapes_in_words():
    assert _words("echo 'a | b' \"c && d\" $(x | y) `p;q` e\\;f") == [
        ("word", "echo"), ("word", "'a | b'"), ("word", '"c && d"'), ("word", "$(x | y)"),
        ("word", "`p;q`"), ("word", "e\\;f")]


def test_tokeniser_operators():
    assert [k for k, _ in _words("a && b || c; d | e & f\n(g)")] == [
        "word", "&&", "word", "||", "word", ";", "word", "|", "word", "&", "word", "\n",
        "(", "word", ")"]


def test_tokeniser_skips_comments_and_heredoc_bodies():
    text = "cat <<EOF > f # note | x\nrm -rf /\nEOF\nls"
    assert [v for k, v in _words(text) if k == "word"] == ["cat", "<<EOF", ">", "f", "ls"]


def test_tokeniser_redirections_do_not_split_or_pipe():
    assert [k for k, _ in _words("make 2>&1 >/dev/null |& tee log")] == [
        "word", "word", "word", "|&", "word", "word"]


def test_tokeniser_never_raises_on_unterminated_input():
    for text in ["echo 'open", 'echo "open', "echo $(open", "echo `open", "a \\", "<<"]:
        tokenize(text)


def test_tokeniser_fallback_drops_case_patterns_functions_and_braces(monkeypatch):
    monkeypatch.setattr(shell, "_TS", [None])
    _, [(_, sc)] = _scripts(
        "FROM debian:12\nRUN case \"$(uname -m)\" in \\\n x86_64) arch=amd64 ;; \\\n"
        " aarch64) apt-get install -y x ;; \\\n esac; f() { echo hi; }; ! { ldd a | grep b; }\n")
    assert "x86_64" not in _names(sc) and "aarch64" not in _names(sc)
    assert "apt-get" in _names(sc) and "ldd" in _names(sc) and "{" not in _names(sc)


def test_negated_brace_group_is_not_a_command_named_brace():
    _, [(_, sc)] = _scripts("FROM debian:12\nRUN ! { ldd a | grep 'not found'; }; echo ok\n")
    assert "{" not in _names(sc) and "}" not in _names(sc)
    assert "ldd" in _names(sc)


def test_tab_stripping_heredoc_keeps_columns():
    _, [(_, sc)] = _scripts("FROM debian:12\nRUN <<-EOF\n\t\tapt-get update\n\tEOF\n")
    assert tuple(sc.commands[0].words[0].span) == (3, 3, 3, 10)


def test_tree_sitter_is_imported_only_when_a_run_is_read():
    import subprocess
    import sys
    code = ("import sys, linter.rules, linter.dockerfile.shell; "
            "print('tree_sitter' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.strip() == "False", out.stderr
    # a plain script (the fast path) does not need it either
    code = ("import sys; from linter.dockerfile import parse_text; "
            "from linter.dockerfile.shell import scripts; "
            "df, _ = parse_text('FROM a\\nRUN pip install flask && apt-get update\\n'); "
            "[(_, sc)] = scripts(df); "
            "print(sc.exact, [c.name for c in sc.commands], 'tree_sitter' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.strip() == "True ['pip', 'apt-get'] False", out.stderr


def test_the_bash_grammar_loads_without_importlib_resources():
    """The binding is loaded without the package's ``__init__`` (issue #14), and gives the
    language the package gives."""
    import subprocess
    import sys
    code = ("import sys; from linter.dockerfile import shell; ts = shell._ts_parser(); "
            "tree = ts.parse(b'echo \"$(id -u)\" | tee x'); "
            "print(tree.root_node.has_error, 'tree_sitter_bash' in sys.modules, "
            "'importlib.resources' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.strip() == "False False False", out.stderr
    import tree_sitter
    import tree_sitter_bash
    ours = tree_sitter.Language(shell._bash_language())  # the package imported: its way
    assert ours == tree_sitter.Language(tree_sitter_bash.language())


# --- the plain-script fast path against tree-sitter, the reference it bypasses ---------------

def _dump(commands):
    """Everything a rule can read of ``commands``; pipeline numbers by first appearance (those
    of ``sh -c`` strings come from a counter shared by the whole run)."""
    index = {id(c): k for k, c in enumerate(commands)}
    pipes: dict[int, int] = {}

    def words(ws):
        return [(w.raw, w.value, w.dynamic, tuple(w.span)) for w in ws]
    return [(c.name, words(c.words), words(c.all_words), words(c.assignments), c.wrappers,
             tuple(c.span), c.start, -1 if c.pipeline < 0 else pipes.setdefault(c.pipeline, len(pipes)),
             c.pipe_index, c.pipe_length, c.substitution, index.get(id(c.parent)), c.nested,
             c.subshell) for c in commands]


def _both(text: str, ins, amap):
    """(fast path, tree-sitter) commands of ``text``; the fast path's None when it declines."""
    ts = shell._ts_parser()
    assert ts is not None
    fast = shell._plain_commands(text, amap, ins, 0)
    return fast, shell._ts_commands(ts, text, amap, ins, 0)


_NASTY = ["apt-get", "install", "-y", "curl=7.1", "a=b", "A=1", "sh", "bash", "-c", "-lc",
          "-ec", "sudo", "-u", "root", "env", "X=1", "xargs", "-n1", "time", "if", "done", "then",
          "in", "-", "--", "1", "2", "0", "exit", ":", "./x", "/usr/bin/pip", "pip", "make",
          "@scope/pkg@1.0", "a,b", "50%", "+x", "=", "==", "a==1", "-o", "pipefail", "set",
          "busybox", "timeout", "10", "nohup", "/bin/sh", "&&", "||", ";", "|", "&", ";;",
          "|&", "&&&", "|||", "a==", "=b", "a=", "b==c=", "x=y==", "1=2", "a:", "a@", "@", "%",
          "-eux", "install-", "a-", "._", "__", "a//b", "//", "/", ".", ".."]


def test_plain_scripts_read_as_tree_sitter_reads_them():
    import random

    df, _ = parse_text("FROM debian:12\nRUN true\n")
    ins = df.instructions[1]
    rnd = random.Random(14)
    taken = 0
    for _ in range(int(os.environ.get('SHIPLINT_FUZZ', 4000))):
        parts = [rnd.choice(_NASTY) for _ in range(rnd.randint(1, 9))]
        text = "".join(p + rnd.choice([" ", " ", "  ", "\t", ""]) for p in parts)
        text = rnd.choice(["", " ", "\t"]) + text
        amap = shell._Map([(0, 2, 4, len(text))])
        fast, slow = _both(text, ins, amap)
        if fast is None:
            continue
        taken += 1
        assert slow is not None, text  # never accepts what tree-sitter rejects
        assert _dump(fast) == _dump(slow), text
    assert taken > 400  # the comparison says something


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus not present")
def test_plain_scripts_of_the_corpus_read_as_tree_sitter_reads_them():
    from helpers import CORPUS
    from linter.source import read

    taken = 0
    for path in sorted((CORPUS / "dockerfile").rglob("*")):
        if not path.is_file():
            continue
        src = read(str(path))
        if src.text is None:
            continue
        df, _ = parse_text(src.text, str(path))
        for ins in df.instructions:
            if ins.keyword != "RUN" or ins.exec_form is not None or ins.heredocs:
                continue
            fast, slow = _both(ins.args, ins, shell._args_map(ins))
            if fast is not None:
                taken += 1
                assert slow is not None and _dump(fast) == _dump(slow), (path, ins.args)
    assert taken > 500
