"""Pins how many findings each Dockerfile rule (SL2xx) named below reports on the shared
Dockerfile corpus, so that a change of behaviour shows up in review. Only the rules named are
selected and compared, so a new rule does not change these numbers. When a rule is changed on
purpose, read the new findings (`shiplint check ../shared/corpus/dockerfile -f json`) and
update the numbers."""

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
    "SL207": 5, "SL208": 3, "SL211": 2, "SL212": 8, "SL213": 4, "SL216": 6, "SL217": 9,
    "SL218": 118, "SL221": 1, "SL230": 50, "SL231": 7, "SL233": 30, "SL234": 10, "SL235": 3,
    "SL238": 911, "SL241": 6, "SL242": 24, "SL244": 23, "SL245": 77, "SL253": 11, "SL254": 4,
    "SL255": 97, "SL261": 2, "SL272": 22, "SL281": 58,
    # rules that report nothing on this corpus, pinned at 0 so a new false alarm shows
    "SL219": 0, "SL220": 0, "SL222": 0, "SL223": 0, "SL224": 0, "SL232": 0, "SL236": 0,
    "SL237": 0, "SL240": 0, "SL243": 0, "SL250": 0, "SL251": 0, "SL252": 0, "SL260": 0,
    "SL270": 0, "SL271": 0, "SL273": 0, "SL274": 0, "SL280": 0,
}


def test_findings_per_dockerfile_rule_on_the_corpus(tmp_path):
    out = tmp_path / "findings.json"
    r = subprocess.run([sys.executable, "-m", "linter", "check", str(CORPUS / "dockerfile"),
                        "--select", ",".join(EXPECTED), "-f", "json", "-o", str(out)],
                       capture_output=True, text=True)
    assert r.returncode in (0, 1), r.stderr[-2000:]
    findings = json.loads(out.read_text(encoding="utf-8"))["findings"]
    assert not [f for f in findings if f["code"] == "SL007"]
    counts = collections.Counter(f["code"] for f in findings if f["code"] in EXPECTED)
    assert {c: counts.get(c, 0) for c in EXPECTED} == EXPECTED
