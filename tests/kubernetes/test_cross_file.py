"""Cross-object rules over every file linted together (``KubernetesSet``): objects relate
across files of one run, findings land in the file of the object at fault, and that file's
configuration and suppressions apply to them."""

from __future__ import annotations

import json
import subprocess
import sys

from helpers import RULES
from linter.engine import Engine
from linter.rules.kubernetes.examples import container, deployment
from linter.runner import lint_paths

SVC = ("apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n"
       "  selector: {app: %s}\n  ports: [{port: 80}]\n")
HPA = ("apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: web}\n"
       "spec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: %s}\n"
       "  minReplicas: 2\n  maxReplicas: 5\n")
PDB = ("apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: web}\nspec:\n"
       "  minAvailable: 1\n  selector:\n    matchLabels: {app: web}\n")
DEPLOY = deployment(container())
ENGINE = Engine([r for r in RULES if r.code in ("SL331", "SL332", "SL333")])


def lint(*paths, engine=ENGINE):
    return [(f.code, f.path.rsplit("/", 1)[-1], f.span.line)
            for f in lint_paths([str(p) for p in paths], engine).findings]


def write(directory, **files):
    directory.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (directory / name.replace("_", ".")).write_text(text)
    return directory


def test_a_service_is_judged_by_the_pods_of_another_file(tmp_path):
    write(tmp_path, deploy_yaml=DEPLOY, svc_yaml=SVC % "wbe")
    assert lint(tmp_path) == [("SL331", "svc.yaml", 5)]
    write(tmp_path, svc_yaml=SVC % "web")
    assert lint(tmp_path) == []


def test_a_file_alone_is_not_judged_when_its_directory_was_not_read_whole(tmp_path):
    # pre-commit passes only the files that changed: the pods may be in one it did not pass
    write(tmp_path, deploy_yaml=DEPLOY, svc_yaml=SVC % "wbe",
          other_yaml=deployment(container(), template_metadata="labels: {app: db}"))
    assert lint(tmp_path / "svc.yaml", tmp_path / "deploy.yaml") == []
    assert lint(tmp_path / "svc.yaml", tmp_path / "deploy.yaml", tmp_path / "other.yaml") == [
        ("SL331", "svc.yaml", 5)]


def test_pods_of_another_directory_clear_but_never_accuse(tmp_path):
    write(tmp_path / "a", svc_yaml=SVC % "web",
          deploy_yaml=deployment(container(), template_metadata="labels: {app: db}"))
    write(tmp_path / "b", deploy_yaml=DEPLOY)
    assert lint(tmp_path) == []  # the Service's pods are the ones in b/
    write(tmp_path / "b", deploy_yaml=deployment(container(), template_metadata="labels: {app: x}"))
    assert lint(tmp_path) == [("SL331", "svc.yaml", 5)]  # a/ has pods with the key 'app'
    write(tmp_path / "a", deploy_yaml=deployment(container(), template_metadata="labels: {tier: db}"))
    assert lint(tmp_path) == []  # nothing beside the Service uses 'app': its pods live elsewhere


def test_objects_relate_only_within_their_namespace(tmp_path):
    shop = DEPLOY.replace("name: web\n", "name: web\n  namespace: shop\n", 1)
    write(tmp_path, deploy_yaml=shop, svc_yaml=SVC % "web")
    assert lint(tmp_path) == []  # no pods in the Service's (unset) namespace: cannot judge
    svc_shop = (SVC % "web").replace("{name: web}", "{name: web, namespace: shop}")
    write(tmp_path, svc_yaml=svc_shop, other_yaml=deployment(
        container(), template_metadata="labels: {app: web}").replace("name: web\n", "name: x\n", 1))
    assert lint(tmp_path) == []
    write(tmp_path, svc_yaml=svc_shop.replace("app: web", "app: wbe"))
    assert lint(tmp_path) == [("SL331", "svc.yaml", 5)]


def test_autoscaler_and_budget_across_files(tmp_path):
    write(tmp_path, deploy_yaml=DEPLOY, hpa_yaml=HPA % "wbe", pdb_yaml=PDB)
    assert lint(tmp_path) == [("SL332", "hpa.yaml", 5), ("SL333", "pdb.yaml", 5)]
    write(tmp_path, hpa_yaml=HPA % "web")
    assert lint(tmp_path) == []  # the autoscaler decides the replicas


def test_service_account_defined_in_another_file(tmp_path):
    engine = Engine([r for r in RULES if r.code == "SL309"])
    app = deployment("serviceAccountName: api\n" + container())
    write(tmp_path / "k8s", deploy_yaml=app)
    assert lint(tmp_path, engine=engine) == [("SL309", "deploy.yaml", 4)]
    write(tmp_path / "rbac", sa_yaml="apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: api}\n"
                                     "automountServiceAccountToken: false\n")
    assert lint(tmp_path, engine=engine) == []


def test_the_default_account_is_only_cleared_beside_the_pod(tmp_path):
    engine = Engine([r for r in RULES if r.code == "SL309"])
    binding = ("apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: b}\n"
               "roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: r}\n"
               "subjects: [{kind: ServiceAccount, name: default}]\n")
    write(tmp_path / "app", deploy_yaml=DEPLOY)
    write(tmp_path / "other-app", rb_yaml=binding)
    assert lint(tmp_path, engine=engine) == [("SL309", "deploy.yaml", 4)]
    write(tmp_path / "app", rb_yaml=binding)
    assert lint(tmp_path, engine=engine) == []


