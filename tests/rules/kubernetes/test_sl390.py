"""SL390 kubernetes-schema-error: Kubernetes object does not match the API schema."""

from __future__ import annotations

import os

import pytest

from helpers import CORPUS, RULES, catches, catches_not, web_deployment
from linter.engine import Engine, select_rules
from linter.kubernetes import schema as k8s_schema


pytestmark = pytest.mark.skipif(
    not k8s_schema.available(),
    reason="the kubernetes-validate schemas are not installed (extra kubernetes-schemas)")


ENGINE = Engine(select_rules(RULES, select=["SL390", "SL391"]))


def schema_version(version) -> dict:
    """The engine options that validate against Kubernetes ``version``."""
    return {"kubernetes-schema-error": {"kubernetes-version": version}}


def where(f) -> tuple[int, int]:
    return f.span.line, f.span.column


def test_misspelt_field_points_at_the_key_with_a_suggestion():
    found = catches("SL390", "k8s.yaml", web_deployment(containers="contianers"))
    unknown = [f for f in found if "unknown field" in f.message]
    [f] = unknown
    assert where(f) == (13, 7)
    assert "'contianers'" in f.message and "did you mean 'containers'?" in f.message
    assert "spec.template.spec" in f.message and "Deployment 'web'" in f.message
    assert f.severity.name == "HIGH"
    # the pod spec now has no containers at all: that is reported too, at the key 'spec:'
    [missing] = [f for f in found if "missing required field 'containers'" in f.message]
    assert where(missing) == (12, 5)


def test_unknown_field_hint_for_a_renamed_field():
    text = ("apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: i}\nspec:\n"
            "  backend:\n    service: {name: web, port: {number: 80}}\n")
    [f] = catches("SL390", "k8s.yaml", text)
    assert where(f) == (5, 3) and "did you mean 'defaultBackend'?" in f.message


def test_string_where_an_integer_belongs_points_at_the_value():
    [f] = catches("SL390", "k8s.yaml", web_deployment(replicas='"3"'))
    assert where(f) == (6, 13)
    assert "spec.replicas: expected an integer" in f.message
    assert 'remove the quotes' in f.message


def test_missing_required_field_points_at_the_item():
    text = ("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n"
            "  - image: busybox:1.36\n    command: [sleep, '3600']\n")
    [f] = catches("SL390", "k8s.yaml", text)
    assert where(f) == (6, 5)
    assert "spec.containers[0]: missing required field 'name'" in f.message


def test_missing_required_field_of_a_nested_mapping_points_at_its_key():
    text = ("apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: b}\n"
            "roleRef:\n  kind: Role\n  name: reader\nsubjects:\n"
            "- {kind: ServiceAccount, name: app, namespace: shop}\n")
    [f] = catches("SL390", "k8s.yaml", text)
    assert where(f) == (4, 1) and "roleRef: missing required field 'apiGroup'" in f.message


def test_every_error_is_reported():
    text = ("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n"
            "  restartPolicy: Sometimes\n  hostNetwork: 'true'\n  containers:\n"
            "  - name: a\n    image: busybox\n    imagePullpolicy: Always\n"
            "    ports: [{containerPort: '80'}]\n  - image: busybox\n")
    found = catches("SL390", "k8s.yaml", text)
    lines = [f.span.line for f in found]
    # (the schemas have no enums: restartPolicy: Sometimes is the API server's to reject)
    assert lines == [6, 10, 11, 12], [f.message for f in found]
    assert "remove the quotes: true" in found[0].message
    assert "did you mean 'imagePullPolicy'?" in found[1].message
    assert 'got the string "80"' in found[2].message


def test_wrong_shape_mapping_instead_of_list():
    text = ("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n"
            "    name: a\n    image: busybox\n")
    [f] = catches("SL390", "k8s.yaml", text)
    assert f.span.line == 6 and "expected a list, got a mapping" in f.message


def pod_env(value: str) -> str:
    return ("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n"
            "  - name: a\n    image: busybox\n    env:\n    - name: FLAG\n"
            f"      value: {value}\n")


@pytest.mark.parametrize("word, read", [("yes", "true"), ("no", "false"), ("on", "true"),
                                        ("off", "false"), ("Y", "true")])
def test_yaml11_boolean_in_a_string_field(word, read):
    [f] = catches("SL390", "k8s.yaml", pod_env(word))
    assert where(f) == (10, 14)
    assert f"kubectl reads the unquoted {word} as the boolean {read} (YAML 1.1)" in f.message
    assert f'quote it: "{word}"' in f.message and f.severity.name == "HIGH"
    catches_not("SL390", "k8s.yaml", pod_env(f'"{word}"'))


