"""Tests of the Dockerfile parser: one per dockerfile-parse defect we fix, plus exact spans."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from linter.dockerfile import (
    Dockerfile, Instruction, looks_like_dockerfile, parse, parse_text,
)
from linter.dockerfile import parser as dockerfile_parser
from linter.findings import Span
from linter.source import SourceFile, decode, read

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"


def p(text: str) -> tuple[Dockerfile, list]:
    df, problems = parse(SourceFile("Dockerfile", text))
    return df, problems


def ok(text: str) -> Dockerfile:
    df, problems = p(text)
    assert problems == [], problems
    return df


def keywords(df: Dockerfile) -> list[str]:
    return [i.keyword for i in df.instructions]


def messages(problems) -> list[str]:
    return [x.message for x in problems]


# --- heredocs -------------------------------------------------------------------------------


def test_heredoc_run_body_belongs_to_instruction():
    df = ok("FROM alpine\nRUN <<EOF\napk add curl\necho done\nEOF\nUSER app\n")
    assert keywords(df) == ["FROM", "RUN", "USER"]
    run = df.instructions[1]
    assert run.args == "<<EOF"
    [doc] = run.heredocs
    assert (doc.delimiter, doc.body, doc.quoted, doc.strip_tabs) == (
        "EOF", "apk add curl\necho done\n", False, False)
    assert doc.span == Span(3, 1, 5, 4)
    assert run.span == Span(2, 1, 5, 4)
    assert run.args_span == Span(2, 5, 5, 4)


def test_copy_heredoc_user_root_in_body_is_not_an_instruction():
    df = ok("FROM alpine\nCOPY <<EOF /etc/app.conf\nUSER root\nRUN rm -rf /\nEOF\n")
    assert keywords(df) == ["FROM", "COPY"]
    copy = df.instructions[1]
    assert copy.args == "<<EOF /etc/app.conf"
    assert copy.heredocs[0].body == "USER root\nRUN rm -rf /\n"
    assert df.final_stage.instructions_named("USER") == []


def test_heredoc_body_lines_are_not_comments():
    df = ok("FROM a\nRUN <<EOF\n# shell comment\nEOF\n# real comment\n")
    assert [c.text for c in df.comments] == ["real comment"]


def test_heredoc_dash_strips_leading_tabs():
    df = ok("FROM alpine\nRUN <<-EOT\n\techo a\n\t\techo b\n  echo c\n\tEOT\nCMD x\n")
    doc = df.instructions[1].heredocs[0]
    assert doc.strip_tabs
    assert doc.body == "echo a\necho b\n  echo c\n"
    assert keywords(df) == ["FROM", "RUN", "CMD"]


def test_heredoc_without_dash_needs_exact_terminator():
    # A tab before the delimiter only terminates with <<-; here the body runs on.
    df, problems = p("FROM alpine\nRUN <<EOT\necho a\n\tEOT\nEOT\n")
    assert problems == []
    assert df.instructions[1].heredocs[0].body == "echo a\n\tEOT\n"


def test_heredoc_quoted_delimiter():
    df = ok('FROM a\nRUN <<"EOF"\necho $HOME\nEOF\nRUN <<\'X\'\nb\nX\nRUN <<Y\nc\nY\n')
    docs = [i.heredocs[0] for i in df.instructions[1:]]
    assert [(d.delimiter, d.quoted) for d in docs] == [("EOF", True), ("X", True), ("Y", False)]


def test_two_heredocs_on_one_line():
    df = ok("FROM a\nRUN <<A cat && <<B cat\nfirst\nA\nsecond\nB\nEXPOSE 80\n")
    run = df.instructions[1]
    assert [(d.delimiter, d.body) for d in run.heredocs] == [("A", "first\n"), ("B", "second\n")]
    assert run.heredocs[0].span == Span(3, 1, 4, 2)
    assert run.heredocs[1].span == Span(5, 1, 6, 2)
    assert run.span.end_line == 6
    assert keywords(df) == ["FROM", "RUN", "EXPOSE"]


def test_heredoc_with_file_descriptor_prefix():
    df = ok("FROM a\nRUN 3<<EOF cat /dev/fd/3\nhello\nEOF\n")
    assert df.instructions[1].heredocs[0].body == "hello\n"


def test_space_after_lessless_is_not_a_heredoc():
    df, problems = p("FROM a\nRUN cat << EOF\nhello\nEOF\n")
    assert df.instructions[1].heredocs == []
    assert keywords(df) == ["FROM", "RUN", "HELLO", "EOF"]
    assert messages(problems) == ['unknown instruction "hello" on line 3',
                                  'unknown instruction "EOF" on line 4']


def test_heredoc_only_for_run_copy_add_and_not_exec_form():
    df, _ = p('FROM a\nENV X=<<EOF\nRUN ["cat", "<<EOF"]\nEOF\n')
    assert [i.heredocs for i in df.instructions] == [[], [], [], []]
    assert keywords(df) == ["FROM", "ENV", "RUN", "EOF"]


def test_heredoc_in_onbuild_run():
    df = ok("FROM a\nONBUILD RUN <<EOF\necho hi\nEOF\nCMD x\n")
    onbuild = df.instructions[1]
    assert onbuild.onbuild.keyword == "RUN"
    assert onbuild.onbuild.heredocs[0].body == "echo hi\n"
    assert onbuild.span == Span(2, 1, 4, 4)
    assert keywords(df) == ["FROM", "ONBUILD", "CMD"]


def test_heredoc_after_continued_marker_line_and_flags():
    df = ok("FROM a\nRUN --mount=type=cache,target=/x \\\n    <<EOF\nls\nEOF\n")
    run = df.instructions[1]
    assert run.flag("mount").value == "type=cache,target=/x"
    assert run.heredocs[0].span == Span(4, 1, 5, 4)


def test_unterminated_heredoc_is_a_problem():
    df, problems = p("FROM a\nRUN <<EOF\necho hi\nUSER root\n")
    assert messages(problems) == ["unterminated heredoc: no line closes <<EOF"]
    assert problems[0].span.line == 2
    assert keywords(df) == ["FROM", "RUN"]
    assert df.instructions[1].heredocs[0].span == Span(3, 1, 4, 10)


# --- lines, BOM, continuations --------------------------------------------------------------


def test_bom_is_ignored():
    df, problems = parse(decode("Dockerfile", b"\xef\xbb\xbfFROM alpine:3.19\n"))
    assert problems == []
    assert df.instructions[0].raw_keyword == "FROM"
    assert df.stages[0].image.tag == "3.19"
    # Also when a caller hands over text that still starts with a BOM.
    df = ok("\ufeffFROM alpine\n")
    assert df.instructions[0].span == Span(1, 1, 1, 12)


def test_blank_line_inside_continuation_does_not_end_instruction():
    df = ok("FROM a\nRUN apt-get update && \\\n\n    curl -fsSL x\nCMD y\n")
    assert keywords(df) == ["FROM", "RUN", "CMD"]
    run = df.instructions[1]
    assert run.args == "apt-get update &&     curl -fsSL x"
    assert run.span == Span(2, 1, 4, 17)
    assert df.empty_continuation_lines == [3]


def test_whitespace_only_line_inside_continuation():
    df = ok("FROM a\nRUN a \\\n   \t \n  b\n")
    assert keywords(df) == ["FROM", "RUN"]
    assert df.instructions[1].args == "a   b"


def test_comment_inside_continuation_is_skipped():
    df = ok("FROM a\nRUN a \\\n  # explain b\n  && b\n")
    run = df.instructions[1]
    assert run.args == "a   && b"
    assert run.span == Span(2, 1, 4, 7)
    assert [(c.text, c.span) for c in df.comments] == [("explain b", Span(3, 3, 3, 14))]


def test_continuation_at_end_of_file_keeps_instruction():
    df = ok("FROM a\nRUN echo hi \\")
    assert keywords(df) == ["FROM", "RUN"]
    assert df.instructions[1].args == "echo hi"
    assert df.instructions[1].span == Span(2, 1, 2, 14)  # the final escape included
    df = ok("FROM a\nRUN echo hi \\\n# trailing comment\n\n")
    assert keywords(df) == ["FROM", "RUN"]


def test_keyword_alone_on_last_line_without_newline():
    df, problems = p("FROM a\nCMD")
    assert keywords(df) == ["FROM", "CMD"]
    assert problems == []


def test_escaped_escape_at_line_end_is_not_a_continuation():
    df = ok("FROM a\nRUN echo foo\\\\\nUSER app\n")
    assert keywords(df) == ["FROM", "RUN", "USER"]
    assert df.instructions[1].args == "echo foo\\\\"
    # Three escape characters: the last one is a continuation again.
    df = ok("FROM a\nRUN echo foo\\\\\\\n  bar\n")
    assert keywords(df) == ["FROM", "RUN"]
    assert df.instructions[1].args == "echo foo\\\\  bar"


def test_crlf_spans():
    data = b"FROM alpine AS base\r\nRUN apk add \\\r\n    curl\r\n# done\r\nUSER app\r\n"
    df, problems = parse(decode("Dockerfile", data))
    assert problems == []
    run = df.instructions[1]
    assert run.args == "apk add     curl"
    assert run.span == Span(2, 1, 3, 9)
    assert run.args_span == Span(2, 5, 3, 9)
    assert df.instructions[2].span == Span(5, 1, 5, 9)
    assert df.comments[0].span == Span(4, 1, 4, 7)
    assert df.stages[0].alias == "base"


# --- directives and escape --------------------------------------------------------------------


def test_check_directive_before_escape_directive():
    text = "# check=skip=JSONArgsRecommended\n# escape=`\nFROM mcr.microsoft.com/windows\nRUN dir `\n    C:\\\nUSER app\n"
    df = ok(text)
    assert df.escape == "`"
    assert list(df.directives) == ["check", "escape"]
    assert df.directives["check"].value == "skip=JSONArgsRecommended"
    assert df.directives["check"].span == Span(1, 1, 1, 33)
    assert keywords(df) == ["FROM", "RUN", "USER"]
    # With the backtick escape a trailing backslash is an ordinary character.
    assert df.instructions[1].args == "dir     C:\\"
    assert df.comments == []


def test_backtick_escape_continuation():
    df = ok("# escape=`\nFROM a\nRUN echo a `\n    b\nCMD c\n")
    assert keywords(df) == ["FROM", "RUN", "CMD"]
    assert df.instructions[1].args == "echo a     b"


def test_directives_rules():
    # Case-insensitive key; syntax directive value kept.
    df = ok("# Syntax=docker/dockerfile:1\n#ESCAPE = `\nFROM a\n")
    assert df.directives["syntax"].value == "docker/dockerfile:1"
    assert df.escape == "`"
    # After a blank line, another comment or an instruction: a plain comment.
    df = ok("\n# escape=`\nFROM a\n")
    assert df.escape == "\\" and df.directives == {}
    assert [c.text for c in df.comments] == ["escape=`"]
    df = ok("# hello\n# escape=`\nFROM a\n")
    assert df.directives == {}
    df = ok("FROM a\n# syntax=x\n")
    assert df.directives == {}


def test_duplicate_and_invalid_directives():
    _, problems = p("# escape=`\n# escape=\\\nFROM a\n")
    assert messages(problems) == ["only one escape parser directive can be used"]
    df, problems = p("# escape=x\nFROM a\n")
    assert df.escape == "\\"
    assert len(problems) == 1 and "escape" in problems[0].message


# --- variables --------------------------------------------------------------------------------


@pytest.mark.parametrize("expr, expected, known", [
    ("${SET:-d}", "v", True), ("${EMPTY:-d}", "d", True), ("${NODEF:-d}", "d", True),
    ("${UNDECLARED:-d}", "d", True),
    ("${SET-d}", "v", True), ("${EMPTY-d}", "", True), ("${NODEF-d}", "d", True),
    ("${SET:+a}", "a", True), ("${EMPTY:+a}", "", True), ("${NODEF:+a}", "", True),
    ("${SET+a}", "a", True), ("${EMPTY+a}", "a", True), ("${NODEF+a}", "", True),
    ("${SET:?msg}", "v", True), ("${NODEF:?msg}", "${NODEF:?msg}", False),
    ("${EMPTY:?msg}", "${EMPTY:?msg}", False), ("${EMPTY?msg}", "", True),
    ("$SET", "v", True), ("${SET}", "v", True), ("${NODEF}", "${NODEF}", False),
    ("$NODEF", "$NODEF", False), ("${SET#p}", "${SET#p}", False),
    ("${SET%p}", "${SET%p}", False), ("${SET/a/b}", "${SET/a/b}", False),
    ("\\$SET", "$SET", True), ("${NODEF:-${SET}x}", "vx", True),
    ("'$SET'", "'$SET'", True), ('"$SET"', '"v"', True), ("$", "$", True),
    ("${SET", "${SET", False), ("${TARGETARCH:-amd64}", "${TARGETARCH:-amd64}", False),
])
def test_variable_modifiers_in_from_scope(expr, expected, known):
    df = ok("ARG SET=v\nARG EMPTY=\nARG NODEF\nFROM a\n")
    assert df.expand(expr, None) == (expected, known)


def test_backtick_escaped_dollar():
    df = ok("# escape=`\nARG A=1\nFROM a\n")
    assert df.expand("`$A-$A-\\", None) == ("$A-1-\\", True)


def test_from_resolved_from_global_arg_default():
    df = ok('ARG BASE=python\nARG TAG="3.12-slim"\nFROM ${BASE}:${TAG}\nFROM $BASE:${V:-1.0}\n')
    assert df.stages[0].image_text == "${BASE}:${TAG}"
    assert df.stages[0].image.text == "python:3.12-slim"
    assert (df.stages[0].image.tag, df.stages[0].image.unknown) == ("3.12-slim", False)
    assert df.stages[1].image.text == "python:1.0"
    assert [a.name for a in df.global_args] == ["BASE", "TAG"]
    assert df.global_args[1].default == "3.12-slim"


def test_from_with_arg_without_default_is_unknown():
    df = ok("ARG TAG\nFROM alpine:${TAG}\nFROM alpine:${TAG:-3.19}\n")
    assert df.stages[0].image.unknown is True
    assert df.stages[0].image.text == "alpine:${TAG}"
    assert df.stages[1].image.text == "alpine:3.19"
    assert df.stages[1].image.unknown is False


def test_stage_scope_rules():
    df = ok(
        "ARG V=1\nARG NODEF\nFROM a AS base\n"
        "RUN echo\n"            # 4: nothing declared yet
        "ARG V\n"               # 5: inherits the global default
        "ENV E=$V-x P=$PATH\n"  # 6
        "ARG NODEF\n"
        "ARG L=${E}y\n"
        "FROM base AS next\n"
        "ARG V\n"
    )
    base, nxt = df.stages
    run = base.instructions[1]
    # A global ARG is not visible in a stage until redeclared.
    assert df.expand("$V", base, at=run) == ("$V", False)
    assert df.expand("$V|$E|$L", base) == ("1|1-x|1-xy", True)
    assert df.expand("${NODEF:-d}", base) == ("d", True)
    # Names the Dockerfile never declares may come from the base image: unknown.
    assert df.expand("${HOME:-/root}", base) == ("${HOME:-/root}", False)
    assert df.expand("$P", base) == ("$PATH", False)
    # ENV (not ARG) is inherited by a stage built FROM another stage.
    assert df.expand("$E", nxt) == ("1-x", True)
    assert df.expand("$L", nxt) == ("$L", False)
    assert nxt.base_stage is base
    assert [a.name for a in base.args] == ["V", "NODEF", "L"]
    assert base.args[0].default is None and base.args[2].default == "${E}y"


def test_scope_before_each_instruction():
    # looked up in the stage's assignment history (issue #14), as replaying it would give
    df = ok("ARG G=g\nFROM a AS s\nENV A=1\nRUN x\nARG G\nENV A=2 B=$A\nRUN y\nARG A=3\n"
            "RUN z\nFROM s\nRUN w\nENV A=4\n")
    s0, s1 = df.stages
    frm, env1, run_x, arg_g, env2, run_y, arg_a, run_z = s0.instructions
    probe = "$A|$B|$G"
    assert df.expand(probe, s0, at=env1) == ("$A|$B|$G", False)
    assert df.expand(probe, s0, at=run_x) == ("1|$B|$G", False)
    assert df.expand(probe, s0, at=env2) == ("1|$B|g", False)
    assert df.expand(probe, s0, at=run_y) == ("2|1|g", True)
    assert df.expand(probe, s0, at=run_z) == ("2|1|g", True)  # ENV wins over ARG
    assert df.expand(probe, s0, at=frm) == ("2|1|g", True)  # the FROM: the stage's end
    run_w, env4 = s1.instructions[1:]
    assert df.expand(probe, s1, at=run_w) == ("2|1|$G", False)  # ENV inherited, not ARG
    assert df.expand(probe, s1, at=env4) == ("2|1|$G", False)
    assert df.expand(probe, s1) == ("4|1|$G", False)
    assert df.expand(probe, s1, at=run_x) == ("4|1|$G", False)  # not of the stage: its end


def test_env_pairs_see_values_from_before_the_instruction():
    df = ok("FROM a\nENV A=1\nENV A=2 B=$A\n")
    assert df.expand("$A$B", df.stages[0]) == ("21", True)


# --- ARG / ENV / LABEL ------------------------------------------------------------------------


def test_arg_with_several_names():
    df = ok("ARG A B\nARG C=1 D=2\nFROM x\n")
    assert [(a.name, a.default) for a in df.global_args] == [
        ("A", None), ("B", None), ("C", "1"), ("D", "2")]
    assert [a.span for a in df.global_args] == [
        Span(1, 5, 1, 6), Span(1, 7, 1, 8), Span(2, 5, 2, 8), Span(2, 9, 2, 12)]
    assert df.global_args[0].instruction is df.instructions[0]


def test_env_legacy_and_key_value_forms():
    df = ok('FROM a\nENV PATH /usr/local/bin:$PATH\nENV a=1 b="x y" c=\'$z\'\nLABEL "com.x"="y z"\n')
    legacy, pairs, label = df.instructions[1:]
    [kv] = legacy.key_values
    assert (kv.key, kv.value, kv.legacy, kv.span) == (
        "PATH", "/usr/local/bin:$PATH", True, Span(2, 5, 2, 30))
    assert [(k.key, k.value, k.raw_value, k.legacy) for k in pairs.key_values] == [
        ("a", "1", "1", False), ("b", "x y", '"x y"', False), ("c", "$z", "'$z'", False)]
    assert [(k.key, k.value) for k in label.key_values] == [("com.x", "y z")]
    assert label.pairs() == [("com.x", "y z", Span(4, 7, 4, 20))]


def test_env_problems():
    _, problems = p("FROM a\nENV ONLYKEY\nENV a=1 b\n")
    assert len(problems) == 2


# --- flags ------------------------------------------------------------------------------------


def test_flags():
    df = ok(
        "FROM --platform=$BUILDPLATFORM golang:1.22 AS build\n"
        "COPY --from=build --chown=app:app --chmod=0755 --link /out /bin/\n"
        "RUN --mount=type=cache,target=/root/.cache --mount=type=secret,id=tok "
        "--network=none --security=insecure make\n"
        "ADD --checksum=sha256:abc --keep-git-dir=true https://x/y.git /src\n"
        "COPY --parents --exclude=*.md --exclude='*.txt' . /app\n"
        "HEALTHCHECK --interval=30s --timeout=3s CMD curl -f http://localhost/\n"
    )
    frm, copy, run, add, copy2, health = df.instructions
    assert df.stages[0].platform == "$BUILDPLATFORM"
    assert frm.args == "golang:1.22 AS build"
    assert frm.flag("platform").span == Span(1, 6, 1, 31)
    assert [(f.name, f.value) for f in copy.flags] == [
        ("from", "build"), ("chown", "app:app"), ("chmod", "0755"), ("link", None)]
    assert copy.args == "/out /bin/"
    assert copy.args_span == Span(2, 55, 2, 65)
    assert [f.value for f in run.flags_named("mount")] == [
        "type=cache,target=/root/.cache", "type=secret,id=tok"]
    assert run.flag("network").value == "none" and run.args == "make"
    assert add.flag("keep-git-dir").value == "true"
    assert [f.value for f in copy2.flags_named("exclude")] == ["*.md", "*.txt"]
    assert copy2.flag("parents").value is None
    assert health.flag("interval").value == "30s"
    assert health.args == "CMD curl -f http://localhost/"
    assert health.flag("nope") is None


def test_flags_only_at_start_and_across_continuations():
    df = ok("FROM a\nRUN \\\n  --mount=type=bind,target=/x \\\n  echo --not-a-flag\n")
    run = df.instructions[1]
    assert [f.name for f in run.flags] == ["mount"]
    assert run.flags[0].span == Span(3, 3, 3, 30)
    assert run.args == "echo --not-a-flag"
    assert run.args_span == Span(4, 3, 4, 20)


# --- exec / shell form ------------------------------------------------------------------------


def test_exec_and_shell_form():
    df = ok('FROM a\nCMD ["nginx", "-g", "daemon off;"]\nENTRYPOINT /bin/sh -c x\n'
            'RUN ["bad json\nSHELL ["powershell", 1]\nCMD []\n'
            'HEALTHCHECK CMD ["curl", "-f", "http://x/"]\nCOPY ["a b", "/c/"]\n')
    cmd, entry, run, shell, empty, health, copy = df.instructions[1:]
    assert cmd.exec_form == ["nginx", "-g", "daemon off;"] and cmd.is_exec_form
    assert entry.exec_form is None
    assert run.exec_form is None and run.args == '["bad json'  # invalid JSON: shell form
    assert shell.exec_form is None  # not all strings: shell form
    assert empty.exec_form == []
    assert health.exec_form == ["curl", "-f", "http://x/"]
    assert copy.exec_form == ["a b", "/c/"]
    # Like BuildKit (Go's JSON decoder), text after the array is ignored.
    assert ok('FROM a\nCMD ["a"] extra\n').instructions[1].exec_form == ["a"]


# --- ONBUILD, keywords ------------------------------------------------------------------------


def test_onbuild_nested_instruction():
    df = ok("FROM a\nONBUILD COPY --chown=1 . /app\nONBUILD run [\"make\"]\n")
    first, second = df.instructions[1:]
    assert first.onbuild.keyword == "COPY"
    assert first.onbuild.flag("chown").value == "1"
    assert first.onbuild.args == ". /app"
    assert first.onbuild.span == Span(2, 9, 2, 30)
    assert first.onbuild.stage is df.stages[0]
    assert second.onbuild.raw_keyword == "run" and second.onbuild.exec_form == ["make"]
    _, problems = p("FROM a\nONBUILD ONBUILD RUN x\nONBUILD FROM b\n")
    assert len(problems) == 2


def test_lowercase_keywords():
    df = ok("from alpine as Build\nRun echo\ncopy --from=build a b\n")
    assert keywords(df) == ["FROM", "RUN", "COPY"]
    assert [i.raw_keyword for i in df.instructions] == ["from", "Run", "copy"]
    assert df.stages[0].alias == "Build"


# --- stages -----------------------------------------------------------------------------------


def test_stages_alias_and_base_stage():
    df = ok(
        "ARG IMG=builder\nFROM golang:1.22 AS Builder\nRUN go build\n"
        "FROM builder AS test\nRUN go test\nFROM ${IMG}\nFROM scratch\n"
        "COPY --from=0 /x /x\n"
    )
    s0, s1, s2, s3 = df.stages
    assert [s.index for s in df.stages] == [0, 1, 2, 3]
    assert (s0.alias, s0.image.repository, s0.base_stage) == ("Builder", "golang", None)
    assert s1.base_stage is s0 and s2.base_stage is s0
    assert s3.image.is_scratch and s3.base_stage is None
    assert df.final_stage is s3
    assert df.stage_named("BUILDER") is s0 and df.stage_named("0") is s0
    assert df.stage_named("nope") is None
    assert [i.keyword for i in s0.instructions] == ["FROM", "RUN"]
    assert s0.from_instruction is df.instructions[1]
    assert all(i.stage is s3 for i in s3.instructions)
    assert df.instructions[0].stage is None


def test_from_platform():
    df = ok("FROM --platform=linux/amd64 alpine\n")
    assert df.stages[0].platform == "linux/amd64"
    assert df.stages[0].image.text == "alpine"


# --- problems ---------------------------------------------------------------------------------


def test_problems():
    _, problems = p("")
    assert messages(problems) == ["file has no instructions"]
    _, problems = p("# only a comment\n\n")
    assert messages(problems) == ["file has no instructions"]
    # a file without FROM: one problem, and its instructions form one made-up stage
    df, problems = p("RUN a\nUSER app\nARG X\nRUN echo $X\n")
    assert len(problems) == 1 and "no FROM" in problems[0].message
    assert problems[0].span == Span(1, 1, 1, 4)
    [stage] = df.stages
    assert stage.implicit and df.fragment and stage.image_text == ""
    assert [i.keyword for i in stage.instructions] == ["FROM", "RUN", "USER", "ARG", "RUN"]
    assert all(i.stage is stage for i in df.instructions) and not df.global_args
    assert [a.name for a in stage.args] == ["X"]
    _, problems = p("FROM\n")
    assert messages(problems) == ["FROM has no image"]
    assert problems[0].span == Span(1, 1, 1, 5)
    _, problems = p("FROM a\nFOO bar\n")
    assert messages(problems) == ['unknown instruction "FOO" on line 2']
    assert problems[0].span == Span(2, 1, 2, 4)
    assert all(x.rule == "parse-error" for x in problems)
    _, problems = p("RUN x\nFROM a\nCOPY onlyone\n")
    assert len(problems) == 2


def test_problem_messages_never_echo_long_input():
    _, problems = p("FROM a\n" + "X" * 100_000 + " y\n")
    assert len(problems) == 1 and len(problems[0].message) < 120


@pytest.mark.parametrize("text", [
    "", "\n\n\n", "\\", "\\\n\\\n", "`", "\ufeff", "\x00\x01\x02", "FROM", "FROM a\nRUN <<",
    "FROM a\nRUN <<EOF", "FROM a\nRUN <<''\n", "ARG A=${", "ARG A=${B:-${C:-${D", "ONBUILD",
    "FROM a\nCOPY --", "FROM a\nRUN --mount='x", "FROM a\nENV =", "ARG =1\nFROM a",
    "FROM ${" + "${A:-" * 200 + "}" * 200 + "\n", "# escape=`\n`\n`", "\r\n\r\n\rFROM a\r",
    "RUN " + "\\\n" * 5000 + "x", "FROM a\n" + "RUN " + "y" * 500_000 + " \\",
    "FROM a\nRUN " + "<<A " * 300 + "\n" + "A\n" * 300, "\u2028FROM a\u2029RUN b\x0c",
    "#a=" + "x " * 100_000 + "y\nFROM a", "FROM a\nHEALTHCHECK CMD [" * 1000,
    "FROM a\nRUN " + "[" * 100_000, "FROM a\nENV " + "${" * 10_000,
])
def test_never_raises(text):
    df, problems = parse_text(text)
    assert isinstance(df, Dockerfile)
    assert not any("internal error" in x.message for x in problems)
    assert all(len(x.message) < 200 for x in problems)


def test_unreadable_source_gives_empty_tree():
    df, problems = parse(SourceFile("Dockerfile", None))
    assert df.instructions == [] and problems == []


# --- helpers ----------------------------------------------------------------------------------


def test_looks_like_dockerfile():
    assert looks_like_dockerfile("# syntax=docker/dockerfile:1\n\n# c\nfrom alpine\n")
    assert looks_like_dockerfile("\ufeffARG X=1\nFROM a\n")
    assert looks_like_dockerfile("  FROM\tx")
    assert not looks_like_dockerfile("apiVersion: v1\nkind: Pod\n")
    assert not looks_like_dockerfile("FROMAGE x\n")
    assert not looks_like_dockerfile("RUN x\nFROM a\n")
    assert not looks_like_dockerfile("")


def test_exact_spans_of_a_small_file():
    text = ("# syntax=docker/dockerfile:1\n"
            "FROM python:3.12 AS app  \n"
            "  WORKDIR /app\n"
            "RUN pip install \\\n"
            "      flask  # not a comment\n")
    df = ok(text)
    frm, workdir, run = df.instructions
    assert df.directives["syntax"].span == Span(1, 1, 1, 29)
    assert frm.span == Span(2, 1, 2, 24)
    assert frm.args_span == Span(2, 6, 2, 24)
    assert workdir.span == Span(3, 3, 3, 15)
    assert workdir.args_span == Span(3, 11, 3, 15)
    assert run.span == Span(4, 1, 5, 29)
    assert run.args == "pip install       flask  # not a comment"


# --- corpus -----------------------------------------------------------------------------------


def _corpus_files() -> list[Path]:
    files = []
    for folder in ("dockerfile", "weird"):
        d = CORPUS / folder
        if d.is_dir():
            files.extend(sorted(f for f in d.iterdir() if f.is_file()))
    return files


@pytest.mark.skipif(not (CORPUS / "dockerfile").is_dir(), reason="shared corpus not present")
def test_corpus_parses_without_exceptions():
    sources = [read(str(f)) for f in _corpus_files()]
    start = time.perf_counter()
    results = [parse(s) for s in sources]
    elapsed = time.perf_counter() - start
    assert elapsed < 10  # about 0.4 s on the development machine; generous for CI
    for source, (df, problems) in zip(sources, results):
        assert not any("internal error" in x.message for x in problems), source.path
        if "/dockerfile/" in source.path:
            # Real Dockerfiles that docker builds: no parse errors, at least one stage.
            assert problems == [], (source.path, problems)
            assert df.stages, source.path


@pytest.mark.skipif(not (CORPUS / "dockerfile").is_dir(), reason="shared corpus not present")
def test_corpus_dockerfile_parse_boundaries_agree_with_pre_scan():
    # dockerfile-parse, fed the pre-processed text, must find exactly the instructions that
    # our own BuildKit-like pre-scan finds (so the fallback is never needed).
    for f in sorted((CORPUS / "dockerfile").iterdir()):
        source = read(str(f))
        if source.text is None:
            continue
        parser = dockerfile_parser._Parser(source.text, source.path)
        parser._scan(parser._directives())
        assert parser._dfp_rows() == parser.ranges, f.name


def test_dockerfile_parse_boundaries_agree_with_pre_scan_on_hostile_input():
    # a run takes the pre-scan's boundaries (issue #14); dockerfile-parse is the reference
    import random

    pieces = ["FROM a", "RUN x \\", "RUN x \\ ", "  && y", "", "# c", "#", "RUN <<EOF",
              "EOF", "RUN cat <<-'E' > f", "\tE", "E", "ENV A=1 \\", "B=2", "\\", "RUN x \\\\",
              "COPY <<X <<Y /d/", "X", "Y", "ONBUILD RUN x \\", "LABEL a=b", "  ", "\t",
              "# escape=`", "RUN a `", "b", "run lower", "RUN ä \\", "é", "\ufeffFROM b",
              "# syntax=docker/dockerfile:1", "RUN x \\ # not a comment", "  # comment \\"]
    rnd = random.Random(14)
    for _ in range(3000):
        text = "\n".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 12)))
        text += rnd.choice(["", "\n", "\r\n"])
        parser = dockerfile_parser._Parser(text, "Dockerfile")
        parser._scan(parser._directives())
        assert parser._dfp_rows() == parser.ranges, text


def test_instruction_repr_does_not_recurse():
    df = ok("FROM a AS b\nRUN x\nFROM b\n")
    assert "RUN" in repr(df)
    assert isinstance(df.instructions[1], Instruction)


# --- line breaks ----------------------------------------------------------------------------

#: characters ``str.splitlines`` (and for "\r" alone, editors and LSP) end a line at and
#: Docker does not (BuildKit splits at "\n", and drops a "\r" just before it)
NOT_LINE_BREAKS = ["\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"]


@pytest.mark.parametrize("odd", NOT_LINE_BREAKS)
def test_a_character_str_splitlines_breaks_at_stays_in_its_line(odd):
    """A form feed or a U+2028 pasted into a comment or a RUN string is a character of its
    line, as Docker reads it: no "unknown instruction" for the rest of it, and the lines
    after it keep their numbers."""
    df = ok(f"FROM alpine:3.20\n# a comment{odd}USER root\nRUN echo 'a{odd}b' \\\n"
            f"  && true\r\nUSER app\n")
    assert keywords(df) == ["FROM", "RUN", "USER"]
    run, user = df.instructions[1], df.instructions[2]
    assert (run.span.line, run.span.end_line) == (3, 4) and odd in run.args
    assert (user.span.line, user.args) == (5, "app")


@pytest.mark.parametrize("odd", NOT_LINE_BREAKS)
def test_a_dockerfile_with_such_a_character_is_numbered_alike_everywhere(tmp_path, odd):
    """The parser, the suppressions, the code frames and the fixer number the lines the same
    way (``source.split_lines``)."""
    from linter.fix import apply
    from linter.report import render
    from linter.runner import lint_paths

    text = (f"FROM alpine:3.20\n# {odd} note\n# shiplint: ignore=SL102\n"
            f"FROM ubuntu\nRUN echo '{odd}'\nUSER root\nCMD python app.py\n")
    (tmp_path / "Dockerfile").write_text(text, encoding="utf-8")
    report = lint_paths([str(tmp_path)], keep_sources=True)
    by_code = {f.code: f for f in report.findings}
    assert "SL001" not in by_code and "SL102" not in by_code  # suppressed on line 4
    assert by_code["SL101"].span.line == 6
    shown = render("text", [by_code["SL101"]], [], files_checked=1, show_source=True,
                   sources=report.sources)
    assert "6 | USER root" in shown
    fixed, done = apply(text, [by_code["SL233"]])  # CMD in exec form, on line 7
    assert done and fixed == text.replace("CMD python app.py", 'CMD ["python", "app.py"]')


def test_a_carriage_return_alone_hides_what_follows_it_in_its_line():
    """``RUN make #\\rUSER 1000``: one RUN for Docker (its shell comment swallows the USER),
    two lines in an editor. The tree has no USER, and records the \\r for SL257; a \\r that
    ends the text, or comes before \\n, is part of the line break."""
    df = ok("FROM alpine:3.20\r\nRUN make #\rUSER 1000\r\n# note\rRUN apk add curl\nCMD x\r")
    assert keywords(df) == ["FROM", "RUN", "CMD"]
    run, cmd = df.instructions[1], df.instructions[2]
    assert run.span.line == 2 and run.args == "make #\rUSER 1000"
    assert (cmd.span.line, cmd.args) == (4, "x")
    assert df.carriage_returns == [(2, 11, "USER", ""), (3, 7, "RUN", "comment")]
    assert ok("FROM a\n \rUSER 1000\n").carriage_returns == [(2, 2, "USER", "start")]
    assert ok("FROM a\r\nRUN b\r").carriage_returns == []
