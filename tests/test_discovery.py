"""Which files are linted, and as what."""

from __future__ import annotations

import os

import pytest

from helpers import FIRST, by_name, codes, lint_text
from linter import discovery


@pytest.mark.parametrize("name", [
    "Dockerfile", "Containerfile", "dockerfile", "api.Dockerfile", "api.dockerfile",
    "Dockerfile.dev", "Dockerfile-prod", "Dockerfile_dev", "containerfile.alpine",
    "docker-library__python__3.12__Dockerfile", "x/y/Dockerfile.jvm",
])
def test_dockerfile_names(name):
    assert discovery.kind_by_name(name) == "dockerfile"


@pytest.mark.parametrize("name", [
    "Dockerfile.dockerignore", "Dockerfile.md", "dockerfile.yaml", "README", "Makefile",
    "docker-entrypoint.sh", "mydockerfiles",
])
def test_not_dockerfile_names(name):
    assert discovery.kind_by_name(name) != "dockerfile"


@pytest.mark.parametrize("name", ["compose.yaml", "compose.yml", "docker-compose.yml",
                                  "docker-compose.prod.yaml", "app.compose.yaml",
                                  "compose.override.yml", "repo__docker-compose.yml"])
def test_compose_names(name):
    assert discovery.is_compose_name(name)


@pytest.mark.parametrize("name", ["deploy.yaml", "composer.yaml", "values.yaml"])
def test_not_compose_names(name):
    assert not discovery.is_compose_name(name)


def test_extensionless_file_is_sniffed_for_dockerfile_content():
    assert "SL101" in codes(lint_text("build/image", "# comment\nFROM alpine:3.20\n", FIRST))
    assert codes(lint_text("build/notes", "just some text\n", FIRST)) == ["SL006"]


def test_compose_detected_by_content():
    f = lint_text("stack.yml", "services:\n  db:\n    image: postgres\n", FIRST)
    assert "SL102" in codes(f)


def test_kubernetes_detected_by_content_and_list_items():
    text = ("apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n"
            "  metadata: {name: p}\n  spec:\n    containers:\n    - {name: a, image: a}\n")
    f = by_name(lint_text("things.yaml", text, FIRST), "unpinned-image")
    assert len(f) == 1 and f[0].span.line == 9


def test_other_yaml_named_explicitly_gets_one_info_finding():
    f = lint_text("ci.yml", "on: push\njobs: {}\n", FIRST)
    assert codes(f) == ["SL006"] and str(f[0].severity) == "info"


def test_helm_template_gets_one_clear_finding():
    text = ("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n"
            "spec:\n  {{- if .Values.replicas }}\n  replicas: {{ .Values.replicas }}\n  {{- end }}\n")
    f = lint_text("templates/deployment.yaml", text, FIRST)
    assert codes(f) == ["SL004"]
    assert f[0].span.line == 4 and "helm template" in f[0].message


def test_template_braces_in_values_are_not_helm():
    text = ("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: alerts}\ndata:\n"
            "  rule: 'summary: {{ $labels.instance }} is down'\n")
    assert "SL004" not in codes(lint_text("alerts.yaml", text, FIRST))


@pytest.mark.parametrize("data,words", [
    (b"\x00\x01\x02binary", "binary"),
    ("FROM alpine\n".encode("utf-16"), "UTF-16"),
])
def test_unreadable_files_get_one_clear_finding(data, words):
    f = lint_text("Dockerfile", data, FIRST)
    assert codes(f) == ["SL005"] and words in f[0].message


def test_non_utf8_finding_names_the_line():
    f = lint_text("compose.yaml", b"services:\n  a:\n    image: caf\xe9\n")
    assert [x.span.line for x in f if x.code == "SL012"] == [3]


def test_bom_is_transparent():
    f = lint_text("Dockerfile", "\ufeffFROM alpine\nUSER app\n", FIRST)
    assert codes(f) == ["SL102"] and f[0].span.line == 1 and f[0].span.column == 1


def test_walk_order_and_skips(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "a").mkdir()
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "Dockerfile").write_text("FROM x\n")
    for d in ("a", "b"):
        (tmp_path / d / "Dockerfile").write_text("FROM x\n")
        (tmp_path / d / "data.bin").write_bytes(b"\x00")
    found = [p for p, _ in discovery.iter_files([str(tmp_path)])]
    assert [p.rsplit("/", 2)[-2] for p in found] == ["a", "b"]


def test_a_file_named_and_walked_is_yielded_once_and_explicit(tmp_path):
    from linter.discovery import iter_files

    (tmp_path / "k8s").mkdir()
    (tmp_path / "k8s" / "other.yaml").write_text("a: 1\n")
    (tmp_path / "k8s" / "link.yaml").symlink_to(tmp_path / "k8s" / "other.yaml")
    for order in (["k8s", "k8s/other.yaml"], ["k8s/other.yaml", "k8s"]):
        got = list(iter_files([str(tmp_path / p) for p in order]))
        # once (the link is the same file), and as the user named it
        assert [(p.rsplit("/", 1)[-1], e) for p, e in got] == [("other.yaml", True)], got


def test_real_paths_are_os_real_paths_whatever_was_asked_before(tmp_path, monkeypatch):
    """``source.realpath`` keeps the real paths of directories for a run (speed, issue
    #14): whatever order paths are asked in, through links, dangling links, link loops,
    '..' after a link, missing parts and files used as directories, it answers what
    ``os.path.realpath`` does."""
    import random

    from linter import source

    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "f").write_text("x")
    os.symlink(tmp_path / "a" / "b", tmp_path / "lnk")
    os.symlink(tmp_path / "a" / "b" / "f", tmp_path / "a" / "flink")
    os.symlink("nowhere", tmp_path / "dangling")
    os.symlink(tmp_path / "loop2", tmp_path / "loop1")
    os.symlink(tmp_path / "loop1", tmp_path / "loop2")
    asked = ["a/b/f", "lnk/f", "a/flink", "dangling", "loop1", "lnk/../f", "a/./b/f", "a/b/",
             "missing/x", "a/b/f/x", "", ".", "lnk", "a/b/../../lnk/f", "./a//b/f"]
    monkeypatch.chdir(tmp_path)
    rng = random.Random(1)
    for _ in range(3):
        source.forget_real_paths()
        for path in rng.sample(asked, len(asked)) * 2:
            for p in (path, str(tmp_path / path)):
                assert source.realpath(p) == os.path.realpath(p), p
    os.replace(tmp_path / "lnk", tmp_path / "old")  # a link changed between two runs
    os.symlink(tmp_path / "a", tmp_path / "lnk")
    source.forget_real_paths()
    assert source.realpath("lnk/b/f") == os.path.realpath("lnk/b/f")
