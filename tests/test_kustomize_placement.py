"""Findings of Kustomize builds land on the line that wrote the value, once.

A project laid out like real ones: a base (whose files start with a licence comment), two
overlays (name prefixes, a strategic-merge patch, a JSON 6902 patch, an inline patch), a
component that adds a sidecar, and a secret generator. Built with the real kubectl or
kustomize; skipped where neither is installed.
"""

from __future__ import annotations

import json
import shutil

import pytest

from test_cli import run

REAL = shutil.which("kustomize") or shutil.which("kubectl")
pytestmark = pytest.mark.skipif(REAL is None, reason="neither kustomize nor kubectl is installed")

LICENCE = "# Copyright 2026 Example Corp.\n# Licensed under the Apache License, Version 2.0\n\n"

FILES = {
    "base/kustomization.yaml": "resources:\n- deploy.yaml\n- role.yaml\n- service.yaml\n",
    "base/deploy.yaml": LICENCE + """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web}
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: registry.example.com/web:1.4.2
        resources:
          limits: {cpu: 500m, memory: 256Mi}
""",
    "base/role.yaml": LICENCE + """\
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: reader
rules:
- apiGroups: [""]
  resources: ["*"]
  verbs: ["get"]
""",
    "base/service.yaml": LICENCE + """\
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: {app: web}
  ports: [{port: 80}]
""",
    "components/sidecar/kustomization.yaml": """\
apiVersion: kustomize.config.k8s.io/v1alpha1
kind: Component
patches:
- path: add-sidecar.yaml
""",
    "components/sidecar/add-sidecar.yaml": """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
      - name: proxy
        image: registry.example.com/envoy:1.30
        securityContext:
          capabilities:
            add: [SYS_ADMIN]
""",
    "overlays/dev/kustomization.yaml": "resources:\n- ../../base\nnamePrefix: dev-\n",
    "overlays/prod/kustomization.yaml": """\
resources:
- ../../base
namePrefix: prod-
components:
- ../../components/sidecar
secretGenerator:
- name: db
  literals:
  - username=app
  - password=Zq8-rT5v-Lp2x-9WmK
patches:
- path: privileged.yaml
- path: host-network.yaml
  target:
    kind: Deployment
    name: web
- patch: |-
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: web
    spec:
      template:
        spec:
          hostPID: true
""",
    "overlays/prod/privileged.yaml": """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
      - name: web
        securityContext:
          privileged: true
""",
    "overlays/prod/host-network.yaml": """\
- op: add
  path: /spec/template/spec/hostNetwork
  value: true
""",
}


@pytest.fixture(scope="module")
def findings(tmp_path_factory) -> list[dict]:
    root = tmp_path_factory.mktemp("shop")
    for name, text in FILES.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    r = run("check", "-f", "json", "--select", "ALL", ".", cwd=root,
            env={"SHIPLINT_KUSTOMIZE": REAL})
    assert "Traceback" not in r.stderr, r.stderr
    out = json.loads(r.stdout)["findings"]
    for f in out:
        f["text"] = (root / f["path"]).read_text().splitlines()[f["line"] - 1]
    return out


def _at(findings, code):
    return [(f["path"], f["line"], f["text"].strip()) for f in findings if f["code"] == code]


def test_no_finding_lands_at_the_top_of_a_file_that_does_not_start_with_its_object(findings):
    for f in findings:
        assert not (f["line"] == 1 and f["text"].startswith("#")), f
        assert f["text"].strip(), f  # never on a blank line


def test_each_problem_is_reported_once(findings):
    places = [(f["code"], f["path"], f["line"], f["column"]) for f in findings]
    assert len(places) == len(set(places)), sorted(places)


def test_a_strategic_merge_patch_of_an_overlay(findings):
    assert _at(findings, "SL120") == [
        ("overlays/prod/privileged.yaml", 11, "privileged: true")]


def test_a_json_6902_patch(findings):
    assert ("overlays/prod/host-network.yaml", 3, "value: true") in _at(findings, "SL121")


def test_an_inline_patch_in_the_kustomization(findings):
    assert ("overlays/prod/kustomization.yaml", 25, "hostPID: true") in _at(findings, "SL121")


def test_a_container_added_by_a_component(findings):
    assert _at(findings, "SL122") == [
        ("components/sidecar/add-sidecar.yaml", 13, "add: [SYS_ADMIN]")]
    proxy = [f for f in findings if "'proxy'" in f["message"]]
    assert proxy and {f["path"] for f in proxy} == {"components/sidecar/add-sidecar.yaml"}


