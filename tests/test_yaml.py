"""linter.yaml: positions, streams, merge keys, duplicate keys, alias bombs, both parsers."""

from __future__ import annotations

import time

import pytest

from linter import yaml
from linter.findings import Span

BOTH = pytest.mark.parametrize("pure", [False, True], ids=["c-parser", "pure-python"])


@BOTH
def test_positions_are_one_based_with_exclusive_end(pure):
    docs, problems = yaml.load("a:\n  bé: 'x y'\n", pure=pure)
    assert not problems
    inner = docs[0].root.get("a")
    entry = inner.entry("bé")
    assert entry.key.span == Span(2, 3, 2, 5)
    assert entry.value.span == Span(2, 7, 2, 12)
    assert entry.value.value == "x y" and entry.value.style == "'"


@BOTH
def test_multi_document_streams_with_empty_and_comment_only_documents(pure):
    docs, problems = yaml.load("a: 1\n---\n---\n# only a comment\n---\nb: 2\n", pure=pure)
    assert not problems
    assert [d.root is None for d in docs] == [False, True, True, False]
    assert [d.index for d in docs] == [0, 1, 2, 3]
    assert docs[3].root.get("b").value == 2


@BOTH
def test_scalar_types(pure):
    docs, _ = yaml.load("i: 10\no: 0o17\nx: 0x1f\nf: 1.5\nb: true\nn: ~\ns: '3'\ny: yes\n",
                        pure=pure)
    m = docs[0].root
    assert [m.get(k).value for k in "iox"] == [10, 15, 31]
    assert m.get("f").value == 1.5 and m.get("b").value is True and m.get("n").value is None
    assert m.get("s").value == "3" and m.get("y").value == "yes"  # YAML 1.2: yes is a string
    assert m.str("b") == "true" and m.str("n") is None


@BOTH
def test_aliases_are_shared_and_merge_keys_keep_written_position(pure):
    text = "base: &base\n  image: app:1\n  user: root\nsvc:\n  <<: *base\n  user: app\n"
    docs, problems = yaml.load(text, pure=pure)
    assert not problems
    svc = docs[0].root.get("svc")
    assert svc.keys() == ["user", "image"]
    user, image = svc.entry("user"), svc.entry("image")
    assert not user.merged and user.value.value == "app" and user.key.span.line == 6
    assert image.merged and image.value.span.line == 2  # where it is written
    assert image.value is docs[0].root.get("base").get("image")


def _shape(node, seen=None):
    """A node as plain data, every field of every node (shared nodes named once)."""
    seen = {} if seen is None else seen
    if id(node) in seen:
        return ("shared", seen[id(node)])
    seen[id(node)] = len(seen)
    head = (type(node).__name__, node.span, node.tag)
    if isinstance(node, yaml.YScalar):
        return head + (node.value, type(node.value), node.text, node.style)
    if isinstance(node, yaml.YSequence):
        return head + tuple(_shape(i, seen) for i in node.items)
    return head + tuple((_shape(e.key, seen), _shape(e.value, seen), e.merged)
                        for e in node.entries) + (sorted(map(repr, node._index)),)


def test_a_tree_pickles_to_the_same_tree():
    """A worker of --jobs sends Kubernetes objects' trees pickled (linter.batch): what comes
    back has every node, position, tag, style, merge and lookup, and shares what was shared."""
    import pickle

    text = ("base: &base\n  image: app:1\n  user: root\nsvc:\n  <<: *base\n  user: app\n"
            "  ports: [80, '443', {a: !reset null}]\n  text: |\n    x\n  1: 1.5\n"
            "  on: true\n")
    root = yaml.load(text)[0][0].root
    back = pickle.loads(pickle.dumps(root, protocol=pickle.HIGHEST_PROTOCOL))
    assert _shape(back) == _shape(root)
    svc = back.get("svc")
    assert svc.entry("image").merged and svc.get("image") is back.get("base").get("image")
    assert svc.get(1).value == 1.5 and svc.get("ports").items[2].get("a").tag == "!reset"


