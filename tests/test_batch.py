"""``--jobs``: files linted on several processes give the same report, byte for byte and in
the same order, as one process linting file after file (linter.batch), cross-object
Kubernetes rules and Compose projects included."""

from __future__ import annotations

import json
import os
import time
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import CORPUS, ROOT
from linter import batch, discovery
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
    real = batch.Workers
    monkeypatch.setattr(batch, "Workers", lambda *args: started.append(args) or real(*args))
    lint_paths(["tree/compose", "tree/k8s"], jobs=2)
    assert not started
    mixed_tree(tmp_path / "big")  # 30 Dockerfiles: a pool, started during the walk
    lint_paths(["big"], jobs=2)
    assert len(started) == 1


def test_a_worker_that_fails_leaves_its_file_to_the_run(tmp_path, monkeypatch):
    """A file a worker could not lint (here: every one) is linted by the run itself."""
    mixed_tree(tmp_path / "tree")
    monkeypatch.chdir(tmp_path)
    one = lint_paths(["tree"], jobs=1)
    monkeypatch.setattr(batch, "lint_one", _fails_in_workers(batch.lint_one, os.getpid()))
    two = lint_paths(["tree"], jobs=2)
    assert one.findings == two.findings


def _recording(real, log: str, slow_workers: float = 0.0, parent: int | None = None):
    """``lint_one`` that appends ``pid path`` to ``log`` (workers are forks: they see it
    too), the workers sleeping ``slow_workers`` seconds a file."""
    def lint_one(linter, task, *args, **kwargs):
        if slow_workers and os.getpid() != parent:
            time.sleep(slow_workers)
        with open(log, "a") as fh:
            fh.write(f"{os.getpid()} {task.path}\n")
        return real(linter, task, *args, **kwargs)
    return lint_one


def test_the_work_is_shared_as_it_goes(tmp_path, monkeypatch):
    """Workers take files from the first on, the run from the last on while it waits for
    its next result: both lint, each file once, and the report is one process's."""
    mixed_tree(tmp_path / "tree")
    monkeypatch.chdir(tmp_path)
    one = lint_paths(["tree"], jobs=1)
    log = tmp_path / "log"
    monkeypatch.setattr(batch, "lint_one", _recording(batch.lint_one, str(log), 0.02,
                                                      os.getpid()))
    two = lint_paths(["tree"], jobs=2)
    assert one.findings == two.findings and one.files_checked == two.files_checked
    who = dict(line.split(" ", 1)[::-1] for line in log.read_text().splitlines())
    assert len(who) == len(log.read_text().splitlines())  # each file once
    walk = [p for p, _ in discovery.iter_files(["tree"]) if p in who]
    assert len(walk) == len(who)
    me = str(os.getpid())
    # the workers are slow: the run lints from the last file on meanwhile
    assert any(pid != me for pid in who.values()) and who[walk[-1]] == me
    # a path holding a secret is linted in its turn, by the run, which knows then whether a
    # file before it reported the secret (without a cache nobody looks ahead: linter.batch)
    assert all(pid == me for path, pid in who.items() if SECRET_DIR in path)


def test_a_file_the_run_could_not_lint_ahead_is_linted_in_its_turn(tmp_path, monkeypatch):
    """The run lints the last files while it waits for a worker; one that fails then is
    linted again when its turn comes (which reports whatever happens then)."""
    mixed_tree(tmp_path / "tree")
    monkeypatch.chdir(tmp_path)
    one = lint_paths(["tree"], jobs=1)
    real, failed, parent = batch.lint_one, [], os.getpid()

    def fails_ahead(linter, task, *args, **kwargs):
        if os.getpid() != parent:
            time.sleep(0.02)  # a slow worker: the run lints ahead meanwhile
        elif sys._getframe(1).f_code.co_name == "_take":
            failed.append(task.path)
            raise RuntimeError("fails ahead of its turn")
        return real(linter, task, *args, **kwargs)

    monkeypatch.setattr(batch, "lint_one", fails_ahead)
    two = lint_paths(["tree"], jobs=2)
    assert one.findings == two.findings and one.files_checked == two.files_checked
    assert failed


def test_a_worker_that_dies_leaves_its_files_to_the_run(tmp_path, monkeypatch):
    """A worker that ends in the middle of a file (killed, out of memory) sends nothing
    more: the run lints what it had claimed and what is left."""
    mixed_tree(tmp_path / "tree")
    monkeypatch.chdir(tmp_path)
    one = lint_paths(["tree"], jobs=1)
    real, parent = batch.lint_one, os.getpid()

    def dies(linter, task, *args, **kwargs):
        if os.getpid() != parent and "compose" in task.path:
            os._exit(3)
        return real(linter, task, *args, **kwargs)

    monkeypatch.setattr(batch, "lint_one", dies)
    two = lint_paths(["tree"], jobs=3)
    assert one.findings == two.findings and one.files_checked == two.files_checked


