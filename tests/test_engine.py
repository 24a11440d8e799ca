"""The engine: selection, failing checks, cross-file checks."""

from __future__ import annotations

from helpers import RULES
from linter.engine import CORE_RULES, Engine, Hit, Rule, select_rules
from linter.findings import Severity
from linter.kubernetes import KubernetesSet
from linter.runner import lint_paths


def _rule(code="XX100", name="demo", **kw) -> Rule:
    return Rule(code, name, Severity.LOW, "s", "r", "f", **kw)


def test_selection_by_code_prefix_name_alias_and_pss():
    names = lambda rs: {r.name for r in rs} - set(CORE_RULES)
    assert names(select_rules(RULES, select=["SL101"])) == {"runs-as-root"}
    assert names(select_rules(RULES, select=["unpinned-image", "DS002"])) == {
        "unpinned-image", "runs-as-root"}
    assert names(select_rules(RULES, select=["DL3002"])) == set()  # related only: not selected
    assert "runs-as-root" not in names(select_rules(RULES, ignore=["run-as-non-root"]))
    assert names(select_rules(RULES, select=["SL10"])) >= {"runs-as-root", "unpinned-image"}
    pss = names(select_rules(RULES, select=["pss:restricted"]))
    assert "runs-as-root" in pss


def test_opt_in_rules_run_only_when_selected():
    opt = _rule(enabled_by_default=False)
    assert opt not in select_rules([opt])
    assert opt in select_rules([opt], extend_select=["demo"])


def test_a_failing_check_becomes_an_internal_error_finding_and_others_go_on(tmp_path):
    broken = _rule()

    @broken.check(KubernetesSet)
    def boom(s):
        raise RuntimeError("secret value hunter2 must not be printed")
        yield

    (tmp_path / "pod.yaml").write_text("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\n")
    report = lint_paths([str(tmp_path)], Engine(list(CORE_RULES.values()) + [broken]))
    [f] = report.findings
    assert f.name == "internal-error" and "RuntimeError" in f.message
    assert "hunter2" not in f.message


def test_cross_file_check_sees_every_object_and_reports_in_each_file(tmp_path):
    across = _rule()

    @across.check(KubernetesSet)
    def pairs(s):
        names = sorted(o.name for o in s.objects)
        for o in s.objects:
            yield Hit(o.kind_span, f"{o.name} sees {names}", path=o.path)

    (tmp_path / "a.yaml").write_text("apiVersion: v1\nkind: Service\nmetadata: {name: a}\n")
    (tmp_path / "b.yaml").write_text("---\napiVersion: v1\nkind: Pod\nmetadata: {name: b}\n")
    report = lint_paths([str(tmp_path)], Engine([across]))
    got = [(f.path.rsplit("/", 1)[-1], f.span.line, f.message) for f in report.findings]
    assert got == [("a.yaml", 2, "a sees ['a', 'b']"), ("b.yaml", 3, "b sees ['a', 'b']")]


# --- the plain classes that were dataclasses (linter.plain, start-up) -----------------------

def test_rule_example_and_hit_behave_as_their_dataclasses_did():
    import copy
    import pickle

    import pytest

    from linter.engine import Example
    from linter.findings import Span

    a, b = _rule(), _rule()
    assert a != b and a == a and len({a, b}) == 2  # eq=False: each rule is itself
    assert a.references == [] and a.references is not b.references  # a new list each
    assert a.checks is not b.checks and a.options is not b.options
    assert _rule(opt_in="style").enabled_by_default is False
    with pytest.raises(ValueError):
        _rule(code="bad")
    assert repr(a).startswith("Rule(code='XX100', name='demo', severity=")

    # examples given as a function are made when first asked for, once; a rule pickles
    # (with them made: a lambda does not) and copies with them
    made = []
    lazy = _rule(failing=lambda: made.append(1) or [Example("Dockerfile", "FROM x\n")],
                 passing=[Example("Dockerfile", "FROM y\n")])
    assert made == []
    again = pickle.loads(pickle.dumps(lazy))
    assert made == [1] and again.failing == lazy.failing == [Example("Dockerfile", "FROM x\n")]
    assert again.passing == [Example("Dockerfile", "FROM y\n")] and made == [1]
    assert copy.deepcopy(lazy).failing == lazy.failing

    e = Example("Dockerfile", "FROM x\n")
    assert e == Example("Dockerfile", "FROM x\n") != Example("Dockerfile", "FROM y\n")
    assert hash(e) == hash(Example("Dockerfile", "FROM x\n"))
    assert (e.options, e.files) == (None, None)
    with pytest.raises(AttributeError):
        e.text = "changed"
    for other in (pickle.loads(pickle.dumps(e)), copy.deepcopy(e), copy.copy(e)):
        assert other == e and other.text == "FROM x\n"
    assert repr(e) == "Example(filename='Dockerfile', text='FROM x\\n', options=None, files=None)"

    h = Hit(Span(1, 1, 1, 5), "message", fix="do this")
    assert h == Hit(Span(1, 1, 1, 5), "message", None, "do this") != Hit(Span(), "message")
    assert h.span == Span(1, 1, 1, 5) and Hit(None, "m").span == Span()
    with pytest.raises(TypeError):
        hash(h)  # mutable and compared by value: unhashable, like the dataclass
    h.path = "other"
    assert h.path == "other"


