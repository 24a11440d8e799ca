"""Helm charts: rendered with `helm template` when available (a stand-in helm here)."""

from __future__ import annotations

import json
import stat

from test_cli import run

TEMPLATE = """apiVersion: v1
kind: Pod
metadata:
  name: {{ .Release.Name }}-web
spec:
  containers:
    - name: web
      image: "{{ .Values.image }}"
"""

RENDERED = """---
# Source: web/templates/pod.yaml
apiVersion: v1
kind: Pod
metadata:
  name: shiplint-web
spec:
  containers:
    - name: web
      image: "nginx:latest"
"""


def _chart(tmp_path):
    chart = tmp_path / "charts" / "web"
    (chart / "templates").mkdir(parents=True)
    (chart / "Chart.yaml").write_text("apiVersion: v2\nname: web\nversion: 0.1.0\n")
    (chart / "values.yaml").write_text("image: nginx:latest\n")
    (chart / "templates" / "pod.yaml").write_text(TEMPLATE)
    return chart


def _fake_helm(tmp_path, output: str, code: int = 0) -> str:
    script = tmp_path / "helm"
    script.write_text("#!/bin/sh\n" + (f"cat <<'EOF'\n{output}EOF\n" if code == 0 else
                                       "echo 'Error: template: boom' >&2\n") + f"exit {code}\n")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return str(script)


def test_chart_without_helm_gives_one_info_finding(tmp_path):
    chart = _chart(tmp_path)
    r = run("check", str(tmp_path), "-f", "json", env={"PATH": "/nonexistent"})
    findings = json.loads(r.stdout)["findings"]
    assert [(f["code"], f["path"].rsplit("/", 1)[-1]) for f in findings] == [("SL004", "Chart.yaml")]
    # a chart that cannot be rendered fails the run unless --allow-incomplete
    assert "install helm" in findings[0]["message"] and r.returncode == 1
    assert "Not linted: " in r.stderr
    r = run("check", str(tmp_path), "--allow-incomplete", env={"PATH": "/nonexistent"})
    assert r.returncode == 0


def test_chart_is_rendered_and_findings_point_at_the_template(tmp_path):
    chart = _chart(tmp_path)
    helm = _fake_helm(tmp_path, RENDERED)
    r = run("check", str(tmp_path), "-f", "json", "--select", "SL102",
            env={"SHIPLINT_HELM": helm})
    [f] = json.loads(r.stdout)["findings"]
    assert f["path"].endswith("charts/web/templates/pod.yaml")
    # the rendered image line differs from the template: line 1 with the rendered line noted
    assert f["code"] == "SL102" and "rendered chart" in f["message"]


def test_rendered_line_found_verbatim_in_the_template_keeps_its_line(tmp_path):
    chart = _chart(tmp_path)
    helm = _fake_helm(tmp_path, RENDERED)
    r = run("check", str(tmp_path), "-f", "json", "--select", "SL101",
            env={"SHIPLINT_HELM": helm})
    [f] = json.loads(r.stdout)["findings"]
    assert f["line"] == 7 and f["path"].endswith("templates/pod.yaml")  # "- name: web"


def test_helm_failure_is_a_finding(tmp_path):
    _chart(tmp_path)
    helm = _fake_helm(tmp_path, "", code=1)
    r = run("check", str(tmp_path), "-f", "json", env={"SHIPLINT_HELM": helm})
    [f] = json.loads(r.stdout)["findings"]
    assert f["code"] == "SL004" and "helm template failed: Error: template: boom" in f["message"]


def test_a_template_named_on_its_own_is_linted_as_its_chart(tmp_path):
    """pre-commit names the templates that changed: each is linted as the chart renders,
    and a chart that cannot be rendered fails the hook where the user sees it."""
    chart = _chart(tmp_path)
    template = chart / "templates" / "pod.yaml"
    helm = _fake_helm(tmp_path, RENDERED)
    r = run("check", "-f", "json", "--select", "SL102", str(template), str(chart / "values.yaml"),
            env={"SHIPLINT_HELM": helm})
    [f] = json.loads(r.stdout)["findings"]
    assert f["path"].endswith("charts/web/templates/pod.yaml") and r.returncode == 1
    r = run("check", "-f", "json", str(template), env={"PATH": "/nonexistent"})
    assert [f["code"] for f in json.loads(r.stdout)["findings"]] == ["SL004"]
    assert r.returncode == 1 and "Not linted: " in r.stderr


# ------------------------------------------------------------- several renders per chart

DEPLOY_TEMPLATE = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}-web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: "nginx:1.27"
          securityContext:
            privileged: {{ .Values.privileged }}
"""

TEST_TEMPLATE = """apiVersion: v1
kind: Pod
metadata:
  name: {{ .Release.Name }}-test
  annotations:
    "helm.sh/hook": test
spec:
  restartPolicy: Never
  containers:
    - name: wget
      image: busybox
      command: [wget, "{{ .Release.Name }}-web:80"]