def test_a_result_that_cannot_travel_is_linted_by_the_run(tmp_path, monkeypatch):
    """A worker sends its results a few at a time; one that cannot be pickled (here: every
    third) leaves only its own file to the run, not the others sent with it."""
    mixed_tree(tmp_path / "tree")
    monkeypatch.chdir(tmp_path)
    one = lint_paths(["tree"], jobs=1)
    real, parent, count = batch.lint_one, os.getpid(), [0]
    log = tmp_path / "log"

    def unsendable(linter, task, *args, **kwargs):
        result = real(linter, task, *args, **kwargs)
        if os.getpid() != parent:
            count[0] += 1
            with open(log, "a") as fh:
                fh.write(f"{count[0] % 3 == 0} {task.path}\n")
            if count[0] % 3 == 0:
                result.notes.append(lambda: None)  # no pickle for a lambda
        return result

    monkeypatch.setattr(batch, "lint_one", unsendable)
    two = lint_paths(["tree"], jobs=2)
    assert one.findings == two.findings and one.files_checked == two.files_checked
    assert one.notes == two.notes
    sent = [line.split(" ", 1) for line in log.read_text().splitlines()]
    assert any(bad == "True" for bad, _ in sent) and any(bad == "False" for bad, _ in sent)


def test_a_message_keeps_what_can_travel():
    """``_message``: the results of one message; one that cannot be pickled is ``None``
    (linted again by the run), the others arrive whole."""
    import pickle

    from linter.runner import Report

    good = batch.FileResult("a/Dockerfile", Report(), ["a note"])
    bad = batch.FileResult("b/Dockerfile", Report(), [lambda: None])
    made = pickle.loads(batch._message([(0, good), (1, bad), (2, good)]))
    assert [i for i, _ in made] == [0, 1, 2]
    assert made[1][1] is None
    assert made[0][1].path == made[2][1].path == "a/Dockerfile"
    assert made[0][1].notes == ["a note"]


def test_the_largest_files_go_first_and_the_processes_meet_among_small_ones():
    """``_by_cost_to_send``: the workers take the largest manifests first, then the
    Dockerfiles and Compose files in walk order, then the other manifests smallest first;
    the run takes from the last, so its own manifests go from the largest down, and
    wherever the two meet the files are small. More workers take more ahead."""
    kilo = 1000
    sizes = {"a/Dockerfile": 2 * kilo, "a/compose.yaml": 3 * kilo, "b/Dockerfile": kilo,
             "k/crds.yaml": 900 * kilo, "k/big.yaml": 300 * kilo, "k/svc.yaml": kilo,
             "k/deploy.yaml": 4 * kilo, "k/cm.yaml": 20 * kilo, "k/sa.yaml": kilo // 2}
    tasks = [batch._Task(path, False, False, None) for path in sizes]
    manifests = [t.path for t in tasks if t.path.startswith("k/")]
    light = ["a/Dockerfile", "a/compose.yaml", "b/Dockerfile"]

    def order(workers: int) -> list[str]:
        got = [t.path for t in batch._by_cost_to_send(tasks, sizes, workers)]
        assert sorted(got) == sorted(sizes)
        ahead = got[:got.index("a/Dockerfile")]
        assert got[len(ahead):len(ahead) + 3] == light
        rest = got[len(ahead) + 3:]
        by_size = sorted(manifests, key=sizes.get, reverse=True)
        assert ahead == by_size[:len(ahead)]  # the largest, largest first
        assert rest == by_size[len(ahead):][::-1]  # then the smallest first
        return ahead

    one, three = order(1), order(3)
    assert one and one[0] == "k/crds.yaml"
    assert len(three) > len(one)


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


def test_only_files_whose_trees_may_hold_cycles_count_toward_collections(tmp_path, monkeypatch):
    """A run collects garbage every 256 files it linted whose trees may hold reference
    cycles (a Compose project); a Dockerfile's tree holds none (tests/dockerfile/
    test_tree.py), nor does a Kubernetes manifest's (what it keeps waits for the
    cross-object pass), so neither counts."""
    mixed_tree(tmp_path / "tree", dockerfiles=3)
    monkeypatch.chdir(tmp_path)
    counted = []
    real = batch.Batch._count

    def count(self, result):
        before = self.linted
        real(self, result)
        counted.append((os.path.relpath(result.path, "tree") if result else None,
                        self.linted - before))

    monkeypatch.setattr(batch.Batch, "_count", count)
    lint_paths(["tree"], jobs=1)
    by_kind = {}
    for path, n in counted:
        kind = path.split(os.sep)[0] if os.sep in path else "top"
        by_kind.setdefault(kind, set()).add(n)
    assert by_kind["images"] == {0} and by_kind["k8s"] == {0}  # Dockerfiles, manifests
    assert by_kind["compose"] == {1}


def test_what_the_run_wrote_before_its_workers_is_written_once(tmp_path):
    """The workers are forks started during the walk, and a fork flushes its copy of the
    output buffers as it ends: the run flushes its own before it forks (linter.batch)."""
    mixed_tree(tmp_path / "tree")
    script = ("import sys\nsys.stdout.write('written-before-the-walk')\n"
              "from linter.runner import lint_paths\n"
              "lint_paths(['tree'], jobs=3)\nsys.stdout.write('|end')\n")
    r = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                       cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=120)
    assert r.returncode == 0, r.stderr[-500:]
    assert r.stdout == "written-before-the-walk|end"


