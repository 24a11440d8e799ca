"""The generated rule reference is up to date; explain and rules commands work."""

from __future__ import annotations

import json

from helpers import ROOT, RULES
from linter.docs import markdown_reference
from test_cli import run


def test_docs_rules_md_is_up_to_date():
    path = ROOT / "docs" / "rules.md"
    assert path.read_text(encoding="utf-8") == markdown_reference(RULES), (
        "docs/rules.md is stale: run `shiplint rules -f markdown > docs/rules.md`")


def test_explain_by_code_name_and_alias():
    for key in ("SL101", "runs-as-root", "CKV_DOCKER_3", "CKV_K8S_23"):
        r = run("explain", key)
        assert r.returncode == 0 and r.stdout.startswith("SL101 runs-as-root [high]"), key
        assert "Fix:" in r.stdout and "hadolint: DL3002" in r.stdout.split("Related")[1]
    r = run("explain", "DL3002")  # a related check: explained, and said to be only related
    assert r.returncode == 0 and r.stdout.startswith("DL3002 is related to SL101, not the same")
    assert "\nSL101 runs-as-root [high]" in r.stdout
    r = run("explain", "NOPE123")
    assert r.returncode == 2 and "no rule matches" in r.stderr


def test_rules_filters_and_formats():
    data = json.loads(run("rules", "--for", "compose", "-f", "json").stdout)
    assert data and all("compose" in d["formats"] for d in data)
    assert "SL101" in {d["code"] for d in data} and "SL001" not in {d["code"] for d in data}
    md = run("rules", "-f", "markdown", "--select", "SL102").stdout
    assert md.startswith("# shiplint rule reference") and "## SL102" in md and "## SL101" not in md
    assert run("rules", "-f", "yaml").returncode == 2