@BOTH
def test_a_redefined_anchor_is_read_quietly_and_aliases_take_the_latest(pure, recwarn):
    text = "a: &x 1\nb: &x 2\nc: *x\n"
    docs, problems = yaml.load(text, pure=pure)
    assert not problems and docs[0].root.get("c").value == 2
    assert not recwarn.list  # ruamel's ReusedAnchorWarning would reach the user's terminal


@BOTH
def test_merge_key_list_earlier_source_wins(pure):
    text = "a: &a {k: 1}\nb: &b {k: 2, j: 3}\nc:\n  <<: [*a, *b]\n"
    docs, _ = yaml.load(text, pure=pure)
    c = docs[0].root.get("c")
    assert c.get("k").value == 1 and c.get("j").value == 3


@BOTH
def test_merge_into_non_mapping_is_ignored_without_crash(pure):
    docs, _ = yaml.load("a:\n  <<: 5\n  b: 1\n", pure=pure)
    assert docs[0].root.get("a").keys() == ["b"]


@BOTH
def test_duplicate_keys_are_reported_and_last_wins(pure):
    docs, problems = yaml.load("a: 1\nb:\n  c: 1\n  c: 2\na: 3\n", pure=pure)
    assert [p.rule for p in problems] == ["duplicate-key", "duplicate-key"]
    assert {(p.span.line, p.span.column) for p in problems} == {(4, 3), (5, 1)}
    assert "first written on line 3" in problems[0].message
    assert docs[0].root.get("a").value == 3 and docs[0].root.get("b").get("c").value == 2
    assert docs[0].root.keys() == ["b", "a"]


