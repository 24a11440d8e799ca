"""SL390 kubernetes-schema-error and SL391 kubernetes-schema-skipped (schema validation)."""

from __future__ import annotations

import os

import pytest

from helpers import CORPUS, RULES, lint_text
from linter.engine import Engine, select_rules
from linter.kubernetes import build
from linter.kubernetes import schema as k8s_schema
from linter.yaml import load

pytestmark = pytest.mark.skipif(
    not k8s_schema.available(),
    reason="the kubernetes-validate schemas are not installed (extra kubernetes-schemas)")

ENGINE = Engine(select_rules(RULES, select=["SL390", "SL391"]))


def engine(version) -> Engine:
    return Engine(select_rules(RULES, select=["SL390", "SL391"]),
                  options={"kubernetes-schema-error": {"kubernetes-version": version}})


def errors(text: str, eng: Engine = ENGINE, filename: str = "k8s.yaml"):
    return [f for f in lint_text(filename, text, eng) if f.code == "SL390"]


def skipped(text: str, eng: Engine = ENGINE, filename: str = "k8s.yaml"):
    return [f for f in lint_text(filename, text, eng) if f.code == "SL391"]


def where(f) -> tuple[int, int]:
    return f.span.line, f.span.column


DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: {replicas}
  selector:
    matchLabels: {{app: web}}
  template:
    metadata:
      labels: {{app: web}}
    spec:
      {containers}:
      - name: web
        image: nginx:1.27
        ports:
        - containerPort: 80
          name: http
"""


def deployment(replicas="3", containers="containers") -> str:
    return DEPLOYMENT.format(replicas=replicas, containers=containers)


# ------------------------------------------------------------------ the three kinds of error


def test_valid_deployment_has_no_finding():
    assert errors(deployment()) == []
    assert skipped(deployment()) == []


def test_misspelt_field_points_at_the_key_with_a_suggestion():
    found = errors(deployment(containers="contianers"))
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
    [f] = errors(text)
    assert where(f) == (5, 3) and "did you mean 'defaultBackend'?" in f.message


def test_string_where_an_integer_belongs_points_at_the_value():
    [f] = errors(deployment(replicas='"3"'))
    assert where(f) == (6, 13)
    assert "spec.replicas: expected an integer" in f.message
    assert 'remove the quotes' in f.message


def test_missing_required_field_points_at_the_item():
    text = ("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n"
            "  - image: busybox:1.36\n    command: [sleep, '3600']\n")
    [f] = errors(text)
    assert where(f) == (6, 5)
    assert "spec.containers[0]: missing required field 'name'" in f.message


def test_missing_required_field_of_a_nested_mapping_points_at_its_key():
    text = ("apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: b}\n"
            "roleRef:\n  kind: Role\n  name: reader\nsubjects:\n"
            "- {kind: ServiceAccount, name: app, namespace: shop}\n")
    [f] = errors(text)
    assert where(f) == (4, 1) and "roleRef: missing required field 'apiGroup'" in f.message


def test_every_error_is_reported():
    text = ("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n"
            "  restartPolicy: Sometimes\n  hostNetwork: 'true'\n  containers:\n"
            "  - name: a\n    image: busybox\n    imagePullpolicy: Always\n"
            "    ports: [{containerPort: '80'}]\n  - image: busybox\n")
    found = errors(text)
    lines = [f.span.line for f in found]
    # (the schemas have no enums: restartPolicy: Sometimes is the API server's to reject)
    assert lines == [6, 10, 11, 12], [f.message for f in found]
    assert "remove the quotes: true" in found[0].message
    assert "did you mean 'imagePullPolicy'?" in found[1].message
    assert 'got the string "80"' in found[2].message


def test_wrong_shape_mapping_instead_of_list():
    text = ("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n"
            "    name: a\n    image: busybox\n")
    [f] = errors(text)
    assert f.span.line == 6 and "expected a list, got a mapping" in f.message


# --------------------------------------------------------------------------- YAML 1.1


def pod_env(value: str) -> str:
    return ("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n"
            "  - name: a\n    image: busybox\n    env:\n    - name: FLAG\n"
            f"      value: {value}\n")


@pytest.mark.parametrize("word, read", [("yes", "true"), ("no", "false"), ("on", "true"),
                                        ("off", "false"), ("Y", "true")])
def test_yaml11_boolean_in_a_string_field(word, read):
    [f] = errors(pod_env(word))
    assert where(f) == (10, 14)
    assert f"kubectl reads the unquoted {word} as the boolean {read} (YAML 1.1)" in f.message
    assert f'quote it: "{word}"' in f.message and f.severity.name == "HIGH"
    assert errors(pod_env(f'"{word}"')) == []


def test_plain_true_and_numbers_in_a_string_field():
    [f] = errors(pod_env("true"))
    assert 'got the boolean true; quote it: "true"' in f.message
    [g] = errors(pod_env("8080"))
    assert 'got the number 8080; quote it: "8080"' in g.message
    [h] = errors(pod_env("1.10"))
    assert "read as 1.1" in h.message


def test_yaml11_octal_in_a_string_field():
    text = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  mode: 0644\n"
    [f] = errors(text)
    assert where(f) == (5, 9)
    assert "reads the unquoted 0644 as the octal number 420" in f.message
    assert 'quote it: "0644"' in f.message


def test_octal_in_an_integer_field_is_what_kubectl_reads():
    text = ("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n"
            "  - {name: a, image: busybox}\n  volumes:\n  - name: s\n"
            "    secret: {secretName: s, defaultMode: 0400}\n")
    assert errors(text) == []


def test_yaml11_boolean_in_a_boolean_field_is_a_low_finding():
    text = ("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  hostNetwork: on\n"
            "  automountServiceAccountToken: no\n  containers:\n  - {name: a, image: busybox}\n")
    found = errors(text)
    assert [where(f) for f in found] == [(5, 16), (6, 33)]
    assert all(f.severity.name == "LOW" for f in found)
    assert "only for YAML 1.1 readers" in found[0].message and "write true" in found[0].message
    assert "write false" in found[1].message


def test_sexagesimal_in_a_string_field_is_a_low_finding():
    [f] = errors(pod_env("22:22"))
    assert where(f) == (10, 14) and f.severity.name == "LOW"
    assert "base-60 number 1342" in f.message and 'quote it: "22:22"' in f.message


def test_sexagesimal_in_an_integer_field_is_a_type_error():
    text = ("apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n"
            "  ports:\n  - port: 22:22\n")
    [f] = errors(text)
    assert f.severity.name == "HIGH" and "expected an integer" in f.message
    assert "base-60" in f.message


def test_yaml11_boolean_key_in_a_string_map():
    text = ("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  labels:\n"
            "    on: 'x'\ndata: {a: b}\n")
    [f] = errors(text)
    assert where(f) == (6, 5) and 'the key becomes "true"' in f.message
    assert f.severity.name == "LOW"


# ---------------------------------------------------- things that must not be reported


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
    assert errors(text) == []


def test_custom_resource_definition_itself_is_validated():
    text = """\
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
spec:
  group: example.com
  names: {kind: Widget, plural: widgets}
  scope: Namespaced
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        x-kubernetes-preserve-unknown-fields: true
        properties:
          spec:
            type: object
            properties:
              size: {x-kubernetes-int-or-string: true, default: 1, example: {a: 1}}
