"""Packaging: third-party rule packs plug in; the wheel does not claim the name `rules`."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import venv

import pytest

from helpers import ROOT

PLUGIN_PYPROJECT = """\
[build-system]
requires = ["setuptools>=64"]
build-backend = "setuptools.build_meta"

[project]
name = "shiplint-acme-rules"
version = "1.0"

[project.entry-points."shiplint.rules"]
acme = "acme_rules"
"""

PLUGIN_MODULE = '''\
from linter.dockerfile import Dockerfile
from linter.engine import Example, Hit, Rule
from linter.findings import Severity

MAINTAINER = Rule(
    code="ACME001", name="acme-no-maintainer", severity=Severity.LOW,
    summary="MAINTAINER is deprecated", rationale="Use a LABEL.",
    remediation="Replace it with LABEL org.opencontainers.image.authors=...",
    references=["https://docs.docker.com/reference/dockerfile/#maintainer-deprecated"],
    aliases={"hadolint": "DL4000"},
)


@MAINTAINER.check(Dockerfile)
def check(df):
    for ins in df.instructions:
        if ins.keyword == "MAINTAINER":
            yield Hit(ins, "MAINTAINER is deprecated")
'''


def _pip(*args: str, python: str = sys.executable) -> None:
    subprocess.run([python, "-m", "pip", "--disable-pip-version-check", "-q", *args],
                   check=True)


@pytest.mark.packaging
def test_third_party_rule_pack_is_discovered(tmp_path):
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "pyproject.toml").write_text(PLUGIN_PYPROJECT)
    (pkg / "acme_rules.py").write_text(PLUGIN_MODULE)
    site = tmp_path / "site"
    _pip("install", "--no-deps", "--target", str(site), str(pkg))
    (tmp_path / "Dockerfile").write_text("FROM alpine:3.20\nMAINTAINER me\nUSER nobody\n")
    env = {**os.environ, "PYTHONPATH": str(site), "NO_COLOR": "1"}
    r = subprocess.run([sys.executable, "-m", "linter", "check", str(tmp_path / "Dockerfile")],
                       capture_output=True, text=True, env=env)
    assert "ACME001 [low] MAINTAINER is deprecated" in r.stdout, r.stdout + r.stderr
    assert ":2:1:" in r.stdout
    listed = subprocess.run([sys.executable, "-m", "linter", "rules"], capture_output=True,
                            text=True, env=env).stdout
    assert "acme-no-maintainer" in listed


@pytest.mark.packaging
def test_wheel_installs_next_to_django_rules(tmp_path):
    """Build the wheel, install it in a fresh venv together with `rules` from PyPI, run both."""
    dist = tmp_path / "dist"
    _pip("wheel", "--no-deps", "-w", str(dist), str(ROOT))
    wheel = next(dist.glob("shiplint-*.whl"))
    import zipfile

    names = zipfile.ZipFile(wheel).namelist()
    assert not any(n.startswith("rules/") for n in names), "the wheel must not own `rules`"
    assert any(n.startswith("linter/rules/") for n in names)
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    py = str(env_dir / ("Scripts" if os.name == "nt" else "bin") / "python")
    _pip("install", str(wheel), "rules", python=py)
    probe = textwrap.dedent("""
        import rules, rules.predicates, linter.rules
        from linter.engine import load_rules
        print(rules.__file__); print(len(load_rules()))
    """)
    out = subprocess.run([py, "-c", probe], capture_output=True, text=True, check=True,
                         cwd=tmp_path).stdout  # not the repo root, whose rules/ would shadow
    from helpers import RULES

    # every rule of the source tree is in the wheel: each family's folder is a package
    assert "site-packages" in out.splitlines()[0] and int(out.splitlines()[1]) == len(RULES)
    shiplint = env_dir / "bin" / "shiplint"
    r = subprocess.run([str(shiplint), "check", str(ROOT / "examples"), "-f", "json"],
                       capture_output=True, text=True)
    assert r.returncode == 1 and '"SL101"' in r.stdout, r.stderr