def _bomb(levels: int = 9) -> str:
    lines = ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, levels + 1):
        lines.append(f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


@BOTH
def test_billion_laughs_is_refused_fast(pure):
    start = time.perf_counter()
    docs, problems = yaml.load(_bomb(), pure=pure)
    elapsed = time.perf_counter() - start
    assert [p.rule for p in problems] == ["yaml-alias-bomb"]
    assert docs[0].root is None
    assert elapsed < 5  # generous bound: the real figure is milliseconds (see benchmarks)


def test_moderate_alias_use_is_fine():
    text = "x: &x {a: 1, b: 2}\n" + "".join(f"k{i}: *x\n" for i in range(500))
    docs, problems = yaml.load(text)
    assert not problems and len(docs[0].root.entries) == 501


@BOTH
def test_recursive_alias_is_a_problem_not_a_hang(pure):
    docs, problems = yaml.load("a: &a [1, *a]\n", pure=pure)
    assert problems and problems[0].rule == "parse-error"
    assert list(yaml.walk_scalars(docs[0].root)) is not None


@BOTH
def test_syntax_error_has_position_and_keeps_earlier_documents(pure):
    docs, problems = yaml.load("a: 1\n---\nb: [1, 2\nc: 3\n", pure=pure)
    assert len(docs) == 1 and docs[0].root.get("a").value == 1
    assert problems[0].rule == "parse-error" and problems[0].span.line >= 3
    assert problems[0].message.startswith("invalid YAML:")


def test_deep_nesting_does_not_crash():
    docs, problems = yaml.load("[" * 20000 + "]" * 20000)
    assert problems and problems[0].rule == "parse-error"


def test_custom_tags_are_kept_not_executed():
    docs, problems = yaml.load("a: !reset []\nb: !!python/object:os.system ls\nc: !Ref x\n")
    m = docs[0].root
    assert m.get("a").tag == "!reset" and m.get("c").tag == "!Ref"
    assert m.get("b").value == "ls"  # an unknown tag is just text; nothing is constructed


def test_walk_scalars_paths():
    docs, _ = yaml.load("a:\n  - b: 1\n  - 2\n")
    assert [(p, s.value) for p, s in yaml.walk_scalars(docs[0].root)] == [
        (("a", 0, "b"), 1), (("a", 1), 2)]


def test_c_and_pure_parsers_agree_on_the_corpus_sample():
    from helpers import CORPUS

    if not CORPUS.is_dir():
        pytest.skip("corpus not present")
    files = sorted((CORPUS / "compose").iterdir())[:40]
    for f in files:
        text = f.read_text(encoding="utf-8", errors="replace")
        fast, p1 = yaml.load(text)
        slow, p2 = yaml.load(text, pure=True)
        assert [(p.rule, p.span.line) for p in p1] == [(p.rule, p.span.line) for p in p2], f
        flat = lambda docs: [(p, s.value, s.span) for d in docs for p, s in yaml.walk_scalars(d.root)]
        assert flat(fast) == flat(slow), f


# --- what Kubernetes' YAML reads, shiplint reads (benchmarks/yaml_differential.py finds
# --- these by comparing with kubectl; each class it found has a case here)

@pytest.mark.parametrize("text, path, value", [
    # a plain scalar holding ':' inside a flow collection: libyaml refuses it, go-yaml,
    # PyYAML and Compose read a string
    ("targets: [frontend:80]\n", ("targets", 0), "frontend:80"),
    ("a: [http://x:80/y]\n", ("a", 0), "http://x:80/y"),
    ("a: {url: http://x:80/y}\n", ("a", "url"), "http://x:80/y"),
    ("a: [a:b:c, d]\n", ("a", 0), "a:b:c"),
    # a JSON-like key right before its ':' (the pure composer refuses this one)
    ('a: ["k":v]\n', ("a", 0, "k"), "v"),
    # a tab between a value and its comment, or after a key (the pure composer refuses it)
    ("a: b\t# comment\n", ("a",), "b"),
    ("a:\tb\n", ("a",), "b"),
    # both at once: a colon in a flow scalar and a tab
    ("a: [frontend:80]\nb: c\t# comment\n", ("a", 0), "frontend:80"),
])
def test_what_kubernetes_yaml_reads_is_read(text, path, value):
    docs, problems = yaml.load(text)
    assert problems == []
    node = docs[0].root
    for step in path:
        node = node.items[step] if isinstance(step, int) else node.get(step)
    assert node.value == value


def test_a_flow_scalar_with_a_colon_keeps_its_exact_position():
    docs, problems = yaml.load("apiVersion: v1\nkind: ConfigMap\ntargets: [web, frontend:80]\n")
    assert problems == []
    item = docs[0].root.get("targets").items[1]
    assert item.span == Span(3, 16, 3, 27)


def test_flow_mapping_without_a_space_is_one_key():
    """``{a:b}`` is a mapping whose key is ``a:b`` (YAML 1.2, go-yaml), not ``{a: b}``."""
    docs, problems = yaml.load("a: {x:1}\n")
    assert problems == []
    (entry,) = docs[0].root.get("a").entries
    assert entry.name == "x:1" and entry.value.value is None


def test_a_file_with_a_real_error_still_names_the_first_parsers_error():
    docs, problems = yaml.load("a: [frontend:80\nb: [\n")
    assert [p.rule for p in problems] == ["parse-error"]
    assert problems[0].span.line >= 1


def test_a_valid_file_through_the_cli_is_linted_not_rejected(tmp_path):
    import subprocess
    import sys

    f = tmp_path / "svc.yaml"
    f.write_text("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n"
                 "    targets: '[a]'\nspec:\n  containers:\n  - name: a\n    image: a:1\n"
                 "    args: [--listen=0.0.0.0:80, host:80]\n    securityContext:\n"
                 "      privileged: true\n", encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "linter", "check", str(f), "--select", "SL001,SL120"],
                       capture_output=True, text=True)
    assert "SL001" not in r.stdout and "SL120" in r.stdout
