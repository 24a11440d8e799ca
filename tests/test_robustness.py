"""Never hang, never leak, never go quiet: special files, unreadable places, secrets in
paths, and a rule that breaks."""

from __future__ import annotations

import json
import os
import sys

import pytest

from test_cli import run

posix = pytest.mark.skipif(sys.platform == "win32", reason="FIFOs and /dev/zero")
TOKEN = "ghp_R8x2Kq9Lm4Nv7Bc1Zs6Df3Gh5Jk0Pw2Ty8Ue"


@posix
@pytest.mark.parametrize("option", ["--config", "--baseline"])
@pytest.mark.parametrize("special", ["/dev/zero", "fifo", "dir"])
def test_option_files_that_are_not_regular_files_are_refused(tmp_path, option, special):
    (tmp_path / "Dockerfile").write_text("FROM alpine:3.20\nUSER 1000\n")
    target = {"/dev/zero": "/dev/zero", "fifo": str(tmp_path / "fifo"), "dir": str(tmp_path)}[special]
    if special == "fifo":
        os.mkfifo(target)
    r = run("check", option, target, ".", cwd=tmp_path)  # would hang or eat memory unbounded
    assert r.returncode == 2 and r.stderr.startswith("shiplint: error: ")
    assert "not a regular file" in r.stderr


def test_option_files_too_large_are_refused(tmp_path):
    big = tmp_path / "big.yaml"
    big.write_text("# x\n" * 400_000)
    r = run("check", "--config", str(big), ".", cwd=tmp_path)
    assert r.returncode == 2 and "larger than 1 MiB" in r.stderr


@pytest.mark.parametrize("size, limit, refused", [
    (0, 10, False), (9, 10, False), (10, 10, False), (11, 10, True), (5000, 10, True)])
def test_a_file_is_read_to_its_bound_whatever_size_it_had_when_opened(
        tmp_path, monkeypatch, size, limit, refused):
    from linter import source

    path = tmp_path / "f"
    path.write_bytes(b"x" * size)
    assert (source.read_bytes(str(path), limit) if not refused else None) == (
        None if refused else b"x" * size)
    if refused:
        with pytest.raises(source.Unreadable, match="larger than"):
            source.read_bytes(str(path), limit)
    # a file that grew after its size was read (the size read is 0: what was written
    # since is read on, to the bound)
    real = os.fstat
    monkeypatch.setattr(os, "fstat", lambda fd: os.stat_result(
        real(fd)[:6] + (0,) + real(fd)[7:]))
    if refused:
        with pytest.raises(source.Unreadable, match="larger than"):
            source.read_bytes(str(path), limit)
    else:
        assert source.read_bytes(str(path), limit) == b"x" * size


@posix
def test_a_linted_fifo_or_device_named_on_the_command_line_is_a_finding(tmp_path):
    os.mkfifo(tmp_path / "Dockerfile")
    r = run("check", "-f", "json", str(tmp_path / "Dockerfile"), "/dev/zero", cwd=tmp_path)
    found = {(f["path"], f["code"]): f["message"] for f in json.loads(r.stdout)["findings"]}
    assert "FIFO" in found[("Dockerfile", "SL005")]  # relative to the root of the run
    assert "character device" in found[("/dev/zero", "SL005")]
    assert r.returncode == 1


@posix
@pytest.mark.parametrize("entry, why", [
    ("./missing.yaml", "there is no such file"),
    ("/dev/zero", "character device"),
    ("/etc/passwd", "not a Compose file"),
    ("fifo.yaml", "FIFO"),
])
def test_compose_include_and_extends_that_compose_cannot_read(tmp_path, entry, why):
    os.mkfifo(tmp_path / "fifo.yaml")
    (tmp_path / "compose.yaml").write_text(
        f"include:\n  - {entry}\nservices:\n  web:\n    image: nginx:1.27\n"
        f"    extends: {{file: {entry}, service: base}}\n")
    r = run("check", "-f", "json", "--select", "SL437", "compose.yaml", cwd=tmp_path)
    found = json.loads(r.stdout)["findings"]
    assert [(f["code"], f["line"]) for f in found] == [("SL437", 2), ("SL437", 6)], r.stdout
    assert all(why in f["message"] for f in found)


