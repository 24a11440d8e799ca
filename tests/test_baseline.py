"""Baselines: record findings, then report only new ones; no secret in the file."""

from __future__ import annotations

import json

from test_cli import run

BAD = "FROM ubuntu\nENV DB_PASSWORD=Hunter2-Secret\nRUN echo hi\n"


def test_write_then_only_new_findings(tmp_path):
    df = tmp_path / "Dockerfile"
    df.write_text(BAD)
    base = tmp_path / "baseline.json"
    r = run("check", str(tmp_path), "--select", "SL1", "--write-baseline", str(base))
    assert r.returncode == 0 and "Wrote 3 findings" in r.stderr
    data = json.loads(base.read_text())
    assert {f["code"] for f in data["findings"]} == {"SL101", "SL102", "SL103"}
    assert "Hunter2" not in base.read_text()
    # nothing new: exit 0, and the summary says how many the baseline holds
    r = run("check", str(tmp_path), "--select", "SL1", "--baseline", str(base))
    assert r.returncode == 0 and r.stdout == "" and "3 more in the baseline" in r.stderr
    # unrelated lines above shift every finding down: still nothing new
    df.write_text("# a comment\n\n" + BAD)
    r = run("check", str(tmp_path), "--select", "SL1", "--baseline", str(base))
    assert r.returncode == 0, r.stdout
    # a new problem is reported, the old ones are not
    df.write_text(BAD + "ENV API_TOKEN=Zq8-Real-Tok3n\n")
    r = run("check", str(tmp_path), "--select", "SL1", "--baseline", str(base), "-f", "json")
    new = json.loads(r.stdout)["findings"]
    assert r.returncode == 1 and [(f["code"], f["line"]) for f in new] == [("SL103", 4)]


def test_identical_findings_are_counted(tmp_path):
    df = tmp_path / "Dockerfile"
    df.write_text("FROM alpine:3.20\nCOPY --from=nginx / /a\nUSER app\n")
    base = tmp_path / "b.json"
    run("check", str(tmp_path), "--select", "SL102", "--write-baseline", str(base))
    df.write_text("FROM alpine:3.20\nCOPY --from=nginx / /a\nCOPY --from=nginx / /a\nUSER app\n")
    r = run("check", str(tmp_path), "--select", "SL102", "--baseline", str(base), "-f", "json")
    assert [f["line"] for f in json.loads(r.stdout)["findings"]] == [3]


def test_bad_baseline_file_is_a_usage_error(tmp_path):
    (tmp_path / "b.json").write_text("[]")
    r = run("check", str(tmp_path), "--baseline", str(tmp_path / "b.json"))
    assert r.returncode == 2 and "not a shiplint baseline" in r.stderr
    r = run("check", str(tmp_path), "--baseline", str(tmp_path / "missing.json"))
    assert r.returncode == 2 and "baseline" in r.stderr and "cannot read" in r.stderr
