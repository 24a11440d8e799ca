"""linter.yaml's fast path (Y* nodes from libyaml's events) against its reference (ruamel's C
composer, then ``_Builder``): the same documents, trees, spans, tags, styles, values, merge
entries, key index, alias sharing and problems, on generated and nasty inputs and on the
corpus. benchmarks/yaml_differential.py --reference runs the same comparison on the whole
corpus and on as many generated cases as you like."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from linter import yaml

yaml._fast_loader()
pytestmark = pytest.mark.skipif(yaml._c_parser is None, reason="no libyaml (ruamel.yaml.clib)")

#: why the event reader may hand a stream to the reference path (everything else is a bug)
PUNTS = ("duplicate anchor", "undefined alias", "recursive alias", "anchor or alias on a key",
         "tagged collection key", "escaped tag on a key", "deep",
         "unexpected UnicodeEncodeError", "unexpected RecursionError")


# --- a canonical form of what load() returns -------------------------------------------------

def _value(v):
    return (type(v).__name__, repr(v))  # True is not 1, 1.0 is not 1, nan is nan


def canonical(result) -> tuple:
    """Everything a caller can observe, with shared nodes written as references to their first
    appearance (so alias sharing must be the same too)."""
    docs, problems = result[0], result[1]
    seen: dict[int, int] = {}

    def node(n):
        if n is None:
            return None
        if id(n) in seen:
            return ("ref", seen[id(n)])
        seen[id(n)] = len(seen)
        base = (type(n).__name__, tuple(n.span), type(n.span).__name__, n.tag)
        if isinstance(n, yaml.YScalar):
            return base + (_value(n.value), n.text, n.style)
        if isinstance(n, yaml.YSequence):
            return base + (tuple(node(i) for i in n.items),)
        entries = tuple((node(e.key), node(e.value), e.merged) for e in n.entries)
        position = {id(e): i for i, e in enumerate(n.entries)}
        index = tuple(sorted((repr(k), position.get(id(e), -1)) for k, e in n._index.items()))
        return base + (entries, index)

    return (tuple((d.index, tuple(d.span), node(d.root)) for d in docs),
            tuple((p.rule, p.message, p.span) for p in problems)) + tuple(result[2:])


def reference_load(text: str):
    """``load`` with the event reader switched off: the composer path alone."""
    saved, yaml._c_parser = yaml._c_parser, None
    try:
        return yaml.load(text)
    finally:
        yaml._c_parser = saved


def check(text: str) -> str | None:
    """Compare both paths on ``text``; return the punt reason, if the event reader punted."""
    fast_load = canonical(yaml.load(text))
    assert fast_load == canonical(reference_load(text)), text
    try:
        fast = yaml._load_events(text)
    except yaml._Punt as punt:
        assert str(punt) in PUNTS, (str(punt), text)
        return str(punt)
    assert canonical(fast) == canonical(yaml._load_nodes(text, False)), text
    return None


# --- nasty inputs, written by hand --------------------------------------------------------------

NASTY = [
    "", "\n", "# only a comment\n", "---\n", "---\n...\n", "--- \n---\n---\n", "...\n",
    "a: 1\n---\n---\n# c\n---\nb: 2\n",
    "%YAML 1.1\n---\na: yes\nb: 0777\nc: 1:30\nd: on\ne: 0b11\n",
    "%YAML 1.2\n---\na: yes\n", "%YAML 1.1\n--- !!set\n? a\n",
    "%TAG !e! tag:example.com,2000:\n--- !e!thing\na: !e!x 1\n",
    "a: !<tag:yaml.org,2002:int> 7\nb: !<!bar> x\nc: !!str 1\nd: !!int 0x1F\ne: !!int zz\n",
    "a: !!float 1\nb: !!bool yes\nc: !!null ''\nd: !!binary aGk=\ne: !!timestamp 2001-01-01\n",
    "a: ! 1\nb: ! '1'\nc: ! [1]\nd: ! {x: 1}\n! e: 1\n",
    "a: !reset []\nb: !!python/object:os.system ls\nc: !Ref x\nd: !override {x: 1}\n",
    "i: 10\no: 0o17\nx: 0x1f\nX: 0X1F\nb: 0b101\nf: 1.5\ne: 1e3\nE: 1E+3\nd: .5\nu: 1_000\n",
    "a: -0\nb: +1\nc: 00\nd: 09\ne: 017\nf: 0.\ng: -.inf\nh: .Inf\ni: .NaN\nj: .nan\nk: -.NAN\n",
    "a: true\nb: True\nc: TRUE\nd: tRue\ne: yes\nf: on\ng: y\nh: n\ni: off\nj: No\n",
    "a: ~\nb: null\nc: Null\nd: NULL\ne:\nf: ''\ng: \"\"\nh: nULL\n",
    "a: 2001-12-14t21:59:43.10-05:00\nb: 2002-12-14\nc: 2001-12-14 21:59:43.10 -5\n",
    "a: <<\nb: '<<'\nc: =\n<<: {x: 1}\n",
    "base: &base\n  image: app:1\n  user: root\nsvc:\n  <<: *base\n  user: app\n",
    "a: &a {k: 1}\nb: &b {k: 2, j: 3}\nc:\n  <<: [*a, *b]\n  <<: {z: 1}\n",
    "a:\n  <<: 5\n  b: 1\nc:\n  <<: [1, {x: 1}]\nd:\n  <<: *nope\n",
    "a:\n  '<<': {x: 1}\n  \"<<\": {y: 1}\n  !!merge q: {z: 1}\n  !foo <<: {w: 1}\n",
    "a: {<<: {x: 1}, x: 2}\nb: [<<, {<<: [{y: 1}]}]\n",
    "a: 1\nb:\n  c: 1\n  c: 2\na: 3\n",
    "1: a\n'1': b\n1.0: c\ntrue: d\n1: e\n~: f\nnull: g\n.nan: h\n.nan: i\n0x1: j\n",
    "? [a, b]\n: 1\n? {x: 1}\n: 2\n? [a, b]\n: 3\n[c]: 4\n",
    "? a\n? b\n: c\n? |\n  block key\n: v\n",
    "a: &x 1\nb: &x 2\nc: *x\n", "a: &x [&x 1, *x]\n", "a: &a [1, *a]\n",
    "a: &a {b: *a}\n", "a: *undefined\n", "&k a: 1\nb: *k\n", "a: &v 1\n*v : 2\n",
    "&m <<: {x: 1}\nb: *m\n", "a: &m {x: 1}\n*m : 2\n", "!!merge [a]: 1\n",
    "a: &x\nb: *x\nc: &y ''\nd: *y\n", "a: &x ~\nb:\n  <<: {q: *x}\n",
    "x: &x {a: 1, b: 2}\n" + "".join(f"k{i}: *x\n" for i in range(50)),
    "l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    + "".join(f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 9) + "]\n" for i in range(1, 10)),
    "a: &big " + "x" * 5000 + "\n" + "".join(f"k{i}: *big\n" for i in range(3000)),
    "a: [1, 2\nb: 3\n", "a: 1\n---\nb: [1, 2\nc: 3\n", "a: 1\n] \n", "a: b: c\n",
    "a:\n  - b\n  c: d\n", "key: 'unterminated\n", "a: \"\\q\"\n", "\ta: 1\n", "a: b\t# c\n",
    "a:\tb\n", "targets: [frontend:80]\n", "a: {url: http://x:80/y}\n", 'a: ["k":v]\n',
    "a: [frontend:80]\nb: c\t# comment\n", "a: {x:1}\n", "- - - - a\n", "[[[[{}]]]]\n",
    "a: |\n  lit\n  eral\nb: >-\n  folded\n  text\n\nc: |+\n  keep\n\n",
    "a: |2\n   indented\nb: >\n\n  x\n", "a: 'it''s'\nb: \"\\x41\\u00e9\\/\"\n",
    "a: b\u00a0c\nd: e\u2028f\ng: \u00e9\nh: a\x85b\n", "a: b\r\nc: d\r\n", "\ufeffa: 1\n",
    "a: \x01\n", "a: \ud800\n", "é: ü\n'日本': \"語\"\n", "a: b # comment\n# c\n",
    "a:\n- 1\n-\n- - 2\n  - 3\n- {}\n- []\n", "- ? a\n  : b\n", "{a: 1, b: [2, 3], c: {d: e}}\n",
    "[a, b]: c\n", "a: 12:30:00\nb: 1:20\nc: 190:20:30\n", "a: 0x\nb: 0o\nc: _1\nd: 1__0\n",
    "a: -\nb: - x\n", "--- >\n  folded root\n", "--- |\n  literal root\n", "--- 1\n--- '2'\n",
    "--- &a [1]\n--- *a\n", "a: &a 1\n---\nb: *a\n",
    "apiVersion: v1\nkind: ConfigMap\ndata:\n  " + "\n  ".join(f"k{i}: v{i}" for i in range(300)),
]


@pytest.mark.parametrize("text", NASTY)
def test_nasty_inputs(text):
    check(text)


def test_the_event_reader_leaves_only_its_named_cases_to_the_reference():
    assert check("a: &x 1\nb: &x 2\n") == "duplicate anchor"
    assert check("a: &a [1, *a]\n") == "recursive alias"
    assert check("a: *nope\n") == "undefined alias"
    assert check("[" * 200 + "]" * 200 + "\n") == "deep"
    assert check("a: &x {b: [1, *x]}\nc: 1\n") == "recursive alias"
    assert check("base: &b {x: 1}\nc:\n  <<: *b\n") is None  # the common merge is fast


@pytest.mark.parametrize("extra, bomb", [(96, False), (97, True)])
def test_the_alias_bomb_bound_is_the_same_to_the_node(extra, bomb):
    # 1 root + (1 + 100) for s + (1 + 1) for a + 1998 aliases of 100 + extra = 199,904 + extra
    text = ("s: &s [" + ", ".join(["1"] * 99) + "]\na: [" + "*s, " * 1998
            + ", ".join(["1"] * extra) + "]\n")
    assert check(text) is None
    assert [p.rule for p in yaml.load(text)[1]] == (["yaml-alias-bomb"] if bomb else [])


def test_a_deep_caller_stack_does_not_stop_the_event_reader():
    # the event reader keeps the collections it reads on a list, not on the Python stack
    # (see _load_events), so a caller already deep in its stack still gets the tree the
    # reference makes at an ordinary depth (before, it fell back to the reference there)
    import sys

    text = "a:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 120)) + "  " * 120 + "v: 1\n"

    def nested(n):
        return nested(n - 1) if n else yaml.load(text)

    fast = nested(sys.getrecursionlimit() - 200)
    assert check(text) is None
    assert canonical(fast) == canonical(reference_load(text))
    assert not fast[1]


def test_plain_values_are_memoised_and_the_memo_stays_bounded():
    for i in range(yaml._PLAIN_MAX + 10):
        yaml.load(f"a: {i}\n")
    assert len(yaml._PLAIN) <= yaml._PLAIN_MAX
    docs, _ = yaml.load("a: 7\nb: 7\n")
    assert docs[0].root.get("a").value == 7 and docs[0].root.get("b").value == 7


# --- generated inputs ----------------------------------------------------------------------------

SCALARS = [
    "a", "app:1", "1", "-1", "+1", "0", "00", "017", "0o17", "0x1F", "0b101", "1_000", "1.5",
    "1e3", ".5", "-.inf", ".Inf", ".NaN", "~", "null", "Null", "true", "False", "yes", "on",
    "n", "2024-01-01", "2001-12-14t21:59:43.10-05:00", "12:30", "=", "<<", "'q'", "'1'",
    '"d"', '"\\t x"', "''", '""', "!!str 1", "!!int 0x1F", "!!int x", "!!float 1", "!!bool yes",
    "!!null ''", "!custom a", "! 1", "!<tag:yaml.org,2002:int> 7", "!e!x 1", "a b c", "a#b",
    "http://x:80", "é", "x" * 130,
]
ODD = ["-", "?x", "%x", "@x", "a: b", "!e!x 1"]  # errors, mostly: drawn less often
KEYS = ["k1", "k2", "k3", "1", "'1'", "true", "1.0", "~", "name", "'<<'", "!!str k1", "!k k1",
        "0x1", "'k1'", "\"k2\"", "[a, b]", "{x: 1}", "!!merge m"]
ANCHORS = ["a", "b", "c"]


class Gen:
    def __init__(self, rng: random.Random):
        self.rng = rng
        self.anchors: list[str] = []
        self.handle = False  # whether the stream declares the tag handle !e!

    def scalar(self) -> str:
        s = self.rng.choice(ODD if self.rng.random() < 0.03 else SCALARS)
        return s.replace("!e!", "!") if s.startswith("!e!") and not self.handle else s

    def props(self) -> str:
        r = self.rng.random()
        if r < 0.12:
            name = self.rng.choice(ANCHORS)
            self.anchors.append(name)
            return f"&{name} "
        if r < 0.17:
            return self.rng.choice(["!t ", "! ", "!!map ", "!!seq "] + ["!e!x "] * self.handle)
        return ""

    def alias(self) -> str | None:
        if self.anchors and self.rng.random() < 0.15:
            return "*" + self.rng.choice(self.anchors + ["zz"] * (self.rng.random() < 0.05))
        return None

    def flow(self, depth: int) -> str:
        rng = self.rng
        a = self.alias()
        if a:
            return a
        if depth > 2 or rng.random() < 0.6:
            s = self.scalar()
            return s if ":" not in s and "#" not in s else f"'{s}'"
        if rng.random() < 0.5:
            return self.props() + "[" + ", ".join(self.flow(depth + 1) for _ in range(rng.randint(0, 3))) + "]"
        items = []
        for _ in range(rng.randint(0, 3)):
            k = rng.choice(KEYS + ["<<"])
            items.append(f"{k}: {self.flow(depth + 1)}")
        return self.props() + "{" + ", ".join(items) + "}"

    def value(self, depth: int, ind: int) -> str:
        """What follows ``key:`` or ``-``: an inline value, or a block on the next lines."""
        rng = self.rng
        r = rng.random()
        a = self.alias()
        if a:
            return " " + a + "\n"
        if depth > 3 or r < 0.4:
            return " " + self.props() + self.scalar() + "\n"
        if r < 0.5:
            return " " + self.flow(depth) + "\n"
        if r < 0.55:
            return " " + self.props() + rng.choice(["|", ">", "|-", ">+"]) + "\n" + \
                " " * (ind + 2) + "line one\n" + " " * (ind + 2) + "line two\n"
        if r < 0.58:
            return "\n"  # empty value
        props = self.props().strip()
        head = (" " + props if props else "") + "\n"
        if r < 0.8:
            return head + self.block_mapping(depth + 1, ind + 2)
        return head + self.block_sequence(depth + 1, ind + 2)

    def block_mapping(self, depth: int, ind: int) -> str:
        rng = self.rng
        out = []
        for _ in range(rng.randint(1, 4)):
            r = rng.random()
            if r < 0.1 and self.anchors:
                many = ", ".join("*" + rng.choice(self.anchors) for _ in range(rng.randint(1, 2)))
                out.append(" " * ind + "<<: " + rng.choice([f"*{rng.choice(self.anchors)}",
                                                            f"[{many}]", "{m: 1}", "5"]) + "\n")
                continue
            key = rng.choice(KEYS)
            if key.startswith(("[", "{")) and rng.random() < 0.5:
                out.append(" " * ind + "? " + key + "\n" + " " * ind + ":" + self.value(depth, ind))
            else:
                out.append(" " * ind + key + ":" + self.value(depth, ind))
        return "".join(out)

    def block_sequence(self, depth: int, ind: int) -> str:
        return "".join(" " * ind + "-" + self.value(self.rng.randint(depth, 4), ind)
                       for _ in range(self.rng.randint(1, 3)))

    def document(self) -> str:
        self.anchors = []
        r = self.rng.random()
        if r < 0.05:
            return "# nothing\n"
        if r < 0.1:
            return self.flow(0) + "\n"
        if r < 0.15:
            return self.block_sequence(0, 0)
        return self.block_mapping(0, 0)

    def stream(self) -> str:
        rng = self.rng
        head = rng.choice(["", "", "", "%YAML 1.1\n---\n", "%YAML 1.2\n---\n",
                           "%TAG !e! tag:example.com,2000:\n---\n", "---\n"])
        self.handle = "%TAG" in head
        docs = [self.document() for _ in range(rng.choice([1, 1, 1, 2, 3]))]
        text = head + "".join(d if i == 0 else rng.choice(["---\n", "...\n---\n"]) + d
                              for i, d in enumerate(docs))
        if rng.random() < 0.2:  # break it somewhere
            pos = rng.randrange(len(text) + 1)
            if rng.random() < 0.5:
                text = text[:pos] + rng.choice(":-[]{}&*!|>'\"\t#%@`,? ") + text[pos:]
            else:
                text = text[:pos] + text[pos + 1:]
        return text


def generated(n: int, seed: int) -> list[str]:
    gen = Gen(random.Random(seed))
    return [gen.stream() for _ in range(n)]


@pytest.mark.parametrize("seed", range(8))
def test_generated_streams(seed):
    punts = [check(text) for text in generated(400, seed)]
    assert punts.count(None) > len(punts) // 2  # most take the fast path


# --- the corpus -----------------------------------------------------------------------------------

def _corpus_files() -> list[Path]:
    from helpers import CORPUS

    if not CORPUS.is_dir():
        return []
    files = sorted(p for p in CORPUS.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())
    return files[::13]  # a sample: benchmarks/yaml_differential.py --reference reads them all


def test_corpus_sample():
    files = _corpus_files()
    if not files:
        pytest.skip("corpus not present")
    for f in files:
        text = f.read_text(encoding="utf-8", errors="replace")
        assert canonical(yaml._load_events(text)) == canonical(yaml._load_nodes(text, False)), f


# --- the parser's event classes (_flat_events) -------------------------------------------------

def _events_with_ruamels_classes(text: str) -> list:
    """The events of ``text`` as the parser makes them with ruamel's own classes."""
    import sys

    from ruamel.yaml import events

    module = sys.modules[yaml._c_parser.__module__]
    saved = {n: getattr(module, n) for n in yaml._NODE_EVENTS}
    try:
        for n in yaml._NODE_EVENTS:
            setattr(module, n, getattr(events, n))
        return _events_or_error(text)
    finally:
        for n, cls in saved.items():
            setattr(module, n, cls)


