"""The command line in CI and code scanning: repository-relative paths, SARIF's run data,
suppressed findings, result caps, upload-sarif's fingerprints, the automatic format and
several reports in one run."""

from __future__ import annotations

import json
import os

import pytest

from test_cli import run

BAD = "FROM ubuntu\nRUN echo hi\n"


@pytest.fixture
def repo(tmp_path):
    """A git work tree (a .git directory is all shiplint looks for) with a Dockerfile two
    levels down and a configuration at the top."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "services" / "api").mkdir(parents=True)
    (tmp_path / "services" / "api" / "Dockerfile").write_text(BAD)
    return tmp_path


def _sarif_uris(out: str) -> list[tuple[str, str]]:
    run0 = json.loads(out)["runs"][0]
    return [(loc["artifactLocation"]["uri"], loc["artifactLocation"].get("uriBaseId"))
            for r in run0["results"] for loc in [r["locations"][0]["physicalLocation"]]]


def test_paths_are_relative_to_the_repository_root_from_a_subdirectory(repo):
    sub = repo / "services"
    sarif = run("check", "-f", "sarif", "api", cwd=sub)
    assert {u for u, _ in _sarif_uris(sarif.stdout)} == {"services/api/Dockerfile"}
    assert {b for _, b in _sarif_uris(sarif.stdout)} == {"%SRCROOT%"}
    base = json.loads(sarif.stdout)["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"]
    assert base == repo.resolve().as_uri() + "/"
    js = json.loads(run("check", "-f", "json", "api", cwd=sub).stdout)
    assert {f["path"] for f in js["findings"]} == {"services/api/Dockerfile"}
    gl = json.loads(run("check", "-f", "gitlab", "api", cwd=sub).stdout)
    assert {i["location"]["path"] for i in gl} == {"services/api/Dockerfile"}
    # people and editors keep the path as they named it
    assert run("check", "-f", "text", "api", cwd=sub).stdout.startswith("api/Dockerfile:")


def test_paths_through_a_symlinked_directory(repo, tmp_path_factory):
    link = tmp_path_factory.mktemp("elsewhere") / "link"
    link.symlink_to(repo / "services")
    sarif = run("check", "-f", "sarif", "--root", str(repo), "api", cwd=link)
    assert {u for u, _ in _sarif_uris(sarif.stdout)} == {"services/api/Dockerfile"}


def test_root_option_and_the_configuration_directory_without_git(tmp_path):
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "Dockerfile").write_text(BAD)
    (tmp_path / ".shiplint.yaml").write_text("fail-on: high\n")
    js = json.loads(run("check", "-f", "json", ".", cwd=tmp_path / "app").stdout)
    assert {f["path"] for f in js["findings"]} == {"app/Dockerfile"}
    js = json.loads(run("check", "-f", "json", "--root", str(tmp_path / "app"), "Dockerfile",
                        cwd=tmp_path / "app").stdout)
    assert {f["path"] for f in js["findings"]} == {"Dockerfile"}
    r = run("check", "--root", str(tmp_path / "nope"), cwd=tmp_path)
    assert r.returncode == 2 and r.stderr.startswith("shiplint: error: --root:")


def test_sarif_invocation_says_how_the_run_ended(repo):
    r = run("check", "-f", "sarif", ".", cwd=repo)
    (inv,) = json.loads(r.stdout)["runs"][0]["invocations"]
    assert r.returncode == 1 and inv["executionSuccessful"] and inv["exitCode"] == 1
    assert inv["properties"]["ledger"] == {"files_linted": 1, "skipped": {}, "not_linted": []}
    (repo / "services" / "api" / "Dockerfile").write_text("FROM ubuntu:24.04\nUSER 1000\n")
    r = run("check", "-f", "sarif", ".", cwd=repo)
    (inv,) = json.loads(r.stdout)["runs"][0]["invocations"]
    assert r.returncode == 0 and inv["exitCode"] == 0 and inv["executionSuccessful"]


def test_suppressed_and_baselined_findings_on_request(repo):
    d = repo / "services" / "api" / "Dockerfile"
    d.write_text("# shiplint: ignore=SL102 -- pinned by the release job\nFROM ubuntu\n")
    assert run("check", "--write-baseline", "base.json", ".", cwd=repo).returncode == 0
    d.write_text("# shiplint: ignore=SL102 -- pinned by the release job\nFROM ubuntu\n"
                 "RUN curl https://x | sh\n")
    plain = json.loads(run("check", "-f", "sarif", "--baseline", "base.json", ".",
                           cwd=repo).stdout)["runs"][0]["results"]
    assert all("suppressions" not in r for r in plain)
    r = run("check", "-f", "sarif", "--baseline", "base.json", "--include-suppressed", ".",
            cwd=repo)
    results = json.loads(r.stdout)["runs"][0]["results"]
    kinds = {(x["ruleId"], x["suppressions"][0]["kind"]) for x in results if "suppressions" in x}
    assert kinds == {("SL102", "inSource"), ("SL101", "external")}
    assert {x["ruleId"] for x in results if "suppressions" not in x} == {"SL212"}
    js = json.loads(run("check", "-f", "json", "--baseline", "base.json",
                        "--include-suppressed", ".", cwd=repo).stdout)
    assert {(f["code"], f["suppression"]) for f in js["suppressed"]} == kinds
    assert {f["code"] for f in js["findings"]} == {"SL212"}


def test_max_results_keeps_the_most_severe(repo):
    d = repo / "services" / "api" / "Dockerfile"
    d.write_text("FROM ubuntu\nRUN curl -k https://x | sh\n")
    r = run("check", "-f", "json", "--max-results", "2", ".", cwd=repo)
    kept = json.loads(r.stdout)["findings"]
    assert len(kept) == 2 and {f["severity"] for f in kept} == {"high"}
    assert "of 4 findings left out of the report by --max-results 2" in r.stderr
    assert r.returncode == 1  # the exit status still judges every finding
    assert run("check", "--max-results", "0", ".", cwd=repo).returncode == 2


# values computed by upload-sarif's recipe in JavaScript with the `long` package (64-bit
# arithmetic as codeql-action's fingerprints.ts does), independently of our Python
UPLOAD_SARIF_HASHES = {
    "FROM alpine\nUSER root\n": {1: "9387e65950c01a7f:1", 2: "43f93dba3974e70:1",
                                 3: "c129715d7a2bc9a3:1"},
    "a\r\nb\rc\n\n\tx  y\n": {1: "96e83f5e43b3bc00:1", 2: "f862374379775261:1",
                              3: "df6b9b6993ac7c5:1", 4: "457a2d12124dd434:1",
                              5: "12885d96a61f191a:1", 6: "c129715d7a2bc9a3:1"},
    "emoji \U0001F600 in a line\nnext\n" * 3: {
        1: "43c555142388c337:1", 2: "493b4190454023d0:1", 3: "2d71ddf8e9ba0c9b:1",
        4: "7a71865db2806b64:1", 5: "fb937da52922a2bf:1", 6: "a5f9e5dec441e0b8:1",
        7: "c129715d7a2bc9a3:1"},
    ("x" * 150 + "\n") * 4: {1: "52b56201ffb58620:1", 2: "52b56201ffb58620:2",
                            3: "52b56201ffb58620:3", 4: "52b56201ffb58620:4",
                            5: "c129715d7a2bc9a3:1"},
    "no newline at the end": {1: "f68bdcc85985f0a3:1"},
    "\u00e9t\u00e9\n" + "z" * 250: {1: "8b360898cecb5a70:1", 2: "430534b53b700418:1"},
}


@pytest.mark.parametrize("text", list(UPLOAD_SARIF_HASHES), ids=range(len(UPLOAD_SARIF_HASHES)))
def test_line_hashes_are_upload_sarifs(text):
    from linter.report.fingerprint import line_hashes

    assert line_hashes(text) == UPLOAD_SARIF_HASHES[text]


def test_sarif_fingerprints_on_request(repo):
    d = repo / "services" / "api" / "Dockerfile"
    d.write_bytes(b"FROM alpine\r\nUSER root\r\n")
    plain = json.loads(run("check", "-f", "sarif", ".", cwd=repo).stdout)["runs"][0]["results"]
    assert all("partialFingerprints" not in r for r in plain)
    r = run("check", "-f", "sarif", "--sarif-fingerprints", ".", cwd=repo)
    results = json.loads(r.stdout)["runs"][0]["results"]
    by_line = {x["locations"][0]["physicalLocation"]["region"]["startLine"]:
               x["partialFingerprints"]["primaryLocationLineHash"] for x in results}
    # CRLF is read as upload-sarif reads it: the same hashes as LF
    assert by_line[1] == UPLOAD_SARIF_HASHES["FROM alpine\nUSER root\n"][1]


def test_format_auto_follows_the_ci_system(repo):
    gh = run("check", ".", cwd=repo, env={"GITHUB_ACTIONS": "true"})
    assert "::error file=services/api/Dockerfile," in gh.stdout
    gl = run("check", ".", cwd=repo, env={"GITLAB_CI": "true"})
    assert json.loads(gl.stdout)[0]["location"]["path"] == "services/api/Dockerfile"
    env = run("check", ".", cwd=repo, env={"SHIPLINT_FORMAT": "json", "GITHUB_ACTIONS": "true"})
    assert json.loads(env.stdout)["findings"]
    assert run("check", ".", cwd=repo).stdout.startswith("services/api/Dockerfile:1:1:")
    assert run("check", "-f", "auto", ".", cwd=repo,
               env={"GITHUB_ACTIONS": "true"}).stdout.startswith("::")


def test_several_reports_in_one_run(repo):
    r = run("check", "-f", "sarif:out.sarif", "-f", "json:out.json", "-f", "text", ".",
            cwd=repo)
    assert r.returncode == 1 and r.stdout.startswith("services/api/Dockerfile:")
    assert json.loads((repo / "out.sarif").read_text())["runs"][0]["results"]
    assert json.loads((repo / "out.json").read_text())["findings"]
    two = run("check", "-f", "json", "-f", "text", ".", cwd=repo)
    assert two.returncode == 2 and "only one report can go to standard output" in two.stderr
    assert run("check", "-f", "text", "-o", "o.txt", ".", cwd=repo).returncode == 1
    assert (repo / "o.txt").read_text().startswith("services/api/Dockerfile:")


def test_a_report_never_overwrites_a_linted_file(repo):
    d = repo / "services" / "api" / "Dockerfile"
    r = run("check", "-o", str(d), str(d), cwd=repo)
    assert r.returncode == 2 and "is one of the files to lint" in r.stderr
    assert d.read_text() == BAD
    r = run("check", "-f", f"json:{d}", str(d), cwd=repo)
    assert r.returncode == 2 and d.read_text() == BAD


def test_reports_are_written_whole_through_a_rename(repo, monkeypatch):
    out = repo / "report.json"
    out.write_text("old")
    before = os.stat(out).st_ino
    assert run("check", "-f", "json", "-o", str(out), ".", cwd=repo).returncode == 1
    assert json.loads(out.read_text())["findings"] and os.stat(out).st_ino != before
    assert not [p for p in repo.iterdir() if p.name.startswith(".shiplint-")]
    assert run("check", "-f", "json", "-o", os.devnull, ".", cwd=repo).returncode == 1
    assert os.path.exists(os.devnull) and not os.path.isfile(os.devnull)
