"""The command line on a terminal: quiet levels, help, errors in one style, bad values,
severity off, .gitignore, an empty run, and the progress bar with findings streamed."""

from __future__ import annotations

import json
import os
import re
import select
import subprocess
import sys

import pytest

from test_cli import run

BAD = "FROM ubuntu\nRUN echo hi\n"


@pytest.fixture
def tree(tmp_path):
    (tmp_path / "Dockerfile").write_text(BAD)
    return tmp_path


def test_quiet_levels(tree):
    r = run("check", ".", cwd=tree)
    assert r.stdout and "Found" in r.stderr
    q = run("check", "-q", ".", cwd=tree)
    assert q.stdout == r.stdout and q.stderr == "" and q.returncode == 1
    qq = run("check", "-qq", ".", cwd=tree)
    assert qq.stdout == "" and qq.stderr == "" and qq.returncode == 1


def test_help_reads_like_ruffs():
    for args in (["-h"], ["check", "-h"], ["rules", "-h"], ["check", "--help"]):
        r = run(*args, env={"NO_COLOR": "1", "COLUMNS": "100"})
        assert r.returncode == 0 and "Usage: " in r.stdout, args
        assert "\x1b[" not in r.stdout, args  # NO_COLOR: not one escape code
        assert not re.search(r"<(bool|int|str|list\[str\])>", r.stdout), args
    text = run("check", "-h", env={"COLUMNS": "100"}).stdout
    for metavar in ("FORMAT[:FILE]", "SEVERITY", "PATH", "RULES", "GLOB", "FILE", "DIR"):
        assert metavar in text, metavar
    for heading in ("Output", "Rules", "Files", "Exit status", "Baselines and suppressions"):
        assert f"─ {heading} ─" in text, heading


@pytest.mark.parametrize("args, says", [
    (["check", "--kubernetes-version", "abc"], "--kubernetes-version: 'abc' is not a Kubernetes"),
    (["check", "--profile", "strict"], "--profile: 'strict' is not a profile: baseline or restricted (Pod "
     "Security Standards) or cis (CIS Kubernetes Benchmark)"),
    (["check", "--fail-on", "urgent"], "--fail-on: 'urgent' is not a severity"),
    (["check", "-f", "xml"], "--format: 'xml' is not an output format"),
    (["check", "--statistics", "-f", "sarif"], "--statistics prints text or JSON"),
    (["rules", "--for", "helm"], "--for: 'helm' is not a kind of file"),
    (["rules", "-f", "yaml"], "--format: 'yaml' is not one of"),
    (["check", "--no-such-option"], "No such option: --no-such-option"),
    (["check", "--severity", "SL101"], "--severity: 'SL101': write RULE=SEVERITY"),
    (["explain", "NOPE999"], "no rule matches 'NOPE999'"),
])
def test_bad_values_are_usage_errors_in_one_style(tree, args, says):
    r = run(*args, ".", cwd=tree) if args[0] == "check" else run(*args, cwd=tree)
    assert r.returncode == 2, r.stderr
    assert r.stderr.startswith("shiplint: error: ") and says in r.stderr, r.stderr
    assert r.stderr.count("\n") == 1 and "Traceback" not in r.stderr


def test_a_broken_configuration_is_an_error_in_the_same_style(tree):
    (tree / ".shiplint.yaml").write_text("selekt: [SL101]\n")
    r = run("check", ".", cwd=tree)
    assert r.returncode == 2 and r.stderr.startswith("shiplint: error: ") and "selekt" in r.stderr


def test_statistics_as_json(tree):
    r = run("check", "--statistics", "-f", "json", ".", cwd=tree)
    assert json.loads(r.stdout) == [{"code": "SL101", "name": "runs-as-root", "count": 1},
                                    {"code": "SL102", "name": "unpinned-image", "count": 1}]