def test_the_configuration_behaves_as_its_dataclass_did():
    import pytest

    from linter.config import Config

    a, b = Config(), Config(root="/r", select=["SL101"])
    assert (a.root, a.source, a.fail_on, a.select) == (".", None, Severity.LOW, [])
    assert a.select is not Config().select  # a new list each
    assert a == Config() and a != b
    assert repr(b).startswith("Config(root='/r', source=None, select=['SL101'], extend_select=[]")
    assert repr(a) == repr(Config()) != repr(b)  # what the cache keys a file's configuration by
    with pytest.raises(TypeError):
        Config(no_such_key=1)


def test_lazy_rules_load_on_first_use_and_answer_from_facts():
    from linter.engine import LazyRules, facts_of, rule_facts

    calls = []
    refining = _rule("XX101", "refining", refines=("XX100",), incomplete=True)

    def load():
        calls.append(1)
        return [_rule(), refining]

    rules = LazyRules(load, facts={"XX101": facts_of(refining)})
    core = CORE_RULES["internal-error"]
    assert rules.about(["XX101", core.code]) == {"XX101": (("XX100",), True, False),
                                                 core.code: ((), False, True)}
    assert not rules.loaded and calls == []
    assert rule_facts(rules, ["XX100"]) == {"XX100": ((), False, False)}  # not in the facts
    assert rules.loaded and calls == [1]
    assert [r.code for r in rules] == ["XX100", "XX101"] and len(rules) == 2
    assert rules[1] is refining and calls == [1]
    assert rule_facts([refining], ["XX101", "XX999"]) == {"XX101": (("XX100",), True, False)}


def test_edits_fixes_and_problems_behave_as_their_dataclasses_did():
    import copy
    import pickle

    import pytest

    from linter.findings import FILE_START, Autofix, Edit, Problem, Span, insert

    e = insert(2, 3, "x")
    assert e == Edit(Span(2, 3, 2, 3), "x") and hash(e) == hash(Edit(Span(2, 3, 2, 3), "x"))
    fix = Autofix("add x", (e,), True)
    assert fix == Autofix("add x", (Edit(Span(2, 3, 2, 3), "x"),), True) != \
        Autofix("add x", (e,), False)
    assert {fix: 1}[Autofix("add x", (e,), True)] == 1
    p = Problem("parse-error", "bad")
    assert p.span == FILE_START and p == Problem("parse-error", "bad", FILE_START)
    assert repr(p) == f"Problem(rule='parse-error', message='bad', span={FILE_START!r})"
    for value in (e, fix, p):
        with pytest.raises(AttributeError):
            setattr(value, value.FIELDS[0], None)  # frozen
        assert pickle.loads(pickle.dumps(value)) == value == copy.deepcopy(value)


def test_a_source_file_behaves_as_its_dataclass_did():
    from linter.source import SourceFile

    a = SourceFile("Dockerfile", "FROM x\n")
    assert (a.had_bom, a.problems) == (False, []) and a.problems is not SourceFile("x", "").problems
    assert a == SourceFile("Dockerfile", "FROM x\n", False, []) != SourceFile("Dockerfile", None)
    a.text = "changed"  # mutable, like the dataclass
    assert repr(a) == ("SourceFile(path='Dockerfile', text='changed', had_bom=False, "
                       "problems=[], undecoded=None)")


