"""Pins how many findings each Dockerfile rule (SL2xx) reports on the shared Dockerfile corpus,
so that a change of behaviour shows up in review. When a rule is changed on purpose, read the
new findings (`shiplint check ../shared/corpus/dockerfile -f json`) and update the numbers."""

from __future__ import annotations

import collections
import json
import subprocess
import sys

import pytest

from helpers import CORPUS

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not (CORPUS / "dockerfile").is_dir(),
                                 reason="../shared/corpus not present")]

EXPECTED = {
    "SL201": 819, "SL202": 75, "SL203": 176, "SL204": 1, "SL205": 102, "SL206": 35,
    "SL207": 5, "SL208": 3, "SL211": 2, "SL212": 8, "SL213": 4, "SL216": 12, "SL217": 9,
    "SL218": 118, "SL221": 1, "SL230": 50, "SL231": 7, "SL233": 30, "SL234": 10, "SL235": 3,
    "SL238": 911, "SL241": 6, "SL242": 24, "SL244": 23, "SL245": 77, "SL253": 11, "SL254": 4,
    "SL255": 97, "SL261": 2, "SL272": 22,
}


def test_findings_per_dockerfile_rule_on_the_corpus(tmp_path):
    out = tmp_path / "findings.json"
    r = subprocess.run([sys.executable, "-m", "linter", "check", str(CORPUS / "dockerfile"),
                        "-f", "json", "-o", str(out)],
                       capture_output=True, text=True)
    assert r.returncode in (0, 1), r.stderr[-2000:]
    findings = json.loads(out.read_text(encoding="utf-8"))["findings"]
    assert not [f for f in findings if f["code"] == "SL007"]
    counts = collections.Counter(f["code"] for f in findings if f["code"].startswith("SL2"))
    # the opt-in rules (SL239 healthcheck-missing, SL290 shellcheck) do not run by default
    assert dict(sorted(counts.items())) == EXPECTED
