"""The README's sample output is what shiplint prints today."""

from __future__ import annotations

import re

from helpers import ROOT
from test_cli import run


def test_sample_output_is_current():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    m = re.search(r"```text\n\$ shiplint check (\S+)\n(.*?)```", readme, re.S)
    assert m, "the README shows a sample run"
    r = run("check", m.group(1), cwd=ROOT)
    assert (r.stdout + r.stderr).strip() == m.group(2).strip(), (
        "README sample is stale; paste the output of `shiplint check " + m.group(1) + "`")
