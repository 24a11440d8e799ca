"""The on-disk cache (linter.cache): a second run reads what did not change, gives the same
report, re-lints what a change touches, lives where users expect it, and never trusts an
entry it did not write."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from linter import cache as caching
from linter.engine import load_rules
from linter.config import Resolver
from linter.runner import lint_paths

from test_batch import mixed_tree, shiplint

RULES = load_rules()


@pytest.fixture
def home(tmp_path, monkeypatch):
    """A cache home of the test's own (the HMAC key lives there)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    return tmp_path / "xdg" / "shiplint"


def run(paths, where: Path, jobs: int = 1, code: str = "code"):
    c = caching.Cache(str(where), code)
    report = lint_paths(paths, resolver=Resolver(RULES), jobs=jobs, cache=c)
    return report, c


def plain(paths, jobs: int = 1):
    return lint_paths(paths, resolver=Resolver(RULES), jobs=jobs)


@pytest.fixture
def tree(tmp_path, monkeypatch, home):
    monkeypatch.chdir(tmp_path)
    mixed_tree(tmp_path / "tree")
    return tmp_path / "tree"


def test_second_run_reads_every_file_and_gives_the_same_report(tree, tmp_path):
    first, c1 = run(["tree"], tmp_path / "c")
    assert c1.hits == 0 and c1.misses > 0
    second, c2 = run(["tree"], tmp_path / "c")
    assert c2.misses == 0 and c2.hits == c1.misses + 1  # and the cross-object pass
    assert second.findings == first.findings == plain(["tree"]).findings
    assert second.files_checked == first.files_checked


@pytest.mark.parametrize("jobs", [1, 2])
def test_one_changed_file_relints_itself_and_its_set(tree, tmp_path, jobs):
    run(["tree"], tmp_path / "c", jobs)
    (tree / "k8s" / "cart-service.yaml").write_text(
        (tree / "k8s" / "cart-service.yaml").read_text().replace("kart", "cart"))
    (tree / "images" / "img05" / "Dockerfile").write_text("FROM alpine:3.20\nUSER app\n")
    report, c = run(["tree"], tmp_path / "c", jobs)
    assert c.misses == 2  # the two files; the cross-object pass runs again over the set
    assert report.findings == plain(["tree"]).findings
    codes = {(f.path, f.code) for f in report.findings}
    assert ("tree/k8s/cart-service.yaml", "SL331") not in codes  # it selects pods now
    assert not any(p == "tree/images/img05/Dockerfile" and c == "SL101" for p, c in codes)


def test_a_compose_file_is_linted_again_when_its_project_changes(tree, tmp_path):
    first, _ = run(["tree/compose"], tmp_path / "c")
    assert not any(f.code == "SL120" for f in first.findings)
    (tree / "compose" / "compose.override.yaml").unlink()  # no longer turns privileged off
    report, c = run(["tree/compose"], tmp_path / "c")
    assert any(f.code == "SL120" and f.path == "tree/compose/compose.yaml"
               for f in report.findings)
    assert report.findings == plain(["tree/compose"]).findings
    (tree / "compose" / "common.yml").write_text("services:\n  base:\n    image: busybox\n")
    report, _ = run(["tree/compose"], tmp_path / "c")
    assert report.findings == plain(["tree/compose"]).findings


def test_configuration_and_code_are_part_of_the_key(tree, tmp_path):
    run(["tree"], tmp_path / "c")
    (tmp_path / ".shiplint.yaml").write_text("ignore: [SL101]\n")
    report, c = run(["tree"], tmp_path / "c")
    assert c.hits == 0
    assert not any(f.code == "SL101" for f in report.findings)
    assert report.findings == plain(["tree"]).findings
    _, c = run(["tree"], tmp_path / "c", code="another rule set")
    assert c.hits == 0


def test_code_fingerprint_follows_the_rule_modules(tmp_path):
    pack = tmp_path / "pack"
    (pack / "family").mkdir(parents=True)
    rule = pack / "family" / "sl999_x.py"
    rule.write_text("x = 1\n")
    import importlib.util
    import sys

    spec = importlib.util.spec_from_file_location("pack.family.sl999_x", rule)
    sys.modules["pack.family.sl999_x"] = importlib.util.module_from_spec(spec)
    try:
        before = caching.code_fingerprint(["pack.family.sl999_x"])
        assert before == caching.code_fingerprint(["pack.family.sl999_x"])
        rule.write_text("x = 22\n")
        assert caching.code_fingerprint(["pack.family.sl999_x"]) != before
    finally:
        del sys.modules["pack.family.sl999_x"]