def test_cross_file_findings_honour_the_files_suppressions(tmp_path):
    write(tmp_path, deploy_yaml=DEPLOY,
          svc_yaml="# shiplint: ignore-file=SL331 -- endpoints come from an operator\n" + SVC % "wbe")
    engine = Engine([r for r in RULES if r.code in ("SL331", "SL009")])
    report = lint_paths([str(tmp_path)], engine)
    assert report.findings == []  # suppressed, and the suppression counts as used
    assert [f.code for f in report.suppressed] == ["SL331"]


def test_cross_file_findings_honour_per_file_configuration(tmp_path):
    write(tmp_path, deploy_yaml=DEPLOY, svc_yaml=SVC % "wbe",
          **{".shiplint_yaml": "per-file-ignores:\n  'svc.yaml': [selector-matches-nothing]\n"})
    out = subprocess.run([sys.executable, "-m", "linter", "check", "-f", "json", "."],
                         cwd=tmp_path, capture_output=True, text=True)
    assert "SL331" not in {f["code"] for f in json.loads(out.stdout)["findings"]}, out.stdout
    (tmp_path / ".shiplint.yaml").write_text("select: [SL331]\n")
    out = subprocess.run([sys.executable, "-m", "linter", "check", "-f", "json", "."],
                         cwd=tmp_path, capture_output=True, text=True)
    assert [(f["code"], f["path"]) for f in json.loads(out.stdout)["findings"]] == [
        ("SL331", "svc.yaml")]


def test_helm_chart_objects_relate_and_map_back(tmp_path):
    chart = tmp_path / "web"
    write(chart / "templates", deploy_yaml=DEPLOY, svc_yaml=SVC % "{{ .Values.app }}")
    (chart / "Chart.yaml").write_text("apiVersion: v2\nname: web\nversion: 0.1.0\n")
    rendered = ("---\n# Source: web/templates/deploy.yaml\n" + DEPLOY
                + "---\n# Source: web/templates/svc.yaml\n" + SVC % "wbe")
    helm = tmp_path / "helm"
    helm.write_text(f"#!/bin/sh\ncat <<'EOF'\n{rendered}EOF\n")
    helm.chmod(0o755)
    out = subprocess.run([sys.executable, "-m", "linter", "check", "-f", "json", "--select",
                          "SL331", str(chart)], capture_output=True, text=True,
                         env={"SHIPLINT_HELM": str(helm), "PATH": "/usr/bin:/bin"})
    found = [(f["code"], f["path"].rsplit("/", 1)[-1]) for f in json.loads(out.stdout)["findings"]]
    assert found == [("SL331", "svc.yaml")], out.stdout


def test_pods_of_custom_resources_anywhere_clear_a_selector(tmp_path):
    rollout = ("apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata: {name: web}\nspec:\n"
               "  template:\n    metadata:\n      labels: {app: web}\n    spec:\n"
               "      containers: [{name: app, image: 'x:1'}]\n")
    write(tmp_path / "svc", svc_yaml=SVC % "web",
          deploy_yaml=deployment(container(), template_metadata="labels: {app: db}"))
    assert lint(tmp_path) == [("SL331", "svc.yaml", 5)]
    write(tmp_path / "rollouts", rollout_yaml=rollout)
    assert lint(tmp_path) == []


def test_the_default_account_of_an_explicit_namespace_is_the_same_everywhere(tmp_path):
    engine = Engine([r for r in RULES if r.code == "SL309"])
    app = deployment(container()).replace("name: web\n", "name: web\n  namespace: shop\n", 1)
    sa = ("apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: default, namespace: shop}\n"
          "automountServiceAccountToken: false\n")
    write(tmp_path / "apps", deploy_yaml=app)
    write(tmp_path / "rbac", sa_yaml=sa)
    assert lint(tmp_path, engine=engine) == []


def test_a_file_alone_is_judged_by_its_own_objects(tmp_path):
    # as a single-file linter would: the file holds the workload and the Service
    write(tmp_path, app_yaml=DEPLOY + "---\n" + SVC % "wbe", other_yaml=DEPLOY)
    assert lint(tmp_path / "app.yaml") == [("SL331", "app.yaml", 20)]


def test_an_excluded_file_does_not_make_the_directory_incomplete(tmp_path):
    write(tmp_path, deploy_yaml=DEPLOY, svc_yaml=SVC % "wbe", vendored_yaml=DEPLOY,
          **{".shiplint_yaml": "exclude: [vendored.yaml]\nselect: [SL331]\n"})
    out = subprocess.run([sys.executable, "-m", "linter", "check", "-f", "json", "."],
                         cwd=tmp_path, capture_output=True, text=True)
    assert [(f["code"], f["path"]) for f in json.loads(out.stdout)["findings"]] == [
        ("SL331", "svc.yaml")], out.stdout


def test_a_suppression_of_a_cross_object_rule_is_not_unused_in_a_partial_run(tmp_path):
    engine = Engine([r for r in RULES if r.code in ("SL331", "SL009", "SL102")])
    svc = "# shiplint: ignore-file=SL331 -- endpoints from an operator\n" + SVC % "web"
    write(tmp_path, svc_yaml=svc, deploy_yaml=DEPLOY.replace("app: web}", "app: db}"))
    # the Service alone (pre-commit): SL331 cannot be judged, so the suppression is not unused
    assert lint_paths([str(tmp_path / "svc.yaml")], engine).findings == []
    # the whole directory: SL331 is judged and suppressed
    report = lint_paths([str(tmp_path)], engine)
    assert report.findings == [] and [f.code for f in report.suppressed] == ["SL331"]
    # a suppression of another rule is still unused
    (tmp_path / "svc.yaml").write_text("# shiplint: ignore-file=SL102 -- x\n" + SVC % "web")
    assert [f.code for f in lint_paths([str(tmp_path / "svc.yaml")], engine).findings] == ["SL009"]
