"""The tree's node classes behave as the dataclasses they replace (issue #14: plain classes
for start-up): equality, hashing, ``repr``, defaults, slots."""

from __future__ import annotations

import pickle

import pytest

from linter.dockerfile import parse_text
from linter.dockerfile.packages import package_commands
from linter.dockerfile.shell import scripts
from linter.dockerfile.tree import (
    BuildArg, Comment, Directive, Dockerfile, Flag, Heredoc, Instruction, KeyValue, Stage,
)
from linter.findings import Span

S = Span(1, 1, 1, 5)
T = Span(2, 1, 2, 5)
TEXT = ("# syntax=docker/dockerfile:1\n# a comment\nARG BASE=debian:12\nFROM ${BASE} AS build\n"
        "ARG X\nENV A=1\nRUN --mount=type=cache,target=/x apt-get install -y curl\n"
        "ONBUILD RUN echo hi\nFROM build\n")


def test_value_nodes_compare_and_print_by_their_fields():
    assert Flag("a", "b", S) == Flag("a", "b", S) and Flag("a", "b", S) != Flag("a", "c", S)
    assert Flag("a", None, S) != Comment("a", S)
    assert repr(Flag("mount", None, S)) == f"Flag(name='mount', value=None, span={S!r})"
    assert repr(Comment("x", S)) == f"Comment(text='x', span={S!r})"
    assert repr(Directive("syntax", "v", S)) == f"Directive(name='syntax', value='v', span={S!r})"
    assert KeyValue("k", "v", "v", S) == KeyValue("k", "v", "v", S, legacy=False)
    assert KeyValue("k", "v", "v", S) != KeyValue("k", "v", "v", S, legacy=True)
    assert repr(KeyValue("k", None, None, S)) == (
        f"KeyValue(key='k', value=None, raw_value=None, span={S!r}, legacy=False)")
    doc = Heredoc("EOF", "x\n", False, True, S)
    assert doc.indents == () and doc == Heredoc("EOF", "x\n", False, True, S, ())
    assert repr(doc) == (f"Heredoc(delimiter='EOF', body='x\\n', quoted=False, "
                         f"strip_tabs=True, span={S!r}, indents=())")
    for node in (Flag("a", "b", S), KeyValue("k", "v", "v", S), doc, Comment("c", S)):
        with pytest.raises(TypeError):
            hash(node)  # mutable and compared by value, like a dataclass with eq
        with pytest.raises(AttributeError):
            node.other = 1  # slots


def test_instructions_compare_without_stage_position_or_cache():
    a = Instruction("RUN", "run", [], "x", None, [], S, T)
    b = Instruction("RUN", "run", [], "x", None, [], S, T, args_at=3, cache={"k": 1})
    assert a.key_values == [] and a.cache == {} and a.key_values is not b.key_values
    df, _ = parse_text(TEXT)
    b.stage = df.stages[0]
    assert b.stage is df.stages[0] and a.stage is None
    assert a == b and a != Instruction("RUN", "run", [], "y", None, [], S, T)
    b.key_values = [KeyValue("k", "v", "v", S)]
    assert a != b
    assert repr(a) == ("Instruction(keyword='RUN', raw_keyword='run', flags=[], args='x', "
                       f"exec_form=None, heredocs=[], span={S!r}, args_span={T!r}, "
                       "onbuild=None, key_values=[])")
    with pytest.raises(TypeError):
        hash(a)
    assert [a, b].index(b) == 1


