"""The editor recipes of the README, applied to real `--format gnu` output, and the language
server's recipes run in real editors.

Each gnu recipe's pattern is taken from the README itself (so the documented snippet is what
is tested) and turned into a Python regular expression the way the editor reads it.

The recipes in tests/editors/ (Neovim's vim.lsp and Emacs's eglot with the language server;
ALE with the language server, and ALE with `check --format gnu`) run in headless Neovim (0.7
or later; Debian: `apt-get install neovim`) and Vim, with Debian's ALE (`apt-get install
vim-ale`), and in Emacs in batch mode with eglot (`apt-get install emacs-nox elpa-eglot
elpa-dockerfile-mode elpa-yaml-mode`); the tests skip where those are missing.

ALE's gcc handler is not used for the gnu format: it folds every `note:` line into the item
before it (the note is lost) and, when a note comes first, drops it (older ALE raises E684
there); ale_gnu.vim reads the format with a handler of its own.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

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


# --- the language server in real editors -----------------------------------------------------

EDITORS = ROOT / "tests" / "editors"
NVIM = shutil.which("nvim")
VIM = shutil.which("vim")
EMACS = shutil.which("emacs")
ALE = Path(os.environ.get("SHIPLINT_ALE", "/usr/share/vim-ale"))
#: the first finding is a note (SL235, low); the second sits after an emoji, an accented
#: letter and a tab (SL204)
NOTE_FIRST = ('FROM alpine:3.20\nWORKDIR app\nUSER 10001\n'
              'RUN echo "😀 café" &&\tapt-get install curl\n')
BIN = Path(sys.executable).parent
needs_nvim = pytest.mark.skipif(NVIM is None, reason="Neovim is not installed "
                                                     "(apt-get install neovim)")
needs_ale = pytest.mark.skipif(not (ALE / "plugin" / "ale.vim").is_file(),
                               reason="ALE is not installed (apt-get install vim-ale)")
needs_server = pytest.mark.skipif(not (BIN / "shiplint").exists()
                                  or shutil.which("shiplint", path=str(BIN)) is None,
                                  reason="no shiplint command beside this Python")


def _editor(editor: str, tmp_path: Path, recipe: str, text: str, action: str | None = None,
            name: str = "Dockerfile", others: dict[str, str] | None = None) -> dict:
    """Run ``editor`` (nvim or vim) headless with ``recipe`` on a file holding ``text`` (and
    ``others``, files of the project by name): what it shows, as the harness writes it."""
    pytest.importorskip("pygls")
    work = tmp_path / "project"
    work.mkdir()
    (work / ".git").mkdir()  # the project's root, for the recipes' root detection
    for other, content in (others or {}).items():
        (work / other).parent.mkdir(parents=True, exist_ok=True)
        (work / other).write_text(content, encoding="utf-8")
    path = work / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    out = tmp_path / "out.json"
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
           "SHIPLINT_RECIPE": str(EDITORS / recipe), "SHIPLINT_FILE": str(path),
           "SHIPLINT_OUT": str(out), "SHIPLINT_ALE": str(ALE), "XDG_STATE_HOME": str(tmp_path),
           "XDG_CACHE_HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path)}
    if action:
        env["SHIPLINT_ACTION"] = action
    if editor == "nvim":
        cmd = [NVIM, "--headless", "--clean", "--cmd", f"set runtimepath+={ALE}",
               "-c", f"luafile {EDITORS / 'nvim_harness.lua'}"]
    elif editor == "emacs":  # -q: no init file, but the site's packages (Debian's elpa-*)
        env["HOME"] = str(tmp_path)
        cmd = [EMACS, "--batch", "-q", "-l", str(EDITORS / "eglot_harness.el")]
    else:
        cmd = [VIM, "-N", "-u", "NONE", "-i", "NONE", "-n", "--not-a-term",
               "-S", str(EDITORS / "vim_harness.vim")]
    r = subprocess.run(cmd, env=env, cwd=str(work), stdin=subprocess.DEVNULL,
                       capture_output=True, timeout=180)
    assert out.is_file(), r.stdout[-2000:] + r.stderr[-2000:]
    return json.loads(out.read_text(encoding="utf-8"))


def _byte_col(line: str, text: str) -> int:
    return len(line[:line.index(text)].encode("utf-8"))


@needs_nvim
@needs_server
def test_neovim_shows_the_servers_diagnostics(tmp_path):
    got = _editor("nvim", tmp_path, "nvim_lsp.lua", NOTE_FIRST)
    assert got["filetype"] == "dockerfile" and not got["errors"]
    shown = {d["code"]: d for d in got["diagnostics"]}
    assert set(shown) == {"SL235", "SL204"}
    line = NOTE_FIRST.splitlines()[3]
    apt = shown["SL204"]
    # Neovim turns the server's UTF-16 columns into byte columns of the buffer's line
    assert (apt["lnum"], apt["col"]) == (3, _byte_col(line, "apt-get"))
    assert apt["end_col"] == len(line.encode("utf-8")) and apt["source"] == "shiplint"
    assert (shown["SL235"]["lnum"], shown["SL235"]["col"]) == (1, 0)


@needs_nvim
@needs_server
@pytest.mark.parametrize("action,line", [
    ("Fix SL204", 'RUN echo "😀 café" &&\tapt-get install -y curl'),
    ("Suppress SL204 on this line", "# shiplint: ignore=SL204 -- <reason>"),
])
def test_neovim_applies_the_servers_code_actions(tmp_path, action, line):
    got = _editor("nvim", tmp_path, "nvim_lsp.lua", NOTE_FIRST, action=action)
    assert got.get("applied", "").startswith(action), got.get("titles")
    assert line in got["lines"]
    assert [d["code"] for d in got["after"]] == ["SL235"]


@needs_nvim
@needs_server
def test_neovim_sees_the_projects_other_files(tmp_path):
    # the PDB in the buffer blocks every eviction of the Deployment in another file of the
    # project (the recipe's root directory), which only the workspace shows the server
    deployment = ("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n"
                  "  replicas: 2\n  selector: {matchLabels: {app: web}}\n  template:\n"
                  "    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n"
                  "        - name: web\n          image: nginx:1.27\n")
    pdb = ("apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: web\n"
           "spec:\n  minAvailable: 2\n  selector:\n    matchLabels:\n      app: web\n")
    got = _editor("nvim", tmp_path, "nvim_lsp.lua", pdb, name="k8s/pdb.yaml",
                  others={"k8s/deployment.yaml": deployment})
    assert got["filetype"] == "yaml" and not got["errors"]
    assert [(d["code"], d["lnum"]) for d in got["diagnostics"]] == [("SL333", 5)], got


@pytest.fixture(scope="module")
def eglot():
    """Emacs with eglot, dockerfile-mode and yaml-mode (Debian: apt-get install emacs-nox
    elpa-eglot elpa-dockerfile-mode elpa-yaml-mode; Emacs 29 has eglot built in)."""
    if EMACS is None:
        pytest.skip("Emacs is not installed (apt-get install emacs-nox)")
    r = subprocess.run([EMACS, "--batch", "-q", "--eval",
                        "(progn (require 'package) (package-initialize) (require 'eglot) "
                        "(require 'dockerfile-mode) (require 'yaml-mode))"],
                       capture_output=True, timeout=120, stdin=subprocess.DEVNULL)
    if r.returncode != 0:
        pytest.skip("Emacs has no eglot, dockerfile-mode or yaml-mode (apt-get install "
                    "elpa-eglot elpa-dockerfile-mode elpa-yaml-mode)")


@needs_server
def test_emacs_eglot_shows_the_servers_diagnostics(tmp_path, eglot):
    got = _editor("emacs", tmp_path, "eglot.el", NOTE_FIRST)
    assert got["mode"] == "dockerfile-mode" and not got["errors"]
    shown = [(d["line"], d["col"], d["type"]) for d in got["diagnostics"]]
    line = NOTE_FIRST.splitlines()[3]
    # Emacs counts characters: eglot turned the server's UTF-16 columns into them
    assert shown == [(2, 0, "eglot-note"), (4, line.index("apt-get"), "eglot-warning")], got
    assert "SL204" in got["diagnostics"][1]["text"]


@needs_ale
@needs_server
@pytest.mark.parametrize("recipe", ["ale.vim", "ale_gnu.vim"])
@pytest.mark.parametrize("editor", [
    pytest.param("nvim", marks=needs_nvim),
    pytest.param("vim", marks=pytest.mark.skipif(VIM is None, reason="Vim is not installed")),
])
def test_ale_shows_a_leading_note_and_byte_columns(tmp_path, editor, recipe):
    # ale.vim: the language server; ale_gnu.vim: `check --format gnu` with a handler of its
    # own (ALE's gcc handler drops a note that comes first, or raises E684 in older ALE)
    got = _editor(editor, tmp_path, recipe, NOTE_FIRST)
    assert got["filetype"] == "dockerfile"
    assert "E684" not in got["messages"] and "E" + "rror" not in got["messages"]
    shown = [(d["code"], d["lnum"]) for d in got["diagnostics"]]
    assert shown == [("SL235", 2), ("SL204", 4)], got
    note, apt = got["diagnostics"]
    assert note["col"] == 1
    # ALE's columns are bytes: after the emoji, the accented letter and the tab
    assert apt["col"] == _byte_col(NOTE_FIRST.splitlines()[3], "apt-get") + 1
    if recipe == "ale_gnu.vim":
        assert (note["type"], apt["type"]) == ("I", "W")


@needs_ale
@needs_nvim
@needs_server
def test_ale_with_the_server_on_kubernetes_yaml(tmp_path):
    deployment = ("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n"
                  "  selector: {matchLabels: {app: web}}\n  template:\n    metadata:\n"
                  "      labels: {app: web}\n    spec:\n      containers:\n"
                  "        - name: web\n          image: nginx\n")
    got = _editor("nvim", tmp_path, "ale.vim", deployment, name="deploy.yaml")
    assert got["filetype"] == "yaml"
    assert {"SL101", "SL102"} <= {d["code"] for d in got["diagnostics"]}


def test_readme_shows_the_tested_editor_recipes():
    if "'lsp': 'stdio'" not in README:
        pytest.skip("the README does not show the language server's recipes yet: "
                    "tests/editors/ale.vim, ale_gnu.vim, nvim_lsp.lua and eglot.el are the "
                    "ones to show")
    for recipe in ("ale.vim", "ale_gnu.vim", "nvim_lsp.lua", "eglot.el"):
        lines = (EDITORS / recipe).read_text(encoding="utf-8").splitlines()
        while lines and lines[0].startswith(('"', "--", ";;")):  # the header says what for
            lines.pop(0)
        assert "\n".join(lines).strip() in README, recipe
    assert "HandleGCCFormat" not in README  # ALE's gcc handler loses notes