def test_a_finding_behaves_as_its_dataclass_did():
    import copy
    import pickle

    import pytest

    from linter.findings import FILE_START, Autofix, Finding, Span, Subject

    f = Finding("SL101", "runs-as-root", Severity.HIGH, "m", "Dockerfile", Span(1, 1, 1, 5),
                fix="add USER", subject=Subject(stage="0"), preview="next",
                autofix=Autofix("d", (), True))
    # equal and hashed on code, name, severity, message, path, span (compare=False after)
    same = Finding("SL101", "runs-as-root", Severity.HIGH, "m", "Dockerfile", Span(1, 1, 1, 5))
    assert f == same and hash(f) == hash(same) and len({f, same}) == 1
    assert f != same.replace(span=FILE_START) and f != same.replace(message="other")
    assert Finding("SL1", "n", Severity.LOW, "m", "p").span == FILE_START
    assert (same.fix, same.subject, same.preview, same.autofix) == (None, None, None, None)
    assert repr(same) == ("Finding(code='SL101', name='runs-as-root', severity=<Severity.HIGH: "
                          "3>, message='m', path='Dockerfile', span=Span(line=1, column=1, "
                          "end_line=1, end_column=5), fix=None, subject=None, preview=None, "
                          "autofix=None)")
    with pytest.raises(AttributeError):
        f.path = "other"  # frozen
    with pytest.raises(AttributeError):
        f.anything = 1  # slots
    moved = f.replace(path="other", preview=None)
    assert (moved.path, moved.preview, moved.fix, moved.subject) == \
        ("other", None, "add USER", Subject(stage="0"))
    with pytest.raises(TypeError):
        f.replace(no_such_field=1)
    for other in (pickle.loads(pickle.dumps(f)), copy.copy(f), copy.deepcopy(f)):
        assert other == f and [getattr(other, n) for n in Finding.FIELDS] == \
            [getattr(f, n) for n in Finding.FIELDS]
    assert f.sort_key == ("Dockerfile", 1, 1, "SL101", "m")


def test_the_report_and_the_values_of_a_run_behave_as_their_dataclasses_did():
    import pickle

    import pytest

    from linter.exceptions import Entry
    from linter.findings import Span
    from linter.image import ImageReference
    from linter.runner import Report
    from linter.suppress import Suppression

    a = Report()
    assert a == Report() and a.findings is not Report().findings
    assert Report.FIELDS[0] == "findings" and all(hasattr(a, n) for n in Report.FIELDS)
    a.files_checked += 1
    assert a != Report() and pickle.loads(pickle.dumps(a)) == a
    assert repr(Report()).startswith("Report(findings=[], suppressed=[], excepted=[]")

    image = ImageReference.parse("ghcr.io/acme/app:${TAG}")
    assert image == ImageReference("ghcr.io/acme/app:${TAG}", "ghcr.io", "acme/app", "${TAG}",
                                   None, True)
    assert image.replace(unknown=False).unknown is False and image.unknown is True
    assert hash(image) == hash(ImageReference.parse("ghcr.io/acme/app:${TAG}"))
    assert pickle.loads(pickle.dumps(image)) == image
    with pytest.raises(AttributeError):
        image.tag = "1"

    s = Suppression(["SL101"], 1, 2, Span(), None, "shiplint")
    assert s == Suppression(["SL101"], 1, 2, Span(), None, "shiplint", False, set())
    assert s.locked_said is not Suppression(["x"], 0, 0, Span(), None, "x").locked_said
    s.used = True
    assert pickle.loads(pickle.dumps(s)) == s

    e = Entry(("SL101",), "why", path="a/*")
    assert e.replace(line=3) == Entry(("SL101",), "why", path="a/*", line=3) != e
    assert repr(e).startswith("Entry(selectors=('SL101',), reason='why', path='a/*', kind=None")
    assert repr(e).endswith("source=None, line=0, lapsed=False)")


def test_a_rule_code_and_name_are_checked_as_their_patterns_checked_them():
    import itertools
    import re

    from linter.rule import _is_code, _is_name

    code = re.compile(r"[A-Z][A-Z0-9]*[0-9]{3,}\Z")
    name = re.compile(r"[a-z][a-z0-9]*(-[a-z0-9]+)*\Z")
    for n in range(6):
        for chars in itertools.product("A1a-9Z_ ", repeat=n):
            text = "".join(chars)
            assert _is_code(text) == bool(code.match(text)), text
            assert _is_name(text) == bool(name.match(text)), text


def test_the_text_report_escapes_what_it_escaped():
    from linter.report.text import _UNSAFE, _escape_char, clean

    for text in ("plain", "tab\there", "bidi \u202e", "nbsp\u00a0", "é ü", "\x1b[31m", "\ud800"):
        assert clean(text) == _UNSAFE.sub(_escape_char, text)