def test_more_workers_than_work_add_nothing_to_stderr(tmp_path):
    """With more processes than the files keep busy, a worker may still be sending when the
    run has taken every result it needs and closed the pipes: it ends quietly (a traceback
    of its broken pipe was printed on the run's stderr)."""
    mixed_tree(tmp_path / "tree")
    one = shiplint("--no-cache", "--jobs", "1", "-f", "json", "tree", cwd=tmp_path)
    for _ in range(3):
        more = shiplint("--no-cache", "--jobs", "4", "-f", "json", "tree", cwd=tmp_path)
        assert (more.returncode, more.stdout, more.stderr) == \
            (one.returncode, one.stdout, one.stderr)


def _findings_in_a_daemon(tree: str, conn) -> None:
    try:
        conn.send([f.code for f in lint_paths([tree], jobs=2).findings])
    except Exception as exc:  # noqa: BLE001 - sent to the test, which shows it
        conn.send(repr(exc))


def test_jobs_in_a_daemonic_process_lint_on_one(tmp_path, monkeypatch):
    """multiprocessing lets a daemonic process start no child: a run there lints on its own
    process instead of failing (a pool's daemon worker calling lint_paths, say)."""
    import multiprocessing

    mixed_tree(tmp_path / "tree")
    monkeypatch.chdir(tmp_path)
    expected = [f.code for f in lint_paths(["tree"], jobs=1).findings]
    ctx = multiprocessing.get_context("fork")
    mine, theirs = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_findings_in_a_daemon, args=("tree", theirs), daemon=True)
    proc.start()
    try:
        assert mine.poll(120)
        assert mine.recv() == expected
    finally:
        proc.join(30)


def test_threads_running_jobs_at_once_each_get_their_own_report(tmp_path, monkeypatch,
                                                                 capfd):
    """A process running other threads forks no worker: a fork copies the locks they hold
    (an import's), which the worker would wait for forever (a run hung so, 6 times in 26);
    and runs forking at once each forked with the other's linter, or none (a worker's
    TypeError on stderr). Each thread's run lints on its own process, as with one job."""
    import threading

    mixed_tree(tmp_path / "tree")
    monkeypatch.chdir(tmp_path)
    expected = lint_paths(["tree"], jobs=1).findings
    forks = []
    real_fork = batch.Workers._fork
    monkeypatch.setattr(batch.Workers, "_fork",
                        lambda self, *args: forks.append(1) or real_fork(self, *args))
    got: list = []
    start = threading.Barrier(4)

    def run() -> None:
        start.wait()
        got.append(lint_paths(["tree"], jobs=2).findings)

    threads = [threading.Thread(target=run) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(300)
    assert len(got) == 4 and all(findings == expected for findings in got)
    assert forks == []
    err = capfd.readouterr().err
    assert "Traceback" not in err and "Error" not in err, err[-2000:]
    two = lint_paths(["tree"], jobs=2)  # the threads are gone: workers again
    assert two.findings == expected and forks == [1]


def test_a_file_report_is_absorbed_whole():
    """``Report.absorb`` (each file's report taken into the run's) adds every field of
    ``Report.FIELDS``: lists after the run's, counts to its counts, texts by path."""
    from linter.runner import Report

    def filled(tag: str) -> Report:
        r = Report()
        for name in Report.FIELDS:
            value = getattr(r, name)
            if isinstance(value, list):
                value.append(f"{name}-{tag}")
            elif isinstance(value, int):
                setattr(r, name, 2)
        r.sources[f"{tag}.yaml"] = f"text of {tag}"
        r.skip("excluded by the configuration")
        return r

    run, one = filled("run"), filled("file")
    run.absorb(one)
    for name in Report.FIELDS:
        value = getattr(run, name)
        if isinstance(value, list):
            assert value == [f"{name}-run", f"{name}-file"], name
        elif isinstance(value, int):
            assert value == 4, name
    assert run.sources == {"run.yaml": "text of run", "file.yaml": "text of file"}
    assert run.skipped == {"excluded by the configuration": 2}
    covered = {"findings", "suppressed", "excepted", "suppression_reasons", "files_checked",
               "sources", "notes", "skipped"}
    assert set(Report.FIELDS) == covered  # a new field: add it to Report.absorb and here
