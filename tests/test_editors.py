"""The editor recipes of the README, applied to real `--format gnu` output.

Each recipe's pattern is taken from the README itself (so the documented snippet is what is
tested) and turned into a Python regular expression the way the editor reads it.
"""

from __future__ import annotations

import json
import re

import pytest

from helpers import ROOT
from test_cli import run

README = (ROOT / "README.md").read_text(encoding="utf-8")
SAMPLE = "FROM ubuntu\nENV API_TOKEN=Zq8-Real-Tok3n\nUSER app\n"


def _block(lang: str, marker: str) -> str:
    for m in re.finditer(r"```" + lang + r"\n(.*?)```", README, re.S):
        if marker in m.group(1):
            return m.group(1)
    raise AssertionError(f"no {lang} block with {marker!r} in the README")


@pytest.fixture(scope="module")
def gnu_lines(tmp_path_factory):
    d = tmp_path_factory.mktemp("ed")
    (d / "Dockerfile").write_text(SAMPLE)
    r = run("check", "--format", "gnu", "--select", "SL1", "-", "--stdin-filename",
            str(d / "Dockerfile"), stdin=SAMPLE)
    lines = r.stdout.splitlines()
    assert len(lines) == 2 and r.returncode == 1
    return lines, str(d / "Dockerfile")


def _efm_to_regex(efm: str) -> list[re.Pattern]:
    """Vim errorformat (the subset the recipes use) -> regexes with named groups."""
    out = []
    for part in efm.split(","):
        rx, i = "", 0
        while i < len(part):
            if part[i] == "%":
                code = part[i + 1]
                rx += {"f": r"(?P<f>.+?)", "l": r"(?P<l>\d+)", "c": r"(?P<c>\d+)",
                       "t": r"(?P<t>.)", "m": r"(?P<m>.*)"}[code]
                i += 2
            elif part[i] == "\\":
                rx += re.escape(part[i + 1])
                i += 2
            else:
                rx += re.escape(part[i])
                i += 1
        out.append(re.compile("^" + rx + "$"))
    return out


def _efm_parse(patterns, line):
    for p in patterns:
        m = p.match(line)
        if m:
            return m.groupdict()
    return None


def test_vscode_problem_matcher(gnu_lines):
    lines, path = gnu_lines
    tasks = json.loads(_block("json", "problemMatcher"))
    pattern = tasks["tasks"][0]["problemMatcher"]["pattern"]
    rx = re.compile(pattern["regexp"])
    got = [rx.match(line) for line in lines]
    assert all(got)
    first = got[0]
    assert first.group(pattern["file"]) == path and first.group(pattern["line"]) == "1"
    assert first.group(pattern["severity"]) in ("error", "warning", "note")
    assert {m.group(pattern["code"]) for m in got} == {"SL102", "SL103"}


def test_vim_errorformat_and_neovim_nvim_lint(gnu_lines):
    lines, path = gnu_lines
    vim = _block("vim", "errorformat")
    efm = re.search(r"set errorformat=(.+)$", vim, re.M).group(1)
    lua = _block("lua", "from_errorformat")
    lua_efm = re.search(r"from_errorformat\(\s*'([^']+)'", lua).group(1)
    for source in (efm, lua_efm.replace(" ", "\\ ")):
        parsed = [_efm_parse(_efm_to_regex(source), line) for line in lines]
        assert all(parsed), (source, lines)
        assert parsed[0]["f"] == path and parsed[0]["l"] == "1" and parsed[0]["c"] == "1"
        assert {p["t"] for p in parsed} <= {"e", "w", "n"}
        assert parsed[1]["l"] == "2" and "API_TOKEN" in parsed[1]["m"]


def test_ale_gcc_handler_shape(gnu_lines):
    # ALE's gcc handler reads `file:line:column: type: message`
    lines, _ = gnu_lines
    ale = re.compile(r"^(.+):(\d+):(\d+): ([^:]+): (.+)$")
    assert _block("vim", "HandleGCCFormat")
    assert all(ale.match(line).group(4) in ("error", "warning", "note") for line in lines)


def test_emacs_flycheck_patterns(gnu_lines):
    lines, path = gnu_lines
    elisp = _block("elisp", "flycheck-define-checker")
    kinds = re.findall(r'\((error|warning|info) line-start \(file-name\) ":" line ":" column '
                       r'": (\w+): " \(message\) line-end\)', elisp)
    assert {k for _, k in kinds} == {"error", "warning", "note"}
    for line in lines:
        matched = [lvl for lvl, word in kinds
                   if re.match(r"^(.+?):(\d+):(\d+): " + word + r": (.*)$", line)]
        assert len(matched) == 1, line