def test_a_base_value_reached_through_two_overlays_is_one_finding_naming_both(findings):
    (f,) = [f for f in findings if f["code"] == "SL311"]
    assert (f["path"], f["text"].strip()) == ("base/role.yaml", 'resources: ["*"]')
    assert f["message"].endswith("(in the kustomize builds of overlays/dev and overlays/prod)")


def test_a_finding_only_one_overlay_has_names_that_overlay(findings):
    (f,) = _at(findings, "SL120") and [f for f in findings if f["code"] == "SL120"]
    assert f["message"].endswith("(in the kustomize build of overlays/prod)")


def test_a_missing_setting_goes_on_the_object_in_the_base(findings):
    web = [f for f in findings if f["code"] == "SL127" and "'web'" in f["message"]]
    assert [(f["path"], f["text"].strip()) for f in web] == [
        ("base/deploy.yaml", "image: registry.example.com/web:1.4.2")] or \
        [(f["path"], f["text"].strip()) for f in web] == [("base/deploy.yaml", "- name: web")]


def test_a_generated_secret_is_reported_on_its_literal(findings):
    secret = [f for f in findings if f["code"] == "SL103"]
    assert [(f["path"], f["text"].strip()) for f in secret] == [
        ("overlays/prod/kustomization.yaml", "- password=Zq8-rT5v-Lp2x-9WmK")]
    assert "Zq8" not in secret[0]["message"]


def test_the_base_is_not_built_on_its_own(findings):
    assert not [f for f in findings if "build of base" in f["message"]
                or "builds of base" in f["message"]]


# --- a public project as its owners lay it out: GoogleCloudPlatform/microservices-demo's
# --- kustomize/ folder, from the shared corpus, with kustomizations like the project's

def test_microservices_demo_as_laid_out(tmp_path):
    from helpers import CORPUS, corpus_tree

    if not (CORPUS / "MANIFEST.tsv").is_file():
        pytest.skip("corpus not available")
    tree = corpus_tree("kubernetes", tmp_path / "c")
    src = tree / "GoogleCloudPlatform" / "microservices-demo" / "kustomize"
    root = tmp_path / "demo"
    shutil.copytree(src, root, symlinks=False)
    base = sorted(p.name for p in (root / "base").glob("*.yaml"))
    (root / "base" / "kustomization.yaml").write_text(
        "resources:\n" + "".join(f"- {n}\n" for n in base))
    policies = sorted(p.name for p in (root / "components" / "network-policies").glob("*.yaml"))
    (root / "components" / "network-policies" / "kustomization.yaml").write_text(
        "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources:\n"
        + "".join(f"- {n}\n" for n in policies))
    (root / "components" / "without-loadgenerator" / "kustomization.yaml").write_text(
        "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\n"
        "patches:\n- path: delete-loadgenerator.patch.yaml\n")
    (root / "kustomization.yaml").write_text(
        "resources:\n- base\ncomponents:\n- components/network-policies\n"
        "- components/without-loadgenerator\n")
    (root / "staging").mkdir()
    (root / "staging" / "kustomization.yaml").write_text(
        "resources:\n- ../base\nnamePrefix: staging-\npatches:\n- path: debug.yaml\n")
    (root / "staging" / "debug.yaml").write_text(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: frontend\nspec:\n"
        "  template:\n    spec:\n      containers:\n      - name: server\n"
        "        securityContext:\n          privileged: true\n")
    r = run("check", "-f", "json", "--select", "ALL", ".", cwd=root,
            env={"SHIPLINT_KUSTOMIZE": REAL})
    assert "Traceback" not in r.stderr, r.stderr
    found = json.loads(r.stdout)["findings"]
    assert found and not [f for f in found if f["code"] in ("SL001", "SL007", "SL010")], found
    places = [(f["code"], f["path"], f["line"], f["column"]) for f in found]
    assert len(places) == len(set(places))
    for f in found:  # every file starts with the licence: nothing lands on it
        line = (root / f["path"]).read_text().splitlines()[f["line"] - 1]
        assert not line.lstrip().startswith("#") and line.strip(), f
    # the loadgenerator is deleted by a component in one build, kept by the other
    assert any("loadgenerator" in f["path"] and "staging" in f["message"] for f in found)
    (priv,) = [f for f in found if f["code"] == "SL120"]
    assert (priv["path"], priv["line"]) == ("staging/debug.yaml", 11)
    assert {f["path"].split("/")[0] for f in found} <= {"base", "components", "staging"}
