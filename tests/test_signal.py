"""What a team reads: messages that say what is wrong and what to write, and nothing said
about files that are not manifests."""

from __future__ import annotations

import textwrap

from helpers import ALL, lint_text


def _only(code, filename, text):
    return [f for f in lint_text(filename, textwrap.dedent(text), ALL) if f.code == code]


POD = """\
    apiVersion: v1
    kind: Pod
    metadata: {name: p}
    spec:
      hostNetwork: true
      containers:
      - name: a
        image: registry.example.com/a:1
        livenessProbe:
          httpGet: {host: 127.0.0.1, port: 80}
        securityContext:
          capabilities:
            drop: [all]
    """


def test_a_probe_host_is_named_and_the_fix_given():
    (f,) = _only("SL304", "pod.yaml", POD)
    assert "httpGet.host: '127.0.0.1'" in f.message and "another host" not in f.message
    assert "remove it" in f.message


def test_a_lower_case_all_says_to_write_capital_all():
    (f,) = _only("SL123", "pod.yaml", POD)
    assert "drops 'all'" in f.message and "write 'ALL'" in f.message


def test_an_address_in_published_is_a_schema_error_not_an_open_port():
    text = """\
        services:
          web:
            image: nginx:1.27
            ports:
              - target: 80
                published: "127.0.0.1:8080"
        """
    assert _only("SL410", "compose.yaml", text) == []
    (f,) = _only("SL401", "compose.yaml", text)
    assert f.span.line == 6 and "must be a port" in f.message and "host_ip" in f.message
    assert _only("SL401", "compose.yaml", text.replace('"127.0.0.1:8080"', '"8080-8081"')) == []
    assert _only("SL401", "compose.yaml", text.replace('"127.0.0.1:8080"', '"${PORT}"')) == []


def test_build_configuration_is_not_an_unknown_kind():
    kustomization = ("apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n"
                     "resources: [deploy.yaml]\n")
    component = ("apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\n"
                 "patches: [{path: p.yaml}]\n")
    assert lint_text("kustomization.yaml", kustomization, ALL) == []
    assert lint_text("components/x/kustomization.yaml", component, ALL) == []
    assert lint_text("other.yaml", component, ALL) == []  # by content too
    assert lint_text("Chart.yaml", "apiVersion: v2\nname: web\nversion: 0.1.0\n", ALL) == []
    for name in ("values.yaml", "values-prod.yaml", "prod.values.yml"):
        assert lint_text(name, "replicaCount: 2\nimage: {repository: nginx}\n", ALL) == []
    # other YAML named on the command line is still said to be of no known kind
    assert [f.code for f in lint_text("stuff.yaml", "a: 1\n", ALL)] == ["SL006"]