def test_an_unreadable_directory_in_a_walk_is_a_finding(tmp_path, monkeypatch):
    """Listing a directory can fail (permissions; root reads everything, so the failure is
    made by hand here): the walk says so instead of passing over it."""
    from linter.engine import Engine, load_rules
    from linter.runner import lint_paths

    (tmp_path / "ok").mkdir()
    (tmp_path / "ok" / "Dockerfile").write_text("FROM alpine\n")
    locked = tmp_path / "locked"
    locked.mkdir()
    real = os.scandir

    def scandir(path="."):
        if os.fspath(path) == str(locked):
            raise PermissionError(13, "Permission denied", str(locked))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    report = lint_paths([str(tmp_path)], Engine(load_rules()))
    found = [(f.code, f.path, f.message) for f in report.findings if f.code == "SL005"]
    assert found == [("SL005", str(locked), "cannot read directory: Permission denied; its "
                      "files are not linted")]
    assert any(f.path.endswith("ok/Dockerfile") for f in report.findings)


FORMATS = ["text", "json", "json-lines", "sarif", "gnu", "github", "gitlab", "junit",
           "checkstyle"]


def test_a_secret_in_a_path_is_never_printed_and_is_reported_once(tmp_path):
    secret_dir = tmp_path / "deploy" / TOKEN
    secret_dir.mkdir(parents=True)
    (secret_dir / "Dockerfile").write_text("FROM alpine\n")
    (secret_dir / "compose.yaml").write_text("services:\n  web:\n    image: nginx\n")
    outputs = []
    for fmt in FORMATS:
        r = run("check", "-f", fmt, "--show-source", "-v", ".", cwd=tmp_path)
        outputs.append(r.stdout + r.stderr)
    r = run("check", "--write-baseline", "b.json", ".", cwd=tmp_path)
    outputs.append((tmp_path / "b.json").read_text() + r.stderr)
    assert not [o for o in outputs if TOKEN in o or TOKEN[4:20] in o]
    js = json.loads(run("check", "-f", "json", ".", cwd=tmp_path).stdout)["findings"]
    assert [f["path"] for f in js if f["code"] == "SL011"] == [
        js[0]["path"].rsplit("/", 1)[0] + "/Dockerfile"]  # once, for the directory
    masked = {f["path"].rsplit("/", 1)[0] for f in js}
    assert len(masked) == 1 and masked.pop().startswith("deploy/[REDACTED-")
    # the masked URI is a valid, stable URI
    sarif = json.loads(run("check", "-f", "sarif", ".", cwd=tmp_path).stdout)
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in sarif["runs"][0]["results"]}
    again = json.loads(run("check", "-f", "sarif", ".", cwd=tmp_path).stdout)
    assert uris == {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                    for r in again["runs"][0]["results"]}
    assert all(u.startswith("deploy/%5BREDACTED-") for u in uris)


BROKEN_PACK = '''
from linter.engine import Example, Hit, Rule
from linter.dockerfile import Dockerfile
from linter.findings import Severity

RULE = Rule(code="ZZ100", name="always-breaks", severity=Severity.LOW, summary="breaks",
            rationale="a test rule", remediation="none")


@RULE.check(Dockerfile)
def check(df):
    raise ValueError("this rule is broken on purpose")
    yield
'''


def test_a_rule_that_raises_is_one_internal_error_and_the_run_exits_2(tmp_path):
    """A third-party pack (installed through a test-only entry point) whose rule raises: its
    failure is one finding naming the rule and the file, the other rules and files still
    report, and the exit status is 2."""
    site = tmp_path / "site"
    (site / "broken_pack-0.0.dist-info").mkdir(parents=True)
    (site / "broken_pack-0.0.dist-info" / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: broken-pack\nVersion: 0.0\n")
    (site / "broken_pack-0.0.dist-info" / "entry_points.txt").write_text(
        "[shiplint.rules]\nbroken = broken_pack\n")
    (site / "broken_pack.py").write_text(BROKEN_PACK)
    work = tmp_path / "work"
    work.mkdir()
    (work / "Dockerfile").write_text("FROM alpine\n")
    (work / "other.Dockerfile").write_text("FROM ubuntu\n")
    r = run("check", "-f", "json", "--extend-select", "ZZ100", ".", cwd=work,
            env={"PYTHONPATH": str(site)})
    found = json.loads(r.stdout)["findings"]
    errors = [f for f in found if f["code"] == "SL007"]
    assert {f["path"] for f in errors} == {"Dockerfile", "other.Dockerfile"}
    assert all("ZZ100 (always-breaks) failed: ValueError" in f["message"] for f in errors)
    assert {f["code"] for f in found} >= {"SL101", "SL102"}  # the others still report
    assert r.returncode == 2 and "internal error" in r.stderr
    assert "broken on purpose" not in r.stdout + r.stderr  # no exception text: it may quote