def entries(where: Path) -> list[Path]:
    return [p for p in where.rglob("*.bin")]


@pytest.mark.parametrize("damage", ["garbage", "truncated", "flipped", "foreign key"])
def test_a_corrupt_or_foreign_cache_is_ignored(tree, tmp_path, home, damage):
    first, _ = run(["tree"], tmp_path / "c")
    files = entries(tmp_path / "c")
    assert files
    for f in files:
        data = f.read_bytes()
        if damage == "garbage":
            f.write_bytes(os.urandom(len(data)))
        elif damage == "truncated":
            f.write_bytes(data[: len(data) // 2])
        elif damage == "flipped":  # one byte of the pickle changed: the HMAC no longer holds
            f.write_bytes(data[:-1] + bytes([data[-1] ^ 1]))
    if damage == "foreign key":  # entries another user (or machine) wrote
        (home / "secret").write_bytes(os.urandom(32))
    report, c = run(["tree"], tmp_path / "c")
    assert c.hits == 0
    assert report.findings == first.findings
    # and they were written again, readable now
    _, c = run(["tree"], tmp_path / "c")
    assert c.misses == 0


def test_an_entry_is_never_unpickled_without_its_hmac(tmp_path, home):
    import pickle

    c = caching.Cache(str(tmp_path / "c"), "code")
    key = c.key("x")
    c.put(key, [], "value")
    assert c.get(key) == "value"
    path = Path(c._path(key))

    class Boom:
        def __reduce__(self):
            return (os.system, ("touch " + str(tmp_path / "pwned"),))

    payload = pickle.dumps((key, [], Boom()))
    head = caching.MAGIC + caching.FORMAT.to_bytes(4, "big")
    path.write_bytes(head + b"\0" * 32 + payload)
    assert caching.Cache(str(tmp_path / "c"), "code").get(key) is None
    assert not (tmp_path / "pwned").exists()


def test_where_the_cache_lives(tmp_path, home):
    env = {"XDG_CACHE_HOME": str(home.parent)}
    (tmp_path / "Dockerfile").write_text("FROM alpine:3.20\n")
    r = shiplint("Dockerfile", cwd=tmp_path, env=env)
    assert r.returncode == 1
    assert (home / ".gitignore").read_text().splitlines()[-1] == "*"
    assert entries(home) and not (tmp_path / caching.DIRNAME).exists()
    # beside the configuration of the working directory, ignored by git from inside
    project = tmp_path / "project"
    (project / "sub").mkdir(parents=True)
    (project / ".shiplint.yaml").write_text("ignore: [SL101]\n")
    (project / "sub" / "Dockerfile").write_text("FROM alpine:3.20\n")
    r = shiplint("Dockerfile", cwd=project / "sub", env=env)
    assert r.returncode in (0, 1), r.stderr
    local = project / caching.DIRNAME
    assert entries(local)
    assert "*" in (local / ".gitignore").read_text().splitlines()


def test_no_cache_neither_reads_nor_writes(tmp_path, home):
    env = {"XDG_CACHE_HOME": str(home.parent)}
    (tmp_path / "Dockerfile").write_text("FROM alpine:3.20\n")
    r = shiplint("--no-cache", "Dockerfile", cwd=tmp_path, env=env)
    assert r.returncode == 1
    assert not home.exists() or not entries(home)


def test_an_unwritable_cache_leaves_the_run_as_it_is(tree, tmp_path):
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache directory would be")
    report, c = run(["tree"], blocked)
    assert not c.usable
    assert report.findings == plain(["tree"]).findings


def test_warm_cli_run_prints_the_same_bytes(tree, tmp_path, home):
    env = {"XDG_CACHE_HOME": str(home.parent)}
    cold = shiplint("-f", "json", "tree", cwd=tmp_path, env=env)
    warm = shiplint("-f", "json", "tree", cwd=tmp_path, env=env)
    none = shiplint("-f", "json", "--no-cache", "-j", "1", "tree", cwd=tmp_path, env=env)
    assert cold.returncode == warm.returncode == none.returncode == 1
    assert cold.stdout == warm.stdout == none.stdout
    assert cold.stderr == warm.stderr == none.stderr