def test_plain_true_and_numbers_in_a_string_field():
    [f] = catches("SL390", "k8s.yaml", pod_env("true"))
    assert 'got the boolean true; quote it: "true"' in f.message
    [g] = catches("SL390", "k8s.yaml", pod_env("8080"))
    assert 'got the number 8080; quote it: "8080"' in g.message
    [h] = catches("SL390", "k8s.yaml", pod_env("1.10"))
    assert "read as 1.1" in h.message


def test_yaml11_octal_in_a_string_field():
    text = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  mode: 0644\n"
    [f] = catches("SL390", "k8s.yaml", text)
    assert where(f) == (5, 9)
    assert "reads the unquoted 0644 as the octal number 420" in f.message
    assert 'quote it: "0644"' in f.message


def test_octal_in_an_integer_field_is_what_kubectl_reads():
    text = ("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n"
            "  - {name: a, image: busybox}\n  volumes:\n  - name: s\n"
            "    secret: {secretName: s, defaultMode: 0400}\n")
    catches_not("SL390", "k8s.yaml", text)


def test_yaml11_boolean_in_a_boolean_field_is_a_low_finding():
    text = ("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  hostNetwork: on\n"
            "  automountServiceAccountToken: no\n  containers:\n  - {name: a, image: busybox}\n")
    found = catches("SL390", "k8s.yaml", text)
    assert [where(f) for f in found] == [(5, 16), (6, 33)]
    assert all(f.severity.name == "LOW" for f in found)
    assert "only for YAML 1.1 readers" in found[0].message and "write true" in found[0].message
    assert "write false" in found[1].message


def test_sexagesimal_in_a_string_field_is_a_low_finding():
    [f] = catches("SL390", "k8s.yaml", pod_env("22:22"))
    assert where(f) == (10, 14) and f.severity.name == "LOW"
    assert "base-60 number 1342" in f.message and 'quote it: "22:22"' in f.message


def test_sexagesimal_in_an_integer_field_is_a_type_error():
    text = ("apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n"
            "  ports:\n  - port: 22:22\n")
    [f] = catches("SL390", "k8s.yaml", text)
    assert f.severity.name == "HIGH" and "expected an integer" in f.message
    assert "base-60" in f.message


def test_yaml11_boolean_key_in_a_string_map():
    text = ("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  labels:\n"
            "    on: 'x'\ndata: {a: b}\n")
    [f] = catches("SL390", "k8s.yaml", text)
    assert where(f) == (6, 5) and 'the key becomes "true"' in f.message
    assert f.severity.name == "LOW"


def test_int_or_string_quantities_and_nulls_are_valid():
    text = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  creationTimestamp: null
  annotations: {note: "2024-01-01", when: 2024-01-01}
spec:
  replicas: 2
  strategy:
    rollingUpdate: {maxSurge: 25%, maxUnavailable: 1}
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
      creationTimestamp:
    spec:
      containers:
      - name: web
        image: nginx:1.27
        resources:
          limits: {cpu: 1, memory: 1Gi}
          requests: {cpu: 0.25, memory: "512Mi", ephemeral-storage: 2G}
        livenessProbe:
          httpGet: {path: /, port: http}
        readinessProbe:
          tcpSocket: {port: 8080}
        env:
        - name: EMPTY
          value:
        - name: NULL_TOO
          value: ~
      tolerations: ~
status: {}
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports:
  - {port: 80, targetPort: http}
  - {port: 81, targetPort: 8081}
  - {port: 82, targetPort: ~}
