"""Kustomize directories: built with kustomize / kubectl when one is installed (the real one
when this machine has it, a stand-in that prints a fixed build otherwise), findings mapped
to the files the objects come from; one info finding when no program is found."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from linter import kustomize
from test_cli import run

BASE_DEPLOY = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: app
        image: nginx:latest
        envFrom:
        - configMapRef: {name: web-config}
"""
PATCH = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
      - name: app
        securityContext:
          privileged: true
"""
REAL = shutil.which("kustomize") or shutil.which("kubectl")
posix_only = pytest.mark.skipif(sys.platform == "win32", reason="stand-in programs are sh scripts")


def layout(root: Path) -> Path:
    (root / "base").mkdir(parents=True)
    (root / "overlays" / "prod").mkdir(parents=True)
    (root / "base" / "kustomization.yaml").write_text(
        "resources: [deploy.yaml]\nconfigMapGenerator:\n- name: web-config\n  literals: [A=1]\n")
    (root / "base" / "deploy.yaml").write_text(BASE_DEPLOY)
    (root / "overlays" / "prod" / "kustomization.yaml").write_text(
        "resources: [../../base]\nnamePrefix: prod-\npatches:\n- path: patch.yaml\n")
    (root / "overlays" / "prod" / "patch.yaml").write_text(PATCH)
    return root


def check(root: Path, *args: str, env: dict | None = None) -> list[tuple]:
    r = run("check", "-f", "json", *args, ".", cwd=root, env=env)
    assert "Traceback" not in r.stderr, r.stderr
    return [(f["code"], f["path"], f["line"], f["column"], f["message"])
            for f in json.loads(r.stdout)["findings"]]


@pytest.mark.skipif(REAL is None, reason="neither kustomize nor kubectl is installed")
def test_a_real_build_points_at_bases_and_patches(tmp_path):
    root = layout(tmp_path)
    found = check(root, "--select", "SL120,SL102,SL335", env={"SHIPLINT_KUSTOMIZE": REAL})
    assert [f[:4] for f in found] == [
        ("SL102", "base/deploy.yaml", 14, 16),           # once, though built twice
        ("SL120", "overlays/prod/patch.yaml", 11, 23),   # the overlay's patch makes it privileged
    ], found
    assert found[1][4].endswith("(in the kustomize build of overlays/prod)")


@pytest.mark.skipif(REAL is None, reason="neither kustomize nor kubectl is installed")
def test_suppression_comments_of_the_source_file_apply(tmp_path):
    root = layout(tmp_path)
    (root / "base" / "deploy.yaml").write_text(BASE_DEPLOY.replace(
        "image: nginx:latest", "image: nginx:latest  # shiplint: ignore=SL102 -- demo"))
    assert check(root, "--select", "SL102", env={"SHIPLINT_KUSTOMIZE": REAL}) == []


@pytest.mark.skipif(REAL is None, reason="neither kustomize nor kubectl is installed")
def test_a_failing_build_is_one_finding_on_the_kustomization(tmp_path):
    root = layout(tmp_path)
    (root / "overlays" / "prod" / "kustomization.yaml").write_text("resources: [missing.yaml]\n")
    found = check(root, "--select", "SL010", env={"SHIPLINT_KUSTOMIZE": REAL})
    assert [(c, p) for c, p, *_ in found] == [("SL010", "overlays/prod/kustomization.yaml")]
    assert found[0][4].startswith("kustomize build failed: "), found


@posix_only
def test_a_stand_in_build_is_mapped_by_origin(tmp_path):
    root = layout(tmp_path)
    base = root / "base" / "deploy.yaml"
    rendered = (
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  annotations:\n"
        f"    config.kubernetes.io/origin: |\n      path: {base}\n  name: prod-web\n"
        "spec:\n  template:\n    spec:\n      containers:\n      - image: nginx:latest\n"
        "        name: app\n        securityContext:\n          privileged: true\n")
    program = tmp_path / "kustomize"
    program.write_text("#!/bin/sh\n[ \"$1\" = build ] || exit 3\ncat <<'EOF'\n" + rendered + "EOF\n")
    program.chmod(0o755)
    found = check(root / "overlays" / "prod", "--select", "SL120,SL102",
                  env={"SHIPLINT_KUSTOMIZE": str(program)})
    assert [(c, Path(p).name, line, col) for c, p, line, col, _ in found] == [
        ("SL102", "deploy.yaml", 14, 16), ("SL120", "patch.yaml", 11, 23)], found


def _path_without_programs(tmp_path) -> dict:
    empty = tmp_path / "empty-path"
    empty.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "SHIPLINT_KUSTOMIZE"}
    env["PATH"] = str(empty)
    return env


def test_without_a_program_one_info_finding_and_files_linted_one_by_one(tmp_path):
    root = layout(tmp_path / "repo")
    r = subprocess.run([sys.executable, "-m", "linter", "check", "-f", "json", "--select",
                        "SL010,SL102,SL120", "."], cwd=root, env=_path_without_programs(tmp_path),
                       capture_output=True, text=True)
    found = sorted((f["code"], f["path"]) for f in json.loads(r.stdout)["findings"])
    # a patch is a partial object: linted for what it writes (privileged: true), never for
    # what it leaves to its base
    # (one finding for the overlay: the base it builds on is never built on its own)
    assert found == [("SL010", "overlays/prod/kustomization.yaml"),
                     ("SL102", "base/deploy.yaml"),
                     ("SL120", "overlays/prod/patch.yaml")], found


def test_rendering_off(tmp_path):
    root = layout(tmp_path)
    found = check(root, "--select", "SL010,SL102,SL120", env={"SHIPLINT_KUSTOMIZE": "none"})
    assert [(c, p) for c, p, *_ in found] == [("SL102", "base/deploy.yaml"),
                                              ("SL120", "overlays/prod/patch.yaml")]


def test_named_files_and_components(tmp_path):
    (tmp_path / "cfg.env").write_text("A=1\n")
    (tmp_path / "deploy.yaml").write_text(BASE_DEPLOY)
    (tmp_path / "other.yaml").write_text(BASE_DEPLOY)
    (tmp_path / "kustomization.yaml").write_text(
        "resources: [deploy.yaml, ../elsewhere, https://example.com/x.yaml]\n"
        "configMapGenerator:\n- name: c\n  files: [settings=cfg.env]\n")
    from linter.kustomize_placement import Placer

    assert Placer().layer(str(tmp_path)).named == {
        str((tmp_path / n).resolve()) for n in ("deploy.yaml", "cfg.env")}
    assert kustomize.is_kustomization(str(tmp_path))
    (tmp_path / "kustomization.yaml").write_text(
        "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\n")
    assert not kustomize.is_kustomization(str(tmp_path))


def test_origins_are_read_from_the_build():
    text = ("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  annotations:\n"
            "    config.kubernetes.io/origin: |\n      configuredIn: ../base/kustomization.yaml\n"
            "      configuredBy:\n        kind: ConfigMapGenerator\n  name: c-1\n---\n"
            "apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n")
    objs = kustomize.split_rendered(text, "/tmp/w/wrap")
    assert [o.origin for o in objs] == [os.path.normpath("/tmp/w/base/kustomization.yaml"), None]


@pytest.mark.skipif(REAL is None, reason="neither kustomize nor kubectl is installed")
def test_a_failed_build_still_lints_the_files(tmp_path):
    root = layout(tmp_path)
    (root / "base" / "kustomization.yaml").write_text("resources: [deploy.yaml, missing.yaml]\n")
    found = check(root, "--select", "SL010,SL102,SL120", env={"SHIPLINT_KUSTOMIZE": REAL})
    # the base is built only through the overlay, whose build fails naming the missing file;
    # then every file is linted on its own, the overlay's patch as a partial object
    assert sorted((c, p) for c, p, *_ in found) == [
        ("SL010", "overlays/prod/kustomization.yaml"), ("SL102", "base/deploy.yaml"),
        ("SL120", "overlays/prod/patch.yaml")], found
    (failure,) = [f[4] for f in found if f[0] == "SL010"]
    assert "missing.yaml" in failure and "Warning" not in failure, failure


def test_remote_resources_are_not_fetched(tmp_path, monkeypatch):
    monkeypatch.setenv("SHIPLINT_KUSTOMIZE", str(tmp_path / "never-run"))
    root = layout(tmp_path)
    (root / "overlays" / "prod" / "kustomization.yaml").write_text(
        "resources:\n- https://github.com/example/app//deploy?ref=v1\n- ../../base\n")
    assert kustomize.remote_resources(str(root / "overlays" / "prod")) == [
        "https://github.com/example/app//deploy?ref=v1"]
    objs, problem = kustomize.render(str(root / "overlays" / "prod"))
    assert objs == [] and problem is not None and "remote resources" in problem.message


# ------------------------------------------------------------ what a review and a
# ------------------------------------------------------------ breaking session found

def test_map_back_matches_quotes_flow_collections_and_stops_when_ambiguous(tmp_path):
    from linter.findings import Finding, Severity, Span
    from linter.rendered import map_back

    src = tmp_path / "svc.yaml"
    src.write_text("kind: Service\nspec:\n  selector: {app: wbe}\n  password: \"abc\"\n"
                   "  name: web\n  other:\n    name: web\n")
    rendered = "kind: Service\nspec:\n  selector:\n    app: wbe\n  password: abc\n  name: web\n"

    def at(line):
        return Finding("SL1", "x", Severity.LOW, "m", "k.yaml", Span(line, 5, line, 9))

    out = map_back([at(4), at(5), at(6)], rendered, [str(src)], "the build")
    # 'name: web' is written twice: the finding goes on the line of its object's kind
    assert [(f.span.line, f.span.column) for f in out] == [(3, 14), (4, 3), (1, 1)]
    assert out[2].message.endswith("(in the build)")


def test_origins_keep_quoted_paths():
    text = ("apiVersion: v1\nkind: Service\nmetadata:\n  annotations:\n"
            "    config.kubernetes.io/origin: |\n      path: '../app/dep: 1.yaml'\n  name: s\n")
    [obj] = kustomize.split_rendered(text, "/w/wrap")
    assert obj.origin == os.path.normpath("/w/app/dep: 1.yaml")


def test_kubectl_error_lines_are_reduced_to_the_message():
    err = ('E1130 07:09:01.174279   18776 run.go:72] "command failed" err=<\n'
           "\taccumulating resources: accumulation err='missing.yaml' not found\n >\n")
    assert kustomize._first_error(err).startswith("accumulating resources:")


def test_remote_bases_below_a_local_base_are_not_fetched(tmp_path):
    (tmp_path / "base").mkdir()
    (tmp_path / "base" / "kustomization.yaml").write_text(
        "resources: [github.com/example/app/deploy?ref=v1]\n")
    (tmp_path / "overlay").mkdir()
    (tmp_path / "overlay" / "kustomization.yaml").write_text("resources: [../base]\n")
    assert kustomize.remote_resources(str(tmp_path / "overlay")) == [
        "github.com/example/app/deploy?ref=v1"]


@pytest.mark.skipif(REAL is None, reason="neither kustomize nor kubectl is installed")
def test_resources_in_subdirectories_and_a_file_named_first_are_linted_once(tmp_path):
    root = tmp_path / "app"
    (root / "deploy").mkdir(parents=True)
    (root / "deploy" / "web.yaml").write_text(BASE_DEPLOY.replace(
        "        envFrom:\n        - configMapRef: {name: web-config}\n", ""))
    (root / "kustomization.yaml").write_text("resources: [deploy/web.yaml]\n")
    for args in (["app"], ["app/deploy/web.yaml", "app"]):
        r = run("check", "-f", "json", "--select", "SL102", *args, cwd=tmp_path,
                env={"SHIPLINT_KUSTOMIZE": REAL})
        found = [(f["path"], f["line"]) for f in json.loads(r.stdout)["findings"]]
        assert found == [("app/deploy/web.yaml", 14)], (args, found)


@pytest.mark.skipif(REAL is None, reason="neither kustomize nor kubectl is installed")
def test_each_build_relates_its_own_objects(tmp_path):
    # the base's Service selects its pods; the overlay relabels them and forgets the
    # Service: only the overlay's build has a Service selecting nothing
    root = layout(tmp_path)
    (root / "base" / "svc.yaml").write_text(
        "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: web}\n"
        "  ports: [{port: 80}]\n")
    (root / "base" / "kustomization.yaml").write_text("resources: [deploy.yaml, svc.yaml]\n"
                                                      "configMapGenerator:\n- name: web-config\n"
                                                      "  literals: [A=1]\n")
    (root / "overlays" / "prod" / "patch.yaml").write_text(PATCH.replace(
        "  template:\n", "  template:\n    metadata:\n      labels: {app: web2}\n", 1))
    (root / "overlays" / "prod" / "kustomization.yaml").write_text(
        "resources: [../../base]\npatches:\n- path: patch.yaml\n")
    found = check(root, "--select", "SL331", env={"SHIPLINT_KUSTOMIZE": REAL})
    assert [(c, p) for c, p, *_ in found] == [("SL331", "base/svc.yaml")], found
    assert "overlays/prod" in found[0][4]


@pytest.mark.skipif(REAL is None, reason="neither kustomize nor kubectl is installed")
def test_an_excluded_base_is_not_reported_through_an_overlay(tmp_path):
    root = layout(tmp_path)
    (root / ".shiplint.yaml").write_text("exclude: [base]\n")
    found = check(root, "--select", "SL102,SL120", env={"SHIPLINT_KUSTOMIZE": REAL})
    assert [(c, p) for c, p, *_ in found] == [("SL120", "overlays/prod/patch.yaml")], found


@pytest.mark.skipif(REAL is None, reason="neither kustomize nor kubectl is installed")
def test_a_failing_build_counts_as_a_file_and_can_be_suppressed(tmp_path):
    root = layout(tmp_path)
    kfile = root / "overlays" / "prod" / "kustomization.yaml"
    kfile.write_text("resources: [missing.yaml]\n")
    r = run("check", "-f", "json", "--select", "SL010", "overlays/prod", cwd=root,
            env={"SHIPLINT_KUSTOMIZE": REAL})
    assert "in 1 of 2 files" in r.stderr, r.stderr  # the build, and patch.yaml (not named)
    kfile.write_text("# shiplint: ignore-file=SL010 -- built by CI\nresources: [missing.yaml]\n")
    assert check(root, "--select", "SL010", env={"SHIPLINT_KUSTOMIZE": REAL}) == []


@pytest.mark.skipif(REAL is None, reason="neither kustomize nor kubectl is installed")
def test_builds_of_other_files_satisfy_references_but_variants_do_not(tmp_path):
    svc = ("apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: web}\n"
           "  ports: [{port: 80}]\n")
    other = BASE_DEPLOY.replace("app: web", "app: db").replace("name: web", "name: db")
    (tmp_path / "api").mkdir()
    (tmp_path / "api" / "deploy.yaml").write_text(BASE_DEPLOY)
    (tmp_path / "api" / "kustomization.yaml").write_text("resources: [deploy.yaml]\n")
    (tmp_path / "front").mkdir()
    (tmp_path / "front" / "svc.yaml").write_text(svc)
    (tmp_path / "front" / "db.yaml").write_text(other)
    (tmp_path / "front" / "kustomization.yaml").write_text("resources: [svc.yaml, db.yaml]\n")
    # the Service's pods are in another build, made of other files: no finding
    assert check(tmp_path, "--select", "SL331", env={"SHIPLINT_KUSTOMIZE": REAL}) == []


@pytest.mark.skipif(REAL is None, reason="neither kustomize nor kubectl is installed")
def test_a_patch_lands_on_the_patch_even_when_the_base_has_the_same_line(tmp_path):
    root = layout(tmp_path)
    (root / "base" / "deploy.yaml").write_text(BASE_DEPLOY.replace(
        "      containers:\n",
        "      initContainers:\n      - name: init\n        image: busybox:1.36\n"
        "        securityContext:\n          privileged: true  # shiplint: ignore=SL120 -- setup\n"
        "      containers:\n"))
    found = check(root / "overlays" / "prod", "--select", "SL120", env={"SHIPLINT_KUSTOMIZE": REAL})
    assert [(Path(p).name, line) for _, p, line, *_ in found] == [("patch.yaml", 11)], found


@pytest.mark.skipif(REAL is None, reason="neither kustomize nor kubectl is installed")
def test_a_container_named_like_its_workload_keeps_its_suppression(tmp_path):
    (tmp_path / "deploy.yaml").write_text(BASE_DEPLOY.replace(
        "      - name: app\n", "      # shiplint: ignore=SL102 -- pinned elsewhere\n      - name: web\n"
        ).replace("        image: nginx:latest\n", "        image: nginx:latest\n"))
    (tmp_path / "kustomization.yaml").write_text("resources: [deploy.yaml]\n")
    found = check(tmp_path, "--select", "SL102,SL308", env={"SHIPLINT_KUSTOMIZE": REAL})
    assert [(c, line) for c, _, line, *_ in found] == [("SL308", 14)], found


def test_build_errors_withhold_values_and_keep_the_cause():
    assert kustomize._shorten("invalid literal source ghp_R8x2Kq9Lm4Nv7Bc1Zs6Df3Gh5Jk0Pw2Ty8Ue, "
                              "expected key=value") == (
        "invalid literal source [withheld], expected key=value")
    long = "accumulating resources from '.': " + "x " * 200 + ": no such file or directory"
    assert kustomize._shorten(long).endswith(": no such file or directory")


@pytest.mark.skipif(REAL is None, reason="neither kustomize nor kubectl is installed")
def test_a_buffer_for_a_file_a_build_reads_lints_the_directory_file_by_file(tmp_path):
    root = layout(tmp_path)
    fixed = BASE_DEPLOY.replace("nginx:latest", "nginx:1.27")
    r = run("check", "-f", "json", "--select", "SL102", "base", "-", "--stdin-filename",
            "base/deploy.yaml", stdin=fixed, cwd=root, env={"SHIPLINT_KUSTOMIZE": REAL})
    assert json.loads(r.stdout)["findings"] == [], r.stdout


def test_a_patch_named_alone_is_linted_as_a_partial_object(tmp_path):
    root = layout(tmp_path)
    r = run("check", "-f", "json", "--ignore-unknown", "-v", "overlays/prod/patch.yaml", cwd=root,
            env={"SHIPLINT_KUSTOMIZE": str(tmp_path / "absent")})
    # what it writes (privileged) is judged; what it leaves to the base (limits, probes,
    # runAsNonRoot, the selector the API requires) is not
    assert [f["code"] for f in json.loads(r.stdout)["findings"]] == ["SL120"], r.stdout
    assert "linted as a partial object" in r.stderr


@pytest.mark.skipif(REAL is None, reason="neither kustomize nor kubectl is installed")
def test_container_findings_stay_on_the_container_line_of_the_base(tmp_path):
    # kustomize sorts keys: the rendered container starts with 'image:'; the finding on the
    # container belongs to '- name: web' in the base, where an end-of-line comment is
    root = layout(tmp_path)
    (root / "base" / "deploy.yaml").write_text(BASE_DEPLOY.replace(
        "      - name: app\n", "      - name: app  # shiplint: ignore=SL101 -- demo\n"))
    assert check(root, "--select", "SL101", env={"SHIPLINT_KUSTOMIZE": REAL}) == []
    found = check(root, "--select", "SL104", env={"SHIPLINT_KUSTOMIZE": REAL})
    # once, on the base, though the overlay's patch names the container too
    assert [(p, line) for _, p, line, *_ in found] == [("base/deploy.yaml", 13)], found


def test_path_at_finds_a_key_after_a_nested_block():
    from linter.rendered import path_at
    from linter.yaml import load

    [doc], _ = load("spec:\n  affinity:\n    a: 1\n  containers: []\n  hostNetwork: true\n")
    assert path_at(doc.root, 4, 3) == (["spec", "containers"], True)
    assert path_at(doc.root, 5, 3) == (["spec", "hostNetwork"], True)


def _place(tmp_path, files: dict[str, str], rendered: str, line: int, column: int,
           origin: str = "deploy.yaml"):
    """Where ``linter.kustomize_placement`` puts the rendered node at (line, column)."""
    from linter.kustomize_placement import Placer
    from linter.yaml import load

    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    [doc], _ = load(rendered)
    path, span = Placer().place(str(tmp_path), str(tmp_path / origin), doc.root, line, column)
    return Path(path).name, span.line


def test_a_patch_is_matched_by_the_exact_name_it_patches(tmp_path):
    rendered = "kind: Deployment\nmetadata:\n  name: prod-web-worker\nspec:\n  replicas: 1\n"
    assert _place(tmp_path, {
        "deploy.yaml": "kind: Deployment\nmetadata:\n  name: web-worker\nspec:\n  replicas: 1\n",
        "patch.yaml": "kind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 1\n",
        "kustomization.yaml": "resources: [deploy.yaml]\npatches: [{path: patch.yaml}]\n",
    }, rendered, 5, 13) == ("deploy.yaml", 5)


def test_build_errors_withhold_paths_of_secrets_too():
    msg = kustomize._shorten("invalid literal source AWS_SECRET_ACCESS_KEY: "
                             "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY, expected key=value")
    assert "wJalr" not in msg and "EXAMPLEKEY" not in msg and msg.endswith("expected key=value")
    assert kustomize._where_from("https://u:tok@github.com/a/b?ref=v1&k=LS0t") == "https://github.com/a/b"


def test_a_finding_on_a_list_key_stays_in_the_resource_file(tmp_path):
    rendered = ("kind: Deployment\nmetadata:\n  name: prod-web\nspec:\n  containers:\n"
                "  - env: [{name: X, value: '1'}]\n    name: a\n")
    assert _place(tmp_path, {  # at 'containers:'
        "deploy.yaml": "kind: Deployment\nmetadata:\n  name: web\nspec:\n  containers:\n"
                       "  - name: a\n",
        "patch.yaml": "kind: Deployment\nmetadata:\n  name: web\nspec:\n  containers:\n"
                      "  - name: a\n    env: [{name: X, value: '1'}]\n",
        "kustomization.yaml": "resources: [deploy.yaml]\npatches: [{path: patch.yaml}]\n",
    }, rendered, 5, 3) == ("deploy.yaml", 5)