def test_stages_are_themselves_and_the_file_compares_by_fields():
    df, problems = parse_text(TEXT)
    assert not problems
    first, second = df.stages
    assert first == first and first != second and {first: 1}[first] == 1
    again, _ = parse_text(TEXT)
    assert again.stages[0] != first  # identity, as the eq=False dataclass
    assert again.instructions == df.instructions and again.comments == df.comments
    assert again != df  # its stages differ
    assert second.base_stage is first and second.lineage() == [second, first]
    assert repr(first).startswith("Stage(index=0, from_instruction=Instruction(keyword='FROM'")
    assert "base_stage" not in repr(first) and "instructions=" not in repr(first)
    assert repr(first.args) == f"[BuildArg(name='X', default=None, span={first.args[0].span!r})]"
    arg = df.global_args[0]
    assert arg.raw_default == "debian:12" and arg.instruction is df.instructions[0]
    assert arg == BuildArg("BASE", "debian:12", arg.span, df.instructions[0], "debian:12")
    assert arg != BuildArg("BASE", "debian:12", arg.span, df.instructions[0], "other")
    assert repr(df).startswith("Dockerfile(path='Dockerfile', directives={'syntax': Directive(")
    assert "_scopes=" not in repr(df) and "cache={" not in repr(df)
    made = Dockerfile("p", {}, "\\", [], [], [], [])
    assert made.empty_continuation_lines == [] and made.cache == {} and made.final_stage is None
    assert made == Dockerfile("p", {}, "\\", [], [], [], [], [])
    assert Stage(0, df.instructions[1], "", first.image, None, None, None).instructions == []


def test_scripts_and_package_commands_are_compared_by_identity():
    df, _ = parse_text(TEXT)
    [(ins, sc), _onbuild] = scripts(df)
    [pc] = package_commands(sc)
    cmd = sc.commands[0]
    assert cmd.name == "apt-get" and pc.command is cmd and pc.values == {}
    assert sc == sc and hash(sc) and hash(cmd) and hash(pc)
    assert repr(cmd).startswith("Command(words=[Word('apt-get'), Word('install')")
    assert "parent" not in repr(cmd) and "name=" not in repr(cmd)
    assert repr(pc).startswith("PackageCommand(manager='apt-get', family='apt', action='install'")
    assert "values" not in repr(pc)


def test_a_tree_pickles():
    df, _ = parse_text(TEXT)
    back = pickle.loads(pickle.dumps(df))
    assert back.instructions == df.instructions
    assert back.stages[1].base_stage is back.stages[0]
    assert back.instructions[3].stage is back.stages[0]


def test_a_tree_and_what_rules_derive_from_it_hold_no_reference_cycle():
    """Freed as soon as it is dropped, without the garbage collector (issue #14: a batch
    collected every 256 Dockerfiles): the instruction's stage is a weak reference, a stage's
    lineage is kept without the stage, a RUN's script is cached on the tree."""
    import gc

    from linter.dockerfile.shell import shell_kind

    text = TEXT + ("FROM build AS three\nRUN <<EOF\napt-get install -y \"curl\" | tee x\nEOF\n"
                   "COPY --from=build /a /b\nSHELL [\"/bin/bash\", \"-c\"]\n"
                   "RUN [\"sh\", \"-c\", \"pip install $(cat r)\"]\n")

    def read() -> None:
        df, _ = parse_text(text)
        for posix in (True, False):
            for ins, sc in scripts(df, posix_only=posix):
                package_commands(sc)
                shell_kind(df, ins)
                [c.span for c in sc.commands]
        assert [s.name for s in df.stages[2].lineage()] == ["three", "build"]
        assert [s.name for s in df.stages[1].lineage()] == ["1", "build"]
        df.expand("$A", df.stages[2], df.instructions[-1])
        assert df.instructions[-1].stage is df.stages[2]

    read()  # what a first use makes once (tree-sitter's parser, compiled patterns) is kept
    gc.collect()
    was = gc.isenabled()
    gc.disable()
    try:
        read()
        assert gc.collect() == 0
    finally:
        if was:
            gc.enable()


def test_an_instruction_kept_without_its_tree_loses_its_stage():
    ins = parse_text("FROM a\nRUN b\n")[0].instructions[1]
    assert ins.stage is None  # the tree is gone: the stage was only weakly referred to