def _events_or_error(text: str) -> list:
    try:
        return yaml._events_of(yaml._c_parser, text)
    except Exception as exc:  # noqa: BLE001 - the same error either way
        return [("error", type(exc).__name__, str(exc))]


def test_the_parser_makes_its_events_with_the_flat_classes_and_they_are_ruamels():
    import sys

    from ruamel.yaml import events

    module = sys.modules[yaml._c_parser.__module__]
    for name in yaml._NODE_EVENTS:
        flat = getattr(module, name)
        assert flat is yaml._EVENTS[name] and flat is not getattr(events, name)
        assert issubclass(flat, getattr(events, name)) and flat.__name__ == name
    ev = yaml._c_parser("a: 1\n")
    kinds = [type(ev.get_event()) for _ in range(4)]
    assert kinds[3] is yaml._EVENTS["ScalarEvent"] and isinstance(
        kinds[3].__new__(kinds[3]), events.NodeEvent)


@pytest.mark.parametrize("seed", range(2))
def test_the_flat_event_classes_give_every_event_as_ruamels_do(seed):
    texts = NASTY + generated(300, seed) + [
        f.read_text(encoding="utf-8", errors="replace") for f in _corpus_files()[::4]]
    for text in texts:
        assert _events_or_error(text) == _events_with_ruamels_classes(text), text


def test_a_second_set_up_of_the_event_classes_keeps_what_the_parser_makes():
    """Two threads may both read their first YAML file at once: the second set-up finds
    the parser's classes replaced already and keeps them as the ones to compare with (not
    ruamel's, which the parser no longer makes)."""
    before = dict(yaml._EVENTS)
    yaml._flat_events(yaml._c_parser)
    assert yaml._EVENTS == before
    assert canonical(yaml.load("a: &x [1, {b: c}]\nd: *x\n")) == canonical(
        reference_load("a: &x [1, {b: c}]\nd: *x\n"))
