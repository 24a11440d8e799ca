"""Pinned rule sets (``rule-set``), previews (``--preview-rule-set next``), the table of
releases against the rules of the tree, and the CHANGELOG against the table."""

from __future__ import annotations

import json
import re

import pytest

from helpers import ROOT, RULES
from linter import releases
from linter.config import Config, ConfigError, Resolver
from linter.engine import Rule, Severity
from linter.runner import engine_for, lint_paths
from test_cli import run

BY_CODE = {r.code: r for r in RULES}
# SL247 exec-form-not-json joined the default set in 0.2; SL218 pipe-without-pipefail was on
# by default in 0.1 and is in the hygiene group since 0.2
NEW_IN_02 = 'FROM ubuntu:24.04\nUSER 1000\nCMD ["echo", \'hi\']\n'
MOVED_IN_02 = "FROM ubuntu:24.04\nUSER 1000\nRUN curl -s https://x.example | sh\n"


def _changelog_section(version: str) -> str:
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    m = re.search(rf"^## {re.escape(version)}\b.*?(?=^## |\Z)", text, re.M | re.S)
    assert m, f"CHANGELOG.md has no section {version}"
    return " ".join(m.group(0).split())  # a name may wrap onto the next line


# ---------------------------------------------------------------------------- the table


def test_every_rule_of_the_tree_has_a_rule_set():
    sets = {r.code: releases.since(r) for r in RULES}
    assert set(sets.values()) <= set(releases.ORDER), sets
    assert sets["SL101"] == "0.1" and sets["SL247"] == "0.2" and sets["SL009"] == "0.1"


def test_the_released_table_names_rules_of_the_tree():
    """A released rule set is history: each of its codes is still a rule (codes are never
    reused), and its default set is among its rules."""
    for release in releases.RELEASED:
        assert release.defaults <= release.rules
        assert sorted(release.rules - set(BY_CODE)) == [], release.name
    v01 = releases.RELEASED[0]
    assert len(v01.rules) == 154 and len(v01.defaults) == 134


def test_every_rule_of_this_release_is_in_its_changelog_section():
    section = _changelog_section("0.2.0")
    missing = [f"- {r.code} `{r.name}`: {r.summary[:1].lower()}{r.summary[1:]}."
               + (f" ({r.opt_in})" if r.opt_in else "" if r.enabled_by_default else " (off)")
               for r in RULES if releases.since(r) == releases.CURRENT
               and not re.search(rf"\b{r.code}\b `{re.escape(r.name)}`", section)]
    assert missing == [], "add to the 0.2.0 section of CHANGELOG.md:\n" + "\n".join(missing)


def test_every_rule_that_left_the_default_set_is_in_the_changelog():
    section = _changelog_section("0.2.0").split("### Rules whose default changed")[1]
    v01 = releases.RELEASED[0]
    for code in sorted(v01.defaults):
        r = BY_CODE[code]
        if not r.enabled_by_default:
            assert f"{r.code} `{r.name}`" in section, r.code


def test_the_first_release_is_summarised():
    section = _changelog_section("0.1.0")
    assert "154 rules, 134 of them on by default" in section


def test_a_frozen_table_line_holds_the_tree_default_set():
    line = releases.frozen_table(RULES, "0.2", "2027-01-15")
    assert line.startswith('Release("0.2", "2027-01-15"')
    defaults = set(re.findall(r"SL\d+", line.split("_codes(")[2]))
    assert defaults == {r.code for r in RULES if r.enabled_by_default}


@pytest.mark.parametrize("value,name", [("0.1", "0.1"), ("0.1.0", "0.1"), ("v0.1", "0.1"),
                                        (0.1, "0.1"), ("0.2", "0.2"), ("2026-11-30", "0.1"),
                                        ("2027-06-01", "0.1")])
def test_rule_set_names_and_dates(value, name):
    assert releases.resolve(value) == name


@pytest.mark.parametrize("value,says", [("0.9", "is not a rule set"),
                                        ("next", "is not a rule set"),
                                        ("2026-11-29", "no rule set was released by"),
                                        ("2026-13-01", "is not a date")])
def test_rule_sets_that_do_not_exist(value, says):
    with pytest.raises(releases.RuleSetError, match=says):
        releases.resolve(value)


# ------------------------------------------------------------------------ the selection