def test_severity_off_turns_a_rule_off(tree):
    r = run("check", "-f", "json", "--severity", "SL102=off", ".", cwd=tree)
    assert [f["code"] for f in json.loads(r.stdout)["findings"]] == ["SL101"]
    (tree / ".shiplint.yaml").write_text("severity: {runs-as-root: off, SL102: low}\n")
    found = json.loads(run("check", "-f", "json", ".", cwd=tree).stdout)["findings"]
    assert [(f["code"], f["severity"]) for f in found] == [("SL102", "low")]


def test_a_walk_respects_gitignore(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / ".gitignore").write_text("build/\n*.generated.yaml\n!keep.generated.yaml\n")
    for name in ("Dockerfile", "build/Dockerfile", "deploy/a.generated.yaml",
                 "deploy/keep.generated.yaml", "deploy/sub/Dockerfile"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(BAD if name.endswith("Dockerfile") else
                                     "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n"
                                     "  containers: [{name: a, image: a, securityContext: "
                                     "{privileged: true}}]\n")
    (tmp_path / "deploy" / ".gitignore").write_text("sub/\n")

    def paths(*extra):
        out = run("check", "-f", "json", *extra, ".", cwd=tmp_path).stdout
        return sorted({f["path"] for f in json.loads(out)["findings"]})

    assert paths() == ["Dockerfile", "deploy/keep.generated.yaml"]
    assert paths("--no-respect-gitignore") == [
        "Dockerfile", "build/Dockerfile", "deploy/a.generated.yaml",
        "deploy/keep.generated.yaml", "deploy/sub/Dockerfile"]
    # a file named on the command line is linted whatever .gitignore says
    out = run("check", "-f", "json", "build/Dockerfile", cwd=tmp_path).stdout
    assert {f["path"] for f in json.loads(out)["findings"]} == {"build/Dockerfile"}


def test_an_empty_run_says_so(tmp_path):
    (tmp_path / "README.md").write_text("nothing to lint\n")
    r = run("check", ".", cwd=tmp_path)
    assert r.returncode == 0 and "no Dockerfiles, Compose files or Kubernetes manifests " \
        "found under ." in r.stderr


def _on_a_terminal(args, cwd, env):
    """Run shiplint with standard output and error on pseudo-terminals."""
    import pty

    out_m, out_s = pty.openpty()
    err_m, err_s = pty.openpty()
    p = subprocess.Popen([sys.executable, "-m", "linter", *args], stdout=out_s, stderr=err_s,
                         stdin=subprocess.DEVNULL, cwd=cwd, env={**os.environ, **env})
    os.close(out_s)
    os.close(err_s)
    bufs = {out_m: b"", err_m: b""}
    open_fds = [out_m, err_m]
    while open_fds:
        ready, _, _ = select.select(open_fds, [], [], 0.2)
        for fd in ready:
            try:
                data = os.read(fd, 65536)
            except OSError:
                data = b""
            if data:
                bufs[fd] += data
            else:
                open_fds.remove(fd)
        if not ready and p.poll() is not None:
            break
    p.wait()
    return p.returncode, bufs[out_m].decode().replace("\r\n", "\n"), bufs[err_m].decode()


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals")
def test_progress_bar_and_streamed_findings_read_as_the_final_report():
    from helpers import ROOT

    plain = run("check", "examples", cwd=ROOT)
    code, out, err = _on_a_terminal(["check", "examples"], ROOT,
                                    {"NO_COLOR": "1", "SHIPLINT_PROGRESS_DELAY": "0"})
    assert code == plain.returncode == 1
    assert out == plain.stdout  # streamed file by file, in the final order
    # the bar, on standard error, ends with every file done ("N/N")
    assert "linting" in err and re.search(r"\b(\d+)/\1\b", err)
    assert re.search(r"Found \d+ findings", err)
    code, out, err = _on_a_terminal(["check", "-q", "examples"], ROOT,
                                    {"NO_COLOR": "1", "SHIPLINT_PROGRESS_DELAY": "0"})
    assert out == plain.stdout and "linting" not in err and "Found" not in err