"""
    assert errors(text) == []
    assert skipped(text) == []
    assert errors(text.replace("served: true", "served: yes please"))


def test_custom_resources_are_skipped_once_per_kind_per_file():
    text = ("apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata: {name: a}\n"
            "spec: {bogus: 1}\n---\n"
            "apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata: {name: b}\n---\n"
            "apiVersion: cert-manager.io/v1\nkind: Issuer\nmetadata: {name: i}\n")
    assert errors(text) == []
    found = skipped(text)
    assert [(f.span.line, f.severity.name) for f in found] == [(2, "INFO"), (11, "INFO")]
    assert "Certificate (cert-manager.io/v1) not validated" in found[0].message
    assert "custom resource" in found[0].message


def test_removed_api_version_of_a_builtin_kind_is_skipped_with_the_served_versions():
    text = ("apiVersion: extensions/v1beta1\nkind: Deployment\nmetadata: {name: d}\n"
            "spec: {replicas: '1'}\n")
    assert errors(text) == []
    [f] = skipped(text)
    assert "serves Deployment as apps/v1 only" in f.message


def test_kustomize_patches_are_checked_for_names_and_types_only():
    patch = ("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n"
             "  template:\n    spec:\n      containers:\n      - name: web\n"
             "        resources: {limits: {memory: 1Gi}}\n        imagePullpolicy: Always\n")
    [f] = errors(patch)
    assert "did you mean 'imagePullPolicy'?" in f.message
    # named like a patch: required fields are not asked for, even with images written
    named = ("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n"
             "  template:\n    spec:\n      containers:\n      - name: web\n"
             "        image: nginx:1.27\n")
    assert [f.message for f in errors(named)] == [
        "Deployment 'web': spec: missing required field 'selector'"]
    assert errors(named, filename="overlays/prod/web-patch.yaml") == []
    delete = "apiVersion: v1\nkind: Service\nmetadata: {name: s}\n$patch: delete\n"
    assert errors(delete) == []
    replicas = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec: {replicas: 3}\n"
    assert errors(replicas) == []


# ----------------------------------------------------------- lists and multiple documents


def test_list_items_are_validated_at_their_own_lines():
    text = """\
apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: ConfigMap
  metadata: {name: a}
  data: {enabled: yes}