def _engine(**settings):
    cfg = Config()
    for k, v in settings.items():
        setattr(cfg, k, v)
    return engine_for(cfg, RULES)


def test_today_selection_is_unchanged_without_a_pin():
    eng = _engine()
    assert eng.preview == {}
    assert {r.code for r in eng.rules} == {r.code for r in RULES if r.enabled_by_default}


def test_a_pin_runs_the_pinned_default_set_and_previews_what_joined_later():
    eng = _engine(rule_set="0.1")
    codes = {r.code for r in eng.rules}
    v01 = releases.RELEASED[0]
    assert v01.defaults <= codes  # the rules moved to opt-in groups since run as in 0.1
    assert "SL218" in codes and "SL218" not in eng.preview
    assert eng.preview["SL247"] == "0.2" and "SL101" not in eng.preview
    # everything previewed is in today's default set and not in 0.1's
    assert set(eng.preview) == {r.code for r in RULES if r.enabled_by_default
                                and r.code not in v01.defaults
                                and not r.module.startswith("linter.core.")}
    # the engine's own rules report on shiplint itself: never preview
    assert "SL011" in codes and "SL011" not in eng.preview


def test_a_pin_with_select_previews_only_what_a_group_or_prefix_brought():
    eng = _engine(rule_set="0.1", select=["SL2"])
    assert "SL247" in eng.preview and "SL218" not in eng.preview  # SL218 came in 0.1
    assert "SL101" not in {r.code for r in eng.rules}  # select replaces the default set
    eng = _engine(rule_set="0.1", select=["SL2", "SL247"])  # named one by one: not preview
    assert "SL247" not in eng.preview
    eng = _engine(rule_set="0.1", extend_select=["hardening"])
    assert eng.preview.get("SL225") == "0.2" and eng.preview.get("SL339") == "0.2"
    eng = _engine(rule_set="0.1", ignore=["SL247"])
    assert "SL247" not in {r.code for r in eng.rules}
    assert _engine(rule_set="0.2").preview == {}


def _fake(code: str, name: str, since: str = "", module: str = "linter.rules.fake",
          on: bool = True) -> Rule:
    r = Rule(code=code, name=name, severity=Severity.HIGH, summary="s", rationale="r",
             remediation="m", since=since, enabled_by_default=on)
    r.module = module
    return r


def test_an_unreleased_rule_runs_only_when_previewed_or_named():
    nxt = _fake("SL990", "fake-next", since="next")
    rules = RULES + [nxt]
    cfg = Config()
    assert "SL990" not in {r.code for r in engine_for(cfg, rules).rules}
    cfg.preview_rule_set = "next"
    eng = engine_for(cfg, rules)
    assert eng.preview["SL990"] == "next"
    cfg = Config(select=["SL990"])
    eng = engine_for(cfg, rules)
    assert "SL990" in {r.code for r in eng.rules} and eng.preview == {}


def test_a_rule_of_another_pack_is_never_pinned():
    third = _fake("XY100", "third-party", module="acme_rules.checks")
    assert releases.since(third) == ""
    eng = engine_for(Config(rule_set="0.1"), RULES + [third])
    assert "XY100" in {r.code for r in eng.rules} and "XY100" not in eng.preview


def test_preview_of_next_through_the_pipeline(tmp_path):
    from linter.findings import Severity as S
    from linter.rule import Hit
    from linter.dockerfile import Dockerfile

    nxt = _fake("SL991", "fake-next-rule", since="next")

    @nxt.check(Dockerfile)
    def _say(df):
        yield Hit(df.stages[0].from_instruction, "a new check")

    rules = RULES + [nxt]
    (tmp_path / "Dockerfile").write_text("FROM alpine:3.20\nUSER 1000\n")
    report = lint_paths([str(tmp_path)], resolver=Resolver(rules))
    assert [f.code for f in report.findings] == []
    report = lint_paths([str(tmp_path)],
                        resolver=Resolver(rules, overrides={"preview-rule-set": "next"}))
    assert [(f.code, f.preview, f.severity) for f in report.findings] == \
        [("SL991", "next", S.HIGH)]


# ---------------------------------------------------------------------- the real CLI


