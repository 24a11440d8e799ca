"""The shiplint command, through a real subprocess (exit codes, formats, stdin, files)."""

from __future__ import annotations

import json
import os
import subprocess
import sys


from helpers import ROOT

BAD_DOCKERFILE = "FROM ubuntu\nRUN echo hi\n"
GOOD_DOCKERFILE = "FROM ubuntu:24.04\nUSER nobody\n"


def run(*args: str, stdin: str | None = None, cwd=None, env=None):
    full_env = {**os.environ, "NO_COLOR": "1", **(env or {})}
    return subprocess.run([sys.executable, "-m", "linter", *args], input=stdin,
                          capture_output=True, text=True, cwd=cwd, env=full_env)


def test_findings_exit_1_and_text_lines(tmp_path):
    (tmp_path / "Dockerfile").write_text(BAD_DOCKERFILE)
    r = run("check", str(tmp_path))
    assert r.returncode == 1, r.stderr
    lines = r.stdout.strip().splitlines()
    assert any(l.endswith("the final stage sets no USER, so the container runs as root")
               and ":1:1: SL101 [high] " in l for l in lines), lines
    assert "Found" in r.stderr and "\x1b[" not in r.stdout


def test_clean_exit_0(tmp_path):
    (tmp_path / "Dockerfile").write_text(GOOD_DOCKERFILE)
    r = run("check", str(tmp_path))
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout == ""
    assert "No findings" in r.stderr


def test_usage_error_exit_2():
    r = run("check", "--format", "yaml")
    assert r.returncode == 2
    r = run("check", "--fail-on", "severe", ".")
    assert r.returncode == 2 and "fail-on" in r.stderr


def test_stdin_with_filename_decides_kind_and_path():
    r = run("check", "-", "--stdin-filename", "svc/compose.yaml", "-f", "json",
            stdin="services:\n  db:\n    image: postgres\n")
    assert r.returncode == 1
    data = json.loads(r.stdout)
    assert {f["path"] for f in data["findings"]} == {"svc/compose.yaml"}
    assert "SL102" in {f["code"] for f in data["findings"]}


def test_sarif_output_file(tmp_path):
    (tmp_path / "Dockerfile").write_text(BAD_DOCKERFILE)
    out = tmp_path / "out.sarif"
    r = run("check", "Dockerfile", "-f", "sarif", "-o", str(out), cwd=tmp_path)
    assert r.returncode == 1 and r.stdout == ""
    log = json.loads(out.read_text())
    results = log["runs"][0]["results"]
    assert {x["ruleId"] for x in results} >= {"SL101", "SL102"}
    assert results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "Dockerfile"


def test_missing_file_is_a_finding_not_a_traceback(tmp_path):
    r = run("check", str(tmp_path / "nope" / "Dockerfile"))
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert "SL005" in r.stdout and "cannot read file" in r.stdout


def test_an_unknown_named_file_makes_an_incomplete_run(tmp_path):
    (tmp_path / "notes.yaml").write_text("just: data\n")
    r = run("check", str(tmp_path / "notes.yaml"))
    # a file named to lint that cannot be linted is no silent pass
    assert "SL006" in r.stdout and r.returncode == 1
    assert "Not linted: " in r.stderr and "incomplete run" in r.stderr
    r = run("check", "--allow-incomplete", str(tmp_path / "notes.yaml"))
    assert "SL006" in r.stdout and r.returncode == 0
    r = run("check", "--ignore-unknown", str(tmp_path / "notes.yaml"))
    assert r.stdout == "" and r.returncode == 0


def test_walk_skips_other_files_quietly(tmp_path):
    (tmp_path / "notes.yaml").write_text("just: data\n")
    (tmp_path / "LICENSE").write_bytes(b"\x00\x01binary")
    (tmp_path / "node_modules").mkdir()
    (tmp_path / "node_modules" / "Dockerfile").write_text(BAD_DOCKERFILE)
    r = run("check", str(tmp_path))
    assert r.returncode == 0 and r.stdout == "", r.stdout


def test_bad_file_does_not_stop_the_others(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "compose.yaml").write_text("services: [\n")
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "Dockerfile").write_text(BAD_DOCKERFILE)
    r = run("check", str(tmp_path), "-f", "json")
    codes = {(f["path"].rsplit("/", 2)[-2], f["code"]) for f in json.loads(r.stdout)["findings"]}
    assert ("a", "SL001") in codes and ("b", "SL101") in codes


