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
