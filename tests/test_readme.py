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


def test_the_usage_table_lists_every_option_of_check():
    """The README's option table and `shiplint check --help` name the same options."""
    import re
    import subprocess
    import sys

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("| option of `check` | meaning |")
    table = readme[start:readme.index("\n\n", start)]
    documented = set(re.findall(r"(?<![\w-])(--[a-z][a-z-]+)", table))
    helptext = subprocess.run([sys.executable, "-m", "linter", "check", "--help"],
                              capture_output=True, text=True,
                              env={**__import__("os").environ, "NO_COLOR": "1",
                                   "COLUMNS": "200"}).stdout
    offered = set(re.findall(r"(?<![\w-])(--[a-z][a-z-]+)", helptext)) - {"--help"}
    assert documented == offered, (sorted(documented - offered), sorted(offered - documented))


def test_the_pre_commit_snippet_pins_a_release():
    """The README's `rev:` names a released version: one with a dated CHANGELOG section
    (docs/RELEASING.md: each release is tagged `vX.Y.Z` on the commit that dates it)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    m = re.search(r"^\s+rev: v(\d+\.\d+\.\d+)\b", readme, re.M)
    assert m, "the README's pre-commit snippet pins a tag vX.Y.Z"
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert re.search(rf"^## {re.escape(m.group(1))} \(\d{{4}}-\d{{2}}-\d{{2}}\)", changelog, re.M), \
        f"CHANGELOG.md has no dated section for {m.group(1)}: that release is not out"


def test_every_selector_the_usage_table_shows_is_accepted():
    """Each example of the `--select` row (codes, prefixes, names, peer IDs, groups) selects
    something: a related peer ID would be refused (exit 2), so it must not be shown there."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    row = next(line for line in readme.splitlines() if line.startswith("| `--select`"))
    examples = re.findall(r"`([^`\s]+)`", row.split("|")[2])
    assert len(examples) >= 10, examples
    for selector in examples:
        r = run("check", "--select", selector, "examples/api/Dockerfile", cwd=ROOT)
        assert r.returncode in (0, 1), (selector, r.stderr)