def test_a_pinned_run_reports_new_rules_as_preview_and_passes(tmp_path):
    (tmp_path / "Dockerfile").write_text(NEW_IN_02)
    r = run("check", str(tmp_path))
    assert r.returncode == 1 and "SL247" in r.stdout
    (tmp_path / ".shiplint.yaml").write_text('rule-set: "0.1"\n')
    r = run("check", str(tmp_path))
    assert r.returncode == 0, r.stdout + r.stderr
    assert "SL247 [medium]" in r.stdout
    assert "(new since your rule set: in 0.2; does not fail the run)" in r.stdout
    assert "1 of them is of rules new since your rule set (preview)" in r.stderr
    data = json.loads(run("check", str(tmp_path), "-f", "json").stdout)
    assert [(f["code"], f["new_since_rule_set"]) for f in data["findings"]] == [("SL247", "0.2")]
    sarif = json.loads(run("check", str(tmp_path), "-f", "sarif").stdout)
    [result] = sarif["runs"][0]["results"]
    assert result["properties"] == {"newSinceRuleSet": True, "ruleSince": "0.2"}
    # a note whatever the rule's severity, so that no code scanning check fails on it
    assert result["level"] == "note"
    assert result["message"]["text"].endswith(
        "(new since your rule set: in 0.2; does not fail the run)")
    # GitHub annotations: a notice, saying the same
    r = run("check", str(tmp_path), "-f", "github")
    [note] = [ln for ln in r.stdout.splitlines() if ln.startswith("::notice")]
    assert "SL247" in note and note.endswith("does not fail the run)") and r.returncode == 0
    assert "::warning" not in r.stdout


def test_the_ci_formats_say_a_preview_finding_is_one_and_never_fail_on_it(tmp_path):
    """JUnit (a skipped test case, not a failure), GitLab Code Quality and Checkstyle (info
    whatever the rule's severity), the GNU format (a note): each says what text says."""
    import xml.etree.ElementTree as ET

    (tmp_path / "Dockerfile").write_text(NEW_IN_02)
    (tmp_path / ".shiplint.yaml").write_text('rule-set: "0.1"\n')
    note = "(new since your rule set: in 0.2; does not fail the run)"
    junit = ET.fromstring(run("check", str(tmp_path), "-f", "junit").stdout)
    [case] = [c for c in junit.iter("testcase") if "SL247" in c.get("name")]
    assert case.find("failure") is None and case.find("skipped").get("message").endswith(note)
    assert junit.get("failures") == "0"
    suite = next(s for s in junit.iter("testsuite") if s.find("testcase") is case)
    assert (suite.get("failures"), suite.get("skipped")) == ("0", "1")
    [issue] = json.loads(run("check", str(tmp_path), "-f", "gitlab").stdout)
    assert issue["severity"] == "info" and issue["description"].endswith(note)
    checkstyle = ET.fromstring(run("check", str(tmp_path), "-f", "checkstyle").stdout)
    [error] = checkstyle.iter("error")
    assert error.get("severity") == "info" and error.get("message").endswith(note)
    [line] = run("check", str(tmp_path), "-f", "gnu").stdout.splitlines()
    assert ": note: " in line and line.endswith(f"{note} [SL247]")
    # without the pin, an ordinary finding in each
    (tmp_path / ".shiplint.yaml").write_text('rule-set: "0.2"\n')
    junit = ET.fromstring(run("check", str(tmp_path), "-f", "junit").stdout)
    [case] = [c for c in junit.iter("testcase") if "SL247" in c.get("name")]
    assert case.find("failure") is not None and case.find("skipped") is None
    [issue] = json.loads(run("check", str(tmp_path), "-f", "gitlab").stdout)
    assert issue["severity"] == "major" and note not in issue["description"]


def test_a_preview_never_fails_whatever_its_severity_and_fail_on(tmp_path):
    (tmp_path / "Dockerfile").write_text(NEW_IN_02)
    (tmp_path / ".shiplint.yaml").write_text(
        'rule-set: "0.1"\nseverity: {SL247: critical}\nfail-on: info\n')
    r = run("check", str(tmp_path), "-f", "json")
    [f] = json.loads(r.stdout)["findings"]
    assert (f["code"], f["severity"], f["new_since_rule_set"]) == ("SL247", "critical", "0.2")
    assert r.returncode == 0, r.stderr
    # moving the pin makes it an ordinary finding, which fails the run
    (tmp_path / ".shiplint.yaml").write_text(
        'rule-set: "0.2"\nseverity: {SL247: critical}\nfail-on: info\n')
    r = run("check", str(tmp_path), "-f", "json")
    [f] = json.loads(r.stdout)["findings"]
    assert "new_since_rule_set" not in f and r.returncode == 1


