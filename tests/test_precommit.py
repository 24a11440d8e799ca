"""The pre-commit hook, end to end: `pre-commit try-repo` against a throwaway repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from helpers import ROOT

pytestmark = [pytest.mark.packaging,
              pytest.mark.skipif(shutil.which("git") is None, reason="needs git")]

PRE_COMMIT = [sys.executable, "-m", "pre_commit"]


def _git(repo, *args):
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True,
                   env={**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
                        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"})


def test_manifest_is_valid():
    r = subprocess.run([*PRE_COMMIT, "validate-manifest", str(ROOT / ".pre-commit-hooks.yaml")],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr


def test_try_repo_fails_on_a_bad_file_and_passes_on_good_ones(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q")
    (repo / "app.dockerfile").write_text("FROM alpine:3.20\nRUN adduser -D app\nUSER app\n")
    (repo / "compose.yaml").write_text(
        "services:\n  web:\n    image: nginx:1.27\n    user: '101'\n    read_only: true\n"
        "    cap_drop: [ALL]\n    security_opt: ['no-new-privileges:true']\n"
        "    deploy: {resources: {limits: {memory: 128M, cpus: '0.5'}}}\n")
    (repo / ".github").mkdir()
    (repo / ".github" / "ci.yml").write_text("on: push\njobs: {}\n")  # other YAML: skipped
    (repo / "vendor").mkdir()
    (repo / "vendor" / "Dockerfile").write_text("FROM ubuntu\n")  # excluded by config
    (repo / ".shiplint.yaml").write_text("exclude: [vendor]\nselect: [SL1]\n")
    _git(repo, "add", "-A")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "NO_COLOR": "1"}
    good = subprocess.run([*PRE_COMMIT, "try-repo", str(ROOT), "shiplint", "--all-files"],
                          cwd=repo, capture_output=True, text=True, env=env)
    assert good.returncode == 0, good.stdout + good.stderr
    (repo / "Dockerfile-dev").write_text("FROM ubuntu\nRUN echo hi\n")
    _git(repo, "add", "-A")
    bad = subprocess.run([*PRE_COMMIT, "try-repo", str(ROOT), "shiplint", "--all-files"],
                         cwd=repo, capture_output=True, text=True, env=env)
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "Dockerfile-dev:1:1: SL102" in bad.stdout and "vendor/Dockerfile" not in bad.stdout
