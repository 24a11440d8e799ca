"""``--jobs``: files linted on several processes give the same report, byte for byte and in
the same order, as one process linting file after file (linter.batch), cross-object
Kubernetes rules and Compose projects included."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import CORPUS
from linter import batch
from linter.runner import lint_paths

#: a directory name holding a (made-up) Slack token: reported once, by the first file under it
SECRET_DIR = "xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx"

DEPLOYMENT = """apiVersion: apps/v1
kind: Deployment
metadata: {{name: {name}, namespace: shop}}
spec:
  selector: {{matchLabels: {{app: {name}}}}}
  template:
    metadata: {{labels: {{app: {name}}}}}
    spec:
      serviceAccountName: {name}-sa
      containers:
      - name: app
        image: nginx:1.27
"""

SERVICE = """apiVersion: v1
kind: Service
metadata: {{name: {name}, namespace: shop}}
spec:
  selector: {{app: {selects}}}
  ports: [{{port: 80}}]
"""


def mixed_tree(root: Path, dockerfiles: int = 30) -> Path:
    """A tree of every kind, more files than a pool starts for: Dockerfiles, a Compose
    project (override file, ``extends`` of another file, ``.env``), Kubernetes objects whose
    cross-object findings need several files (a Service selecting nothing, a missing
    ServiceAccount), and a directory whose name holds a secret."""
    for i in range(dockerfiles):
        d = root / "images" / f"img{i:02}"
        d.mkdir(parents=True)
        user = "" if i % 3 else "USER app\n"
        (d / "Dockerfile").write_text(f"FROM python:3.{i % 4 + 9}\nRUN pip install flask\n"
                                      f"ADD app{i}.tar.gz /srv/\n{user}CMD python app.py\n")
    secret = root / SECRET_DIR
    secret.mkdir()
    (secret / "Dockerfile").write_text("FROM alpine:latest\n")
    (secret / "Dockerfile.dev").write_text("FROM alpine:latest\nRUN apk add curl\n")
    compose = root / "compose"
    compose.mkdir()
    (compose / "compose.yaml").write_text(
        "services:\n  web:\n    image: ${WEB_IMAGE}\n    privileged: true\n"
        "    ports: ['8080:80']\n  worker:\n    extends: {file: common.yml, service: base}\n")
    (compose / "compose.override.yaml").write_text(
        "services:\n  web:\n    privileged: false\n")
    (compose / "common.yml").write_text(
        "services:\n  base:\n    image: busybox\n    cap_add: [SYS_ADMIN]\n")
    (compose / ".env").write_text("WEB_IMAGE=nginx:latest\n")
    kube = root / "k8s"
    kube.mkdir()
    for name in ("shop", "cart", "pay"):
        (kube / f"{name}-deployment.yaml").write_text(DEPLOYMENT.format(name=name))
    (kube / "shop-service.yaml").write_text(SERVICE.format(name="shop", selects="shop"))
    (kube / "cart-service.yaml").write_text(SERVICE.format(name="cart", selects="kart"))
    (kube / "sa.yaml").write_text("apiVersion: v1\nkind: ServiceAccount\n"
                                  "metadata: {name: shop-sa, namespace: shop}\n")
    return root


def shiplint(*args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    environ = {**os.environ, "NO_COLOR": "1", **(env or {})}
    environ.pop("SHIPLINT_DEBUG", None)
    return subprocess.run([sys.executable, "-m", "linter", "check", *args], cwd=cwd,
                          capture_output=True, env=environ, timeout=300)


def test_jobs_give_the_same_report_byte_for_byte(tmp_path):
    mixed_tree(tmp_path / "tree")
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    out = {}
    for fmt in ("text", "json", "sarif"):
        one = shiplint("-f", fmt, "--no-cache", "-j", "1", "tree", cwd=tmp_path, env=env)
        two = shiplint("-f", fmt, "--no-cache", "-j", "2", "tree", cwd=tmp_path, env=env)
        assert one.returncode == two.returncode == 1, two.stderr[-2000:]
        assert b"internal error" not in two.stderr
        assert one.stdout == two.stdout, fmt
        assert one.stderr == two.stderr, fmt
        out[fmt] = one.stdout.decode()
    findings = json.loads(out["json"])["findings"]
    codes = {(f["path"], f["code"]) for f in findings}
    # cross-object: the Service selecting 'kart' matches nothing; 'cart' and 'pay' name a
    # ServiceAccount no file defines
    assert ("tree/k8s/cart-service.yaml", "SL331") in codes
    assert ("tree/k8s/cart-deployment.yaml", "SL334") in codes
    assert ("tree/k8s/shop-deployment.yaml", "SL334") not in codes
    # the Compose project: the override turns privileged off; the extended service's
    # capability comes from common.yml and is reported there
    assert ("tree/compose/compose.yaml", "SL120") not in codes
    assert any(p == "tree/compose/common.yml" for p, _ in codes)
    # the secret in the directory name: once, on the first file under it
    secret = [f for f in findings if f["code"] == "SL008" or "path holds" in f["message"]]
    assert len(secret) == 1 and secret[0]["path"].endswith("/Dockerfile"), secret
    assert not any(SECRET_DIR in text for text in out.values())


def test_jobs_in_process_match_one_process(tmp_path, monkeypatch):
    tree = mixed_tree(tmp_path / "tree")
    monkeypatch.chdir(tmp_path)
    one = lint_paths(["tree"], jobs=1)
    two = lint_paths(["tree"], jobs=2)
    assert one.findings == two.findings
    assert one.files_checked == two.files_checked
    assert one.suppressed == two.suppressed
    assert sum(1 for _ in tree.rglob("*") if _.is_file()) > batch.POOL_FROM


def test_a_small_run_starts_no_pool(tmp_path, monkeypatch):
    mixed_tree(tmp_path / "tree", dockerfiles=2)
    monkeypatch.chdir(tmp_path)
    started = []
    real = batch.Batch._start
    monkeypatch.setattr(batch.Batch, "_start", lambda self, todo: started.append(todo)
                        or real(self, todo))
    lint_paths(["tree/compose", "tree/k8s"], jobs=2)
    assert not started


def test_a_worker_that_fails_leaves_its_file_to_the_run(tmp_path, monkeypatch):
    """A file a worker could not lint (here: every one) is linted by the run itself."""
    mixed_tree(tmp_path / "tree")
    monkeypatch.chdir(tmp_path)
    one = lint_paths(["tree"], jobs=1)
    monkeypatch.setattr(batch, "lint_one", _fails_in_workers(batch.lint_one, os.getpid()))
    two = lint_paths(["tree"], jobs=2)
    assert one.findings == two.findings


def test_the_run_lints_compose_and_kubernetes_files_itself_up_to_its_share(tmp_path, monkeypatch):
    """With a pool the run lints files too (those whose results cost most to send back:
    Compose files, then Kubernetes manifests, up to a ``jobs``-th of the work); the pool
    gets the rest; what either lints is in the report in walk order."""
    tree = mixed_tree(tmp_path / "tree")
    monkeypatch.chdir(tmp_path)
    split = []
    real = batch._split
    monkeypatch.setattr(batch, "_split", lambda todo, jobs: split.append(real(todo, jobs))
                        or split[-1])
    one = lint_paths(["tree"], jobs=1)
    assert not split  # one job: no pool, nothing split
    two = lint_paths(["tree"], jobs=2)
    assert one.findings == two.findings and one.files_checked == two.files_checked
    (local, remote), = split
    assert local and remote
    top = {t.path: os.path.relpath(t.path, "tree").split(os.sep)[0] for t in local + remote}
    mine = {top[t.path] for t in local}
    assert "compose" in mine
    if "images" in mine:  # Dockerfiles (cheap to send) only once the rest is the run's
        assert not [t for t in remote if top[t.path] in ("compose", "k8s")]
    assert {t.path for t in local}.isdisjoint(t.path for t in remote)
    everything = [t.path for t in local + remote]
    assert len(everything) == len(set(everything))


def test_a_file_the_run_could_not_lint_ahead_is_linted_in_its_turn(tmp_path, monkeypatch):
    """The run lints its own files while it waits for the pool; one that fails then is
    linted again when its turn comes (which reports whatever happens then)."""
    mixed_tree(tmp_path / "tree")
    monkeypatch.chdir(tmp_path)
    one = lint_paths(["tree"], jobs=1)
    real, failed, fetch = batch.lint_one, [], batch.Batch._fetch

    def fails_ahead(linter, task, *args, **kwargs):
        if sys._getframe(1).f_code.co_name == "_next":
            failed.append(task.path)
            raise RuntimeError("fails ahead of its turn")
        return real(linter, task, *args, **kwargs)

    def never_ready(self, timeout):  # the pool is polled: not there yet, lint ahead
        if timeout == 0:
            import multiprocessing
            raise multiprocessing.TimeoutError
        return fetch(self, timeout)

    monkeypatch.setattr(batch, "lint_one", fails_ahead)
    monkeypatch.setattr(batch.Batch, "_fetch", never_ready)
    monkeypatch.setattr(batch, "_split", lambda todo, jobs: (todo[len(todo) // 2:],
                                                             todo[:len(todo) // 2]))
    two = lint_paths(["tree"], jobs=2)
    assert one.findings == two.findings and one.files_checked == two.files_checked
    assert len(failed) > 10  # every file of the run's half, before the pool's first result


def _fails_in_workers(real, parent: int):
    def lint_one(*args, **kwargs):
        if os.getpid() != parent:
            raise RuntimeError("a worker fails")
        return real(*args, **kwargs)
    return lint_one


def test_bad_jobs_is_a_usage_error(tmp_path):
    r = shiplint("-j", "0", ".", cwd=tmp_path)
    assert r.returncode == 2 and b"--jobs" in r.stderr


# the whole corpus three times (20 s): left to .ci/run (`-m exhaustive`); the default run checks
# the same on a mixed tree (test_jobs_give_the_same_report_byte_for_byte, and the warm cache
# in tests/test_cache.py)
@pytest.mark.exhaustive
@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus not present")
def test_the_corpus_findings_are_the_same_with_jobs_and_a_warm_cache(tmp_path, monkeypatch):
    from linter import cache as caching
    from linter.config import Resolver
    from linter.engine import load_rules

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    rules = load_rules()

    def run(jobs: int, cache=None):
        r = lint_paths([str(CORPUS)], resolver=Resolver(rules), jobs=jobs, cache=cache)
        return r.findings, r.suppressed, r.files_checked

    one = run(1)
    c = caching.Cache(str(tmp_path / "c"), "code")
    assert run(2, c) == one  # on two processes, writing the cache
    assert c.hits == 0
    warm = caching.Cache(str(tmp_path / "c"), "code")
    assert run(2, warm) == one  # every answer from the cache
    assert warm.misses == 0 and warm.hits > 2000