"""


def _rendered(release: str, privileged: str, test: bool = True) -> str:
    out = (f"---\n# Source: web/templates/deploy.yaml\napiVersion: apps/v1\nkind: Deployment\n"
           f"metadata:\n  name: {release}-web\nspec:\n  selector:\n    matchLabels: {{app: web}}\n"
           "  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n"
           "        - name: web\n          image: \"nginx:1.27\"\n          securityContext:\n"
           f"            privileged: {privileged}\n")
    if test:
        out += (f"---\n# Source: web/templates/tests/test-connection.yaml\napiVersion: v1\n"
                f"kind: Pod\nmetadata:\n  name: {release}-test\n  annotations:\n"
                "    \"helm.sh/hook\": test\nspec:\n  restartPolicy: Never\n  containers:\n"
                "    - name: wget\n      image: busybox\n"
                f"      command: [wget, \"{release}-web:80\"]\n")
    return out


def _renders_chart(tmp_path, config: str):
    """A chart with a Deployment (privileged as its values say) and a Helm test pod; a
    stand-in helm prints a canned rendering per values file and logs its arguments."""
    chart = tmp_path / "charts" / "web"
    (chart / "templates" / "tests").mkdir(parents=True)
    (chart / "Chart.yaml").write_text("apiVersion: v2\nname: web\nversion: 0.1.0\n")
    (chart / "values.yaml").write_text("privileged: false\n")
    for name in ("dev", "prod", "staging"):
        (chart / f"values-{name}.yaml").write_text("privileged: true\n")
    (chart / "templates" / "deploy.yaml").write_text(DEPLOY_TEMPLATE)
    (chart / "templates" / "tests" / "test-connection.yaml").write_text(TEST_TEMPLATE)
    (tmp_path / ".shiplint.yaml").write_text(config)
    outputs = tmp_path / "outputs"
    outputs.mkdir()
    (outputs / "dev").write_text(_rendered("dev", "true"))
    (outputs / "prod").write_text(_rendered("prod", "true"))
    (outputs / "staging").write_text(_rendered("staging", "false"))
    (outputs / "default").write_text(_rendered("shiplint", "false"))
    log = tmp_path / "helm.log"
    script = tmp_path / "helm"
    script.write_text(f"""#!/bin/sh
echo "$@" >> {log}
case "$*" in
  *values-broken.yaml*) echo 'Error: open values-broken.yaml: no such file or directory' >&2; exit 1;;
  *values-dev.yaml*) cat {outputs}/dev;;
  *values-prod.yaml*) cat {outputs}/prod;;
  *values-staging.yaml*) cat {outputs}/staging;;
  *) cat {outputs}/default;;
esac
""")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return chart, str(script), log


RENDERS = """charts:
  charts/web:
    renders:
    - {name: dev, values: [values-dev.yaml], release: dev}
    - name: prod
      values: [values-prod.yaml]
      release: prod
      namespace: shop
      kubernetes-version: "1.29"
      set: {image.tag: "1.27", replicas: 3, debug: false}
    - {name: staging, values: [values-staging.yaml], release: staging}