- apiVersion: v1
  kind: Service
  metadata: {name: s}
  spec:
    ports:
    - port: "80"
- apiVersion: example.com/v1
  kind: Widget
  metadata: {name: w}
"""
    found = errors(text)
    assert [where(f) for f in found] == [(7, 19), (13, 13)]
    assert found[0].message.startswith("ConfigMap 'a': data.enabled:")
    assert found[1].message.startswith("Service 's': spec.ports[0].port:")
    [s] = skipped(text)
    assert s.span.line == 15 and "Widget" in s.message


def test_typed_list_items_are_not_reported_twice():
    text = ("apiVersion: v1\nkind: ConfigMapList\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n"
            "  metadata: {name: a}\n  data: {num: 1}\n")
    assert [f.span.line for f in errors(text)] == [7]


def test_multi_document_lines_are_exact():
    text = ("---\n# first\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {a: b}\n"
            "---\n---\napiVersion: v1\nkind: Secret\nmetadata: {name: s}\ntype: Opaque\n"
            "stringData:\n  password: 1234\n...\n---\napiVersion: v1\nkind: ServiceAccount\n"
            "metadata: {name: sa}\nautomountServiceAccountToken: 'false'\n")
    found = errors(text)
    assert [where(f) for f in found] == [(14, 13), (20, 31)]


def test_very_deep_nesting_does_not_crash_the_rule():
    text = ("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  x: "
            + "[" * 900 + "]" * 900 + "\n")
    found = [f for f in lint_text("k8s.yaml", text, ENGINE) if f.code in ("SL007", "SL390")]
    assert found and all(f.code == "SL390" for f in found)


# ------------------------------------------------------------------------- versions


def test_kubernetes_version_option_selects_the_schema():
    text = ("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n"
            "  - name: a\n    image: busybox\n    lifecycle:\n      stopSignal: SIGUSR1\n")
    assert errors(text, engine("1.33")) == []
    [f] = errors(text, engine("1.32"))
    assert "unknown field 'stopSignal'" in f.message
    assert errors(text, engine("v1.33.2")) == []
    assert errors(text, engine("latest")) == []


def test_default_version_is_shipped():
    assert k8s_schema.DEFAULT_VERSION in k8s_schema.versions()


def test_unknown_version_is_one_info_per_file():
    text = ("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {a: 1}\n---\n"
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n")
    eng = engine("1.20")
    assert errors(text, eng) == []
    [f] = skipped(text, eng)
    assert f.span.line == 2 and "no schemas for Kubernetes version '1.20'" in f.message
    [g] = skipped(text, engine(1.3))
    assert "quoted string" in g.message


def test_normalize_version():
    assert k8s_schema.normalize_version("1.31") == "1.31"
    assert k8s_schema.normalize_version(" v1.31.4 ") == "1.31"
    assert k8s_schema.normalize_version(1.31) is None
    assert k8s_schema.normalize_version("next") is None


def test_without_the_schemas_the_rules_are_silent(monkeypatch):
    monkeypatch.setattr(k8s_schema, "available", lambda: False)
    text = deployment(replicas='"3"') + "---\napiVersion: x.io/v1\nkind: X\nmetadata: {name: x}\n"
    assert errors(text) == [] and skipped(text) == []


def test_schemas_are_cached_per_version():
    assert k8s_schema.schema_set("1.33") is k8s_schema.schema_set("1.33")
    sets = k8s_schema.schema_set("1.33")
    name = sets.definition("apps/v1", "Deployment")
    assert sets.validator(name) is sets.validator(name)
    assert k8s_schema.schema_set("0.1") is None


# ---------------------------------------------------------------------------- corpus

KUBE_CORPUS = CORPUS / "kubernetes"


@pytest.mark.slow
@pytest.mark.skipif(not KUBE_CORPUS.is_dir(), reason="../shared/corpus not present")
def test_corpus_quick_check_agrees_with_jsonschema_and_nothing_crashes():
    """The fast validity check must never call an object valid that jsonschema rejects; the
    rule must not fail on any corpus object."""
    sets = k8s_schema.schema_set(k8s_schema.DEFAULT_VERSION)
    checked = 0
    for name in sorted(os.listdir(KUBE_CORPUS)):
        path = KUBE_CORPUS / name
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        docs, _ = load(text)
        objects, _ = build(str(path), docs)
        for obj in objects:
            definition = sets.definition(obj.api_version, obj.kind)
            if definition is None or obj.is_list:
                continue
            data = k8s_schema.to_json(obj.node)
            fast = k8s_schema._valid(sets.fast(definition), data)
            full = next(iter(sets.validator(definition).iter_errors(data)), None) is None
            assert fast == full, (name, obj.kind, obj.name)
            k8s_schema.validate(obj, sets)
            checked += 1
    assert checked > 1500


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