def test_rules_command_lists_every_rule():
    r = run("rules")
    assert r.returncode == 0
    for code in ("SL001", "SL101", "SL102", "SL103", "SL104"):
        assert code in r.stdout
    data = json.loads(run("rules", "-f", "json").stdout)
    assert {"runs-as-root", "unpinned-image"} <= {d["name"] for d in data}


def test_version_and_console_script():
    r = run("--version")
    assert r.returncode == 0 and r.stdout.startswith("shiplint ")
    exe = os.path.join(os.path.dirname(sys.executable), "shiplint")
    if os.path.exists(exe):
        r2 = subprocess.run([exe, "--version"], capture_output=True, text=True)
        assert r2.stdout == r.stdout


def test_examples_show_every_rule_firing():
    r = run("check", "examples", "-f", "json", cwd=ROOT)
    assert r.returncode == 1
    found = {f["code"] for f in json.loads(r.stdout)["findings"]}
    assert {"SL101", "SL102", "SL103", "SL104"} <= found
    hardened = [f for f in json.loads(r.stdout)["findings"] if "hardened" in f["path"]
                or f["path"].startswith("examples/worker")]
    assert hardened == []


def test_unwritable_output_is_a_clear_error(tmp_path):
    (tmp_path / "Dockerfile").write_text(GOOD_DOCKERFILE)
    r = run("check", str(tmp_path), "-o", str(tmp_path / "missing" / "out.txt"))
    assert r.returncode == 2 and "cannot write" in r.stderr and "internal error" not in r.stderr


def test_stdin_filename_without_dash_is_a_usage_error(tmp_path):
    r = run("check", str(tmp_path), "--stdin-filename", "x/Dockerfile")
    assert r.returncode == 2 and "--stdin-filename" in r.stderr


def test_stdin_without_filename_is_reported_as_dash():
    r = run("check", "-", stdin="FROM alpine\nUSER app\n")
    assert r.returncode == 1 and r.stdout.startswith("-:1:1: SL102")


def test_unnamed_stdin_yaml_is_detected_by_content():
    r = run("check", "-", stdin="apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n"
                               "  containers:\n  - {name: a, image: a}\n")
    assert r.returncode == 1 and "-:6:" in r.stdout and "SL102" in r.stdout


def test_a_buffer_on_standard_input_replaces_its_file_on_disk(tmp_path):
    (tmp_path / "k8s").mkdir()
    (tmp_path / "k8s" / "pod.yaml").write_text(
        "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n"
        "  - {name: a, image: 'nginx:latest'}\n")
    fixed = ("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n"
             "  - {name: a, image: 'nginx:1.27'}\n")
    r = run("check", "-f", "json", "--select", "SL102", "k8s", "-", "--stdin-filename",
            "k8s/pod.yaml", stdin=fixed, cwd=tmp_path)
    assert json.loads(r.stdout)["findings"] == [], r.stdout


_RUN = """
import atexit, sys
class Kept:
    def __del__(self):
        print("finalized", file=sys.stderr)
kept = Kept()
atexit.register(lambda: print("atexit ran", file=sys.stderr))
sys.argv = ["shiplint"] + sys.argv[1:]
from linter.cli import run
run()
print("not reached")
"""


def test_the_program_ends_with_its_output_and_exit_handlers_but_no_finalization(tmp_path):
    """``linter.cli.run`` (the console script, ``python -m linter``) ends the process once
    ``main`` is done: the output is all there (a file, not a terminal: buffered), the exit
    status is main's, the ``atexit`` handlers ran, and the interpreter did not free every
    object one by one (issue #14: 25-60 ms after the corpus)."""
    (tmp_path / "Dockerfile").write_text("FROM alpine:latest\n" * 300)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = tmp_path / "out.txt"
    with open(out, "w") as fh:
        r = subprocess.run([sys.executable, "-c", _RUN, "check", "Dockerfile", "--no-cache"],
                           stdout=fh, stderr=subprocess.PIPE, text=True, cwd=tmp_path,
                           env=env, timeout=120)
    assert r.returncode == 1
    assert out.read_text().count("Dockerfile:") >= 300  # every finding, flushed
    assert "atexit ran" in r.stderr and "finalized" not in r.stderr
    assert "not reached" not in out.read_text()
    for args, status in ((["--version"], 0), (["check", "--bogus"], 2)):
        r = subprocess.run([sys.executable, "-m", "linter", *args], capture_output=True,
                           text=True, cwd=tmp_path, env=env, timeout=120)
        assert r.returncode == status, r.stderr