"""
    catches_not("SL390", "k8s.yaml", text)


def test_kustomize_patches_are_checked_for_names_and_types_only():
    patch = ("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n"
             "  template:\n    spec:\n      containers:\n      - name: web\n"
             "        resources: {limits: {memory: 1Gi}}\n        imagePullpolicy: Always\n")
    [f] = catches("SL390", "k8s.yaml", patch)
    assert "did you mean 'imagePullPolicy'?" in f.message
    # named like a patch: required fields are not asked for, even with images written
    named = ("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n"
             "  template:\n    spec:\n      containers:\n      - name: web\n"
             "        image: nginx:1.27\n")
    assert [f.message for f in catches("SL390", "k8s.yaml", named)] == [
        "Deployment 'web': spec: missing required field 'selector'"]
    catches_not("SL390", "overlays/prod/web-patch.yaml", named)
    delete = "apiVersion: v1\nkind: Service\nmetadata: {name: s}\n$patch: delete\n"
    catches_not("SL390", "k8s.yaml", delete)
    replicas = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec: {replicas: 3}\n"
    catches_not("SL390", "k8s.yaml", replicas)


def test_typed_list_items_are_not_reported_twice():
    text = ("apiVersion: v1\nkind: ConfigMapList\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n"
            "  metadata: {name: a}\n  data: {num: 1}\n")
    assert [f.span.line for f in catches("SL390", "k8s.yaml", text)] == [7]


def test_multi_document_lines_are_exact():
    text = ("---\n# first\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {a: b}\n"
            "---\n---\napiVersion: v1\nkind: Secret\nmetadata: {name: s}\ntype: Opaque\n"
            "stringData:\n  password: 1234\n...\n---\napiVersion: v1\nkind: ServiceAccount\n"
            "metadata: {name: sa}\nautomountServiceAccountToken: 'false'\n")
    found = catches("SL390", "k8s.yaml", text)
    assert [where(f) for f in found] == [(14, 13), (20, 31)]


def test_very_deep_nesting_does_not_crash_the_rule():
    text = ("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  x: "
            + "[" * 900 + "]" * 900 + "\n")
    catches("SL390", "k8s.yaml", text, select=["SL391"])  # and no internal-error (SL007)


def test_kubernetes_version_option_selects_the_schema():
    text = ("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n"
            "  - name: a\n    image: busybox\n    lifecycle:\n      stopSignal: SIGUSR1\n")
    catches_not("SL390", "k8s.yaml", text, options=schema_version("1.33"))
    [f] = catches("SL390", "k8s.yaml", text, options=schema_version("1.32"))
    assert "unknown field 'stopSignal'" in f.message
    catches_not("SL390", "k8s.yaml", text, options=schema_version("v1.33.2"))
    catches_not("SL390", "k8s.yaml", text, options=schema_version("latest"))


KUBE_CORPUS = CORPUS / "kubernetes"


@pytest.mark.slow
@pytest.mark.skipif(not KUBE_CORPUS.is_dir(), reason="../shared/corpus not present")
def test_corpus_findings_are_the_reviewed_ones():
    """The schema errors of the corpus, read one by one: all are real (a misspelt
    `backend`, a placeholder port, `value: true` in an env var, a list as Secret data,
    workloads without the selector apps/v1 requires, a roleRef without apiGroup...)."""
    from linter.runner import lint_paths

    report = lint_paths([str(KUBE_CORPUS)], engine=ENGINE)
    assert not [f for f in report.findings if f.code == "SL007"]
    found = sorted((os.path.basename(f.path), f.span.line) for f in report.findings
                   if f.code == "SL390")
    assert len(found) == len(EXPECTED_CORPUS_ERRORS), found
    assert set(found) == EXPECTED_CORPUS_ERRORS


EXPECTED_CORPUS_ERRORS = {
    ("ContainerSolutions__kubernetes-examples__cloud-providers__gcp__https-ready-alb__"
     "https-ready-alb.yaml", 42),  # Ingress v1 'backend' (it is 'defaultBackend')
    ("GoogleCloudPlatform__kubernetes-engine-samples__ai-ml__infw-gw__examples__"
     "getting-started__inference-pool.yaml", 136),  # roleRef without apiGroup
    ("GoogleCloudPlatform__kubernetes-engine-samples__networking__sctp__sctp-deployment.yaml",
     33),  # containerPort: PORT (a placeholder)
    ("GoogleCloudPlatform__kubernetes-engine-samples__networking__sctp__sctp-deployment.yaml",
     45),  # port: PORT
    ("elastic__cloud-on-k8s__config__dev__registry.yaml", 76),  # apps/v1 without selector
    ("fluent__fluentd-kubernetes-daemonset__fluentd-daemonset-gcs.yaml", 9),
    ("fluent__fluentd-kubernetes-daemonset__fluentd-daemonset-logentries.yaml", 21),
    ("fluent__fluentd-kubernetes-daemonset__fluentd-daemonset-loggly-rbac.yaml", 50),
    ("fluent__fluentd-kubernetes-daemonset__fluentd-daemonset-loggly.yaml", 12),
    # a webhook service without namespace (kustomize fills it in; kubectl apply does not)
    ("kubeflow__manifests__applications__admission-webhook__upstream__base__"
     "mutating-webhook-configuration.yaml", 11),
    # kustomize bases whose selector comes from commonLabels: invalid on their own
    ("kubeflow__manifests__applications__tensorboard__tensorboards-web-app__upstream__base__"
     "deployment.yaml", 5),
    ("kubeflow__manifests__applications__volumes-web-app__upstream__base__deployment.yaml", 5),
    ("kubernetes__ingress-nginx__deploy__grafana__deployment.yaml", 6),
    ("kubernetes__ingress-nginx__deploy__prometheus__deployment.yaml", 5),
    # env value: true (kubectl sends a boolean; the API server rejects it)
    ("kubernetes__ingress-nginx__docs__examples__auth__oauth-external-auth__vouch-proxy.yaml",
     21),
    ("linkerd__linkerd-examples__thanos-demo__cluster-gke.yaml", 33),  # Secret data as a list
}
