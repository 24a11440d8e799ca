"""The whole shared corpus: no crash, no traceback, valid SARIF, no rule failures."""

from __future__ import annotations

import json
import subprocess
import sys

import jsonschema
import pytest

from helpers import CORPUS, SCHEMAS

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus not present")]


@pytest.fixture(scope="module")
def corpus_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("corpus") / "corpus.sarif"
    r = subprocess.run([sys.executable, "-m", "linter", "check", str(CORPUS), "--format",
                        "sarif", "--output", str(out)], capture_output=True, text=True)
    return r, json.loads(out.read_text(encoding="utf-8"))


def test_exit_status_and_no_traceback(corpus_run):
    r, _ = corpus_run
    assert r.returncode in (0, 1), r.stderr[-2000:]
    assert "Traceback" not in r.stderr and "internal error" not in r.stderr


def test_sarif_validates_against_the_schema(corpus_run):
    _, log = corpus_run
    schema = json.loads((SCHEMAS / "sarif-schema-2.1.0.json").read_text())
    validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())
    errors = list(validator.iter_errors(log))
    assert not errors, errors[0].message


def test_no_rule_crashed_and_every_kind_was_linted(corpus_run):
    _, log = corpus_run
    results = log["runs"][0]["results"]
    assert not [x for x in results if x["ruleId"] == "SL007"]
    found = {x["ruleId"] for x in results}
    assert {"SL101", "SL102", "SL103", "SL104", "SL004"} <= found