def _cli_with_a_rule_of_the_next_release(*args: str, cwd) -> "subprocess.CompletedProcess":
    """The real command, with SL247 taken for a rule written but not released yet."""
    import os
    import subprocess
    import sys

    code = ("import sys\n"
            "from linter.rules.dockerfile import sl247_exec_form_not_json as m\n"
            "m.RULE.since = 'next'\n"
            "from linter.cli import main\n"
            "sys.argv = ['shiplint', *sys.argv[1:]]\n"
            "main()\n")
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                          cwd=cwd, env={**os.environ, "NO_COLOR": "1"})


def test_preview_rule_set_next_through_the_cli(tmp_path):
    (tmp_path / "Dockerfile").write_text(NEW_IN_02)
    r = _cli_with_a_rule_of_the_next_release("check", ".", cwd=tmp_path)
    assert r.returncode == 0 and "SL247" not in r.stdout, r.stdout + r.stderr
    r = _cli_with_a_rule_of_the_next_release("check", ".", "--preview-rule-set", "next",
                                             cwd=tmp_path)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "SL247 [medium]" in r.stdout
    assert "(preview of the next release; does not fail the run)" in r.stdout
    assert "1 of them is of rules the next release adds (preview)" in r.stderr
    r = _cli_with_a_rule_of_the_next_release("check", ".", "--preview-rule-set", "next",
                                             "-f", "json", cwd=tmp_path)
    assert [(f["code"], f["new_since_rule_set"]) for f in json.loads(r.stdout)["findings"]] \
        == [("SL247", "next")]
    # the same from the configuration
    (tmp_path / ".shiplint.yaml").write_text("preview-rule-set: next\n")
    r = _cli_with_a_rule_of_the_next_release("check", ".", cwd=tmp_path)
    assert "SL247" in r.stdout and r.returncode == 0


def test_a_pinned_run_keeps_the_rules_its_release_ran(tmp_path):
    (tmp_path / "Dockerfile").write_text(MOVED_IN_02)
    r = run("check", str(tmp_path), "-f", "json")
    assert "SL218" not in r.stdout
    (tmp_path / ".shiplint.yaml").write_text("rule-set: 2026-12-01\n")
    r = run("check", str(tmp_path), "-f", "json")
    found = {f["code"]: f for f in json.loads(r.stdout)["findings"]}
    assert "SL218" in found and "new_since_rule_set" not in found["SL218"]
    assert r.returncode == 1  # as 0.1 did


def test_a_preview_never_fails_but_other_findings_still_do(tmp_path):
    (tmp_path / "Dockerfile").write_text(NEW_IN_02.replace("USER 1000\n", ""))
    (tmp_path / ".shiplint.yaml").write_text('rule-set: "0.1"\n')
    r = run("check", str(tmp_path), "-f", "json")
    found = {f["code"] for f in json.loads(r.stdout)["findings"]}
    assert {"SL101", "SL247"} <= found and r.returncode == 1


def test_bad_pins_and_previews_are_errors(tmp_path):
    (tmp_path / "Dockerfile").write_text(NEW_IN_02)
    (tmp_path / ".shiplint.yaml").write_text('rule-set: "0.7"\n')
    r = run("check", str(tmp_path))
    assert r.returncode == 2 and "rule-set: '0.7' is not a rule set" in r.stderr
    assert "0.1 (2026-11-30)" in r.stderr
    (tmp_path / ".shiplint.yaml").unlink()
    r = run("check", str(tmp_path), "--preview-rule-set", "0.3")
    assert r.returncode == 2 and "--preview-rule-set" in r.stderr
    r = run("check", str(tmp_path), "--preview-rule-set", "next")
    assert r.returncode == 1  # nothing is unreleased today: the run is today's


def test_configuration_shows_the_pin(tmp_path):
    (tmp_path / ".shiplint.yaml").write_text("rule-set: v0.1.0\n")
    data = json.loads(run("config", str(tmp_path)).stdout)
    assert data["rule-set"] == "0.1" and "SL218" in data["rules"]


def test_resolver_rejects_a_bad_pin(tmp_path):
    with pytest.raises(ConfigError, match="rule-set"):
        Resolver(RULES, overrides={"rule-set": "1.0"})
