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
    # new: spack/rockylinux8:sha256:... writes its digest after ':' (rook's FROM BASEIMAGE
    # is a placeholder its build replaces)
    "SL106": 1,
    "SL201": 818,  # -1: `yum groupinstall 'Development Tools'` names a group, not a package
    "SL202": 76,  # +1: `cargo install cargo-chef` (cargo is read now)
    "SL203": 177,  # +1: `npm clean-install` is `npm ci`
    "SL204": 1, "SL205": 102, "SL206": 35,
    "SL207": 5, "SL208": 3, "SL211": 2, "SL212": 8, "SL213": 4, "SL216": 6, "SL217": 9,
    "SL218": 166,  # +48: pipelines inside $( ) and backticks (dpkg --print-architecture | awk)
    "SL221": 1, "SL230": 50, "SL231": 7, "SL233": 30, "SL234": 10, "SL235": 3,
    "SL238": 911, "SL241": 6, "SL242": 24, "SL244": 23, "SL245": 77, "SL253": 11, "SL254": 4,
    "SL255": 97, "SL261": 2, "SL272": 22, "SL281": 58,
    "SL225": 100,  # new (opt-in): USER by name (nonroot, www-data, mysql...), DL3066
    "SL247": 1,  # new: CMD ["C:\Ruby30-x64\bin\ruby.exe --version"] is not JSON (\R)
    "SL256": 286,  # new (opt-in style): comments above ARG/FROM AS not starting with the name
    "SL274": 2,  # +2: zipkin's LABEL uses a global ARG its stage does not declare again
    # rules that report nothing on this corpus, pinned at 0 so a new false alarm shows
    "SL219": 0, "SL220": 0, "SL222": 0, "SL223": 0, "SL224": 0, "SL232": 0, "SL236": 0,
    "SL237": 0, "SL240": 0, "SL243": 0, "SL248": 0, "SL250": 0, "SL251": 0, "SL252": 0,
    "SL260": 0, "SL270": 0, "SL271": 0, "SL273": 0, "SL280": 0,
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
