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
