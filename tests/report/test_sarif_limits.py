"""SARIF stays within GitHub's upload limits: most severe results kept, the rest counted."""

from __future__ import annotations

import gzip
import json

import pytest

from linter.findings import Finding, Severity, Span
from linter.report import render
from linter.report import sarif as sarif_mod
from test_report import RULES, assert_github_ready, assert_valid, validator  # noqa: F401

SEVERITIES = list(Severity)
CODES = {Severity.CRITICAL: "SL201", Severity.HIGH: "SL102", Severity.MEDIUM: "SL101",
         Severity.LOW: "SL301", Severity.INFO: "SL302"}
NAMES = {r.code: r.name for r in RULES}


def many(n: int, message: str = "m") -> list[Finding]:
    out = []
    for i in range(n):
        sev = SEVERITIES[(i * 7) % 5]
        code = CODES[sev]
        out.append(Finding(code, NAMES[code], sev, f"{message} {i}", f"d{i % 13}/Dockerfile",
                           Span(i + 1, 1, i + 1, 4)))
    return sorted(out, key=lambda f: f.sort_key)


def notes(doc):
    run = doc["runs"][0]
    if "invocations" not in run:
        return []
    (invocation,) = run["invocations"]
    assert invocation["executionSuccessful"] is True
    return invocation["toolExecutionNotifications"]


def test_github_limits_are_the_documented_ones():
    assert sarif_mod.MAX_RESULTS == 25_000
    assert sarif_mod.MAX_GZIP_BYTES == 10 * 1024 * 1024


def test_within_limits_nothing_dropped(validator):
    findings = many(40)
    doc = json.loads(sarif_mod.render(findings, RULES, max_results=40))
    assert len(doc["runs"][0]["results"]) == 40 and notes(doc) == []
    assert doc == json.loads(render("sarif", findings, RULES, files_checked=1))


def test_too_many_results_keeps_the_most_severe(validator):
    findings = many(50)
    doc = json.loads(sarif_mod.render(findings, RULES, max_results=17))
    assert_valid(validator, doc)
    assert_github_ready(doc)
    results = doc["runs"][0]["results"]
    assert len(results) == 17
    kept = sarif_mod.most_severe(findings, 17)
    # the 10 critical, then the 7 first high ones; report order kept
    assert sorted(f.severity for f in kept).count(Severity.CRITICAL) == 10
    assert {f.severity for f in kept} == {Severity.CRITICAL, Severity.HIGH}
    assert kept == [f for f in findings if f in kept]
    assert [r["message"]["text"] for r in results] == [f.message for f in kept]
    # the rules list only has the rules of kept results, and ruleIndex still matches
    assert [r["id"] for r in doc["runs"][0]["tool"]["driver"]["rules"]] == ["SL102", "SL201"]
    (note,) = notes(doc)
    assert note["level"] == "warning"
    assert note["message"]["text"].startswith("33 of 50 results were left out")
    assert "at most 17 results per run" in note["message"]["text"]


def test_too_large_keeps_the_most_severe_that_fit(validator):
    # random-looking messages so that gzip cannot squeeze them
    import random
    rng = random.Random(6)
    findings = many(300, message="".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789")
                                         for _ in range(300)))
    findings = [Finding(f.code, f.name, f.severity,
                        "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(300)),
                        f.path, f.span) for f in findings]
    limit = 40_000
    full = sarif_mod.render(findings, RULES)
    assert len(gzip.compress(full.encode())) > limit
    text = sarif_mod.render(findings, RULES, max_bytes=limit)
    assert len(gzip.compress(text.encode())) <= limit
    doc = json.loads(text)
    assert_valid(validator, doc)
    assert_github_ready(doc)
    results = doc["runs"][0]["results"]
    assert 0 < len(results) < 300
    kept = sarif_mod.most_severe(findings, len(results))
    assert [r["message"]["text"] for r in results] == [f.message for f in kept]
    (note,) = notes(doc)
    assert note["message"]["text"].startswith(f"{300 - len(results)} of 300 results were left out")
    assert "40000 bytes of gzip-compressed SARIF" in note["message"]["text"]


def test_most_severe_keeps_order_and_ties():
    findings = many(20)
    assert sarif_mod.most_severe(findings, 100) == findings
    assert sarif_mod.most_severe(findings, 0) == []
    critical = [f for f in findings if f.severity == Severity.CRITICAL]
    assert len(critical) == 4
    assert sarif_mod.most_severe(findings, 4) == critical
    first_high = [f for f in findings if f.severity == Severity.HIGH][0]
    assert sarif_mod.most_severe(findings, 5) == [f for f in findings
                                                  if f in critical or f is first_high]


@pytest.mark.slow
def test_default_result_limit(validator):
    findings = many(sarif_mod.MAX_RESULTS + 3)
    doc = json.loads(render("sarif", findings, RULES, files_checked=1))
    assert len(doc["runs"][0]["results"]) == sarif_mod.MAX_RESULTS
    (note,) = notes(doc)
    assert note["message"]["text"].startswith("3 of 25003 results were left out")
    assert_github_ready(doc)