"""


def _check(tmp_path, helm, *args):
    r = run("check", str(tmp_path), "-f", "json", *args, env={"SHIPLINT_HELM": helm})
    return r, json.loads(r.stdout)["findings"]


def test_each_render_is_linted_and_a_finding_is_reported_once_naming_its_renders(tmp_path):
    _chart_dir, helm, log = _renders_chart(tmp_path, RENDERS)
    r, findings = _check(tmp_path, helm, "--select", "SL120")
    [f] = findings
    # on the template line (the rendered value is computed: its enclosing key), once
    assert f["path"].endswith("charts/web/templates/deploy.yaml") and f["line"] == 15
    assert f["message"].endswith("(in renders 'dev' and 'prod' of the chart)"), f["message"]
    calls = log.read_text().splitlines()
    assert len(calls) == 3
    assert calls[1].split() == [
        "template", "prod", str(_chart_dir), f"--values={_chart_dir / 'values-prod.yaml'}",
        "--set-string", "image.tag=1.27", "--set", "replicas=3", "--set", "debug=false",
        "--namespace=shop", "--kube-version=1.29"]
    assert r.returncode == 1


def test_a_helm_test_hook_is_reported_under_its_own_label(tmp_path):
    _renders_chart(tmp_path, RENDERS)
    helm = str(tmp_path / "helm")
    _, findings = _check(tmp_path, helm, "--select", "SL102")
    [f] = findings
    assert f["path"].endswith("templates/tests/test-connection.yaml") and f["line"] == 11
    assert f["message"].endswith(
        "(in renders 'dev', 'prod' and 'staging' of the chart; a Helm test hook)"), f["message"]


def test_without_renders_configured_the_chart_renders_once_with_its_defaults(tmp_path):
    _chart_dir, helm, log = _renders_chart(tmp_path, "")
    _, findings = _check(tmp_path, helm, "--select", "SL120,SL102")
    assert [(f["code"], f["message"].rsplit("(", 1)[1]) for f in findings] == [
        ("SL102", "in the rendered chart; a Helm test hook)")]
    assert log.read_text().split() == ["template", "shiplint", str(_chart_dir)]


def test_a_render_that_fails_is_reported_and_the_others_are_linted(tmp_path):
    config = RENDERS.replace("values-staging.yaml", "values-broken.yaml")
    chart, _, _ = _renders_chart(tmp_path, config)
    (chart / "values-broken.yaml").write_text("x: [\n")  # helm is run, and fails on it
    r, findings = _check(tmp_path, str(tmp_path / "helm"), "--select", "SL120")
    got = sorted((f["code"], f["path"].rsplit("/", 1)[-1], f["message"]) for f in findings)
    assert got[0][:2] == ("SL004", "Chart.yaml")
    assert "helm template failed for render 'staging': Error: open values-broken.yaml" in got[0][2]
    assert got[1][:2] == ("SL120", "deploy.yaml")
    assert r.returncode == 1 and "Not linted: " in r.stderr


def test_unnamed_renders_are_labelled_by_their_values_files(tmp_path):
    config = ("charts:\n  web:\n    renders:\n    - {values: [values-dev.yaml]}\n"
              "    - {values: [values-staging.yaml]}\n")
    _renders_chart(tmp_path, config)
    _, findings = _check(tmp_path, str(tmp_path / "helm"), "--select", "SL120")
    [f] = findings
    assert f["message"].endswith("(in render 'values-dev.yaml' of the chart)"), f["message"]


def test_each_render_is_judged_against_its_kubernetes_version(tmp_path):
    chart, helm, _log = _renders_chart(tmp_path, RENDERS.replace('"1.29"', '"1.21"'))
    pdb = ("---\n# Source: web/templates/pdb.yaml\napiVersion: policy/v1beta1\n"
           "kind: PodDisruptionBudget\nmetadata:\n  name: web\nspec:\n  maxUnavailable: 1\n"
           "  selector:\n    matchLabels: {app: web}\n")
    (chart / "templates" / "pdb.yaml").write_text(
        "apiVersion: {{ .Values.pdbApi }}\nkind: PodDisruptionBudget\nmetadata:\n  name: web\n"
        "spec:\n  maxUnavailable: 1\n  selector:\n    matchLabels: {app: web}\n")
    outputs = tmp_path / "outputs"
    (outputs / "prod").write_text((outputs / "prod").read_text() + pdb)
    _, findings = _check(tmp_path, helm, "--select", "SL316")
    assert findings == []  # policy/v1beta1 is served until 1.25: fine for the 1.21 render
    (outputs / "dev").write_text((outputs / "dev").read_text() + pdb)
    _, findings = _check(tmp_path, helm, "--select", "SL316")
    [f] = findings  # the dev render targets the default version, which no longer serves it
    assert f["message"].endswith("(in render 'dev' of the chart)"), f["message"]


def test_renders_are_apart_for_the_cross_object_rules(tmp_path):
    """Each render is a deployment of its own: the objects of one do not satisfy the
    references of another."""
    chart, helm, _log = _renders_chart(tmp_path, RENDERS)
    svc = ("---\n# Source: web/templates/svc.yaml\napiVersion: v1\nkind: Service\nmetadata:\n"
           "  name: web\nspec:\n  selector: {app: web}\n  ports: [{port: 80}]\n")
    (chart / "templates" / "svc.yaml").write_text(
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector: {app: web}\n"
        "  ports: [{port: 80}]\n")
    outputs = tmp_path / "outputs"
    for name in ("prod", "staging"):
        (outputs / name).write_text((outputs / name).read_text() + svc)
    _, findings = _check(tmp_path, helm, "--select", "SL331")
    assert findings == []
    (outputs / "dev").write_text(_rendered("dev", "true").replace("app: web", "app: other") + svc)
    _, findings = _check(tmp_path, helm, "--select", "SL331")
    [f] = findings  # dev's pods are labelled otherwise; prod's and staging's do not count
    assert f["message"].endswith("(in render 'dev' of the chart)"), f["message"]


def test_a_malformed_render_is_a_configuration_error(tmp_path):
    _renders_chart(tmp_path, "charts:\n  web:\n    renders:\n    - {valus: [values-dev.yaml]}\n")
    r = run("check", str(tmp_path), env={"SHIPLINT_HELM": str(tmp_path / "helm")})
    assert r.returncode == 2 and "valus" in r.stderr
    (tmp_path / ".shiplint.yaml").write_text(
        "charts:\n  web:\n    renders:\n    - {kubernetes-version: 1.30}\n")
    r = run("check", str(tmp_path), env={"SHIPLINT_HELM": str(tmp_path / "helm")})
    assert r.returncode == 2 and "kubernetes-version" in r.stderr


def test_a_test_hook_is_recognised_however_its_annotation_is_written():
    from linter.helm import is_test

    for written in ('    "helm.sh/hook": test\n', "  annotations: {\"helm.sh/hook\": test}\n",
                    "  annotations: {a: b, helm.sh/hook: 'test-success'}\n",
                    "    helm.sh/hook: test-failure,test\n"):
        assert is_test("metadata:\n" + written), written
    for written in ("    helm.sh/hook: pre-install\n", "    helm.sh/hook: post-install  # test\n",
                    "  annotations: {\"helm.sh/hook\": pre-install, stage: test}\n"):
        assert not is_test("metadata:\n" + written), written
