"""The two schema rules together, SL390 kubernetes-schema-error and SL391
kubernetes-schema-skipped (which of them speaks for an object, the version option they share),
and the schemas of linter.kubernetes.schema they validate with."""

from __future__ import annotations

import os

import pytest

from helpers import CORPUS, catches, catches_not, web_deployment
from linter.kubernetes import build
from linter.kubernetes import schema as k8s_schema
from linter.yaml import load


pytestmark = pytest.mark.skipif(
    not k8s_schema.available(),
    reason="the kubernetes-validate schemas are not installed (extra kubernetes-schemas)")


def test_valid_deployment_has_no_finding():
    catches_not("SL390", "k8s.yaml", web_deployment())
    catches_not("SL391", "k8s.yaml", web_deployment())


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
    catches_not("SL390", "k8s.yaml", text)
    catches_not("SL391", "k8s.yaml", text)
    catches("SL390", "k8s.yaml", text.replace("served: true", "served: yes please"))


def test_custom_resources_are_skipped_once_per_kind_per_file():
    text = ("apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata: {name: a}\n"
            "spec: {bogus: 1}\n---\n"
            "apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata: {name: b}\n---\n"
            "apiVersion: cert-manager.io/v1\nkind: Issuer\nmetadata: {name: i}\n")
    catches_not("SL390", "k8s.yaml", text)
    found = catches("SL391", "k8s.yaml", text)
    assert [(f.span.line, f.severity.name) for f in found] == [(2, "INFO"), (11, "INFO")]
    assert "Certificate (cert-manager.io/v1) not validated" in found[0].message
    assert "custom resource" in found[0].message


def test_removed_api_version_of_a_builtin_kind_is_skipped_with_the_served_versions():
    text = ("apiVersion: extensions/v1beta1\nkind: Deployment\nmetadata: {name: d}\n"
            "spec: {replicas: '1'}\n")
    catches_not("SL390", "k8s.yaml", text)
    [f] = catches("SL391", "k8s.yaml", text)
    assert "serves Deployment as apps/v1 only" in f.message


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
    found = catches("SL390", "k8s.yaml", text)
    assert [(f.span.line, f.span.column) for f in found] == [(7, 19), (13, 13)]
    assert found[0].message.startswith("ConfigMap 'a': data.enabled:")
    assert found[1].message.startswith("Service 's': spec.ports[0].port:")
    [s] = catches("SL391", "k8s.yaml", text)
    assert s.span.line == 15 and "Widget" in s.message


def test_default_version_is_shipped():
    assert k8s_schema.DEFAULT_VERSION in k8s_schema.versions()


def test_unknown_version_is_one_info_per_file():
    text = ("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {a: 1}\n---\n"
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n")
    options = {"kubernetes-schema-error": {"kubernetes-version": "1.20"}}
    catches_not("SL390", "k8s.yaml", text, options=options)
    [f] = catches("SL391", "k8s.yaml", text, options=options)
    assert f.span.line == 2 and "no schemas for Kubernetes version '1.20'" in f.message
    [g] = catches("SL391", "k8s.yaml", text, options={"kubernetes-schema-error": {"kubernetes-version": 1.3}})
    assert "quoted string" in g.message


def test_normalize_version():
    assert k8s_schema.normalize_version("1.31") == "1.31"
    assert k8s_schema.normalize_version(" v1.31.4 ") == "1.31"
    assert k8s_schema.normalize_version(1.31) is None
    assert k8s_schema.normalize_version("next") is None


def test_without_the_schemas_the_rules_are_silent(monkeypatch):
    monkeypatch.setattr(k8s_schema, "available", lambda: False)
    text = web_deployment(replicas='"3"') + "---\napiVersion: x.io/v1\nkind: X\nmetadata: {name: x}\n"
    catches_not("SL390", "k8s.yaml", text)
    catches_not("SL391", "k8s.yaml", text)


def test_schemas_are_cached_per_version():
    assert k8s_schema.schema_set("1.33") is k8s_schema.schema_set("1.33")
    sets = k8s_schema.schema_set("1.33")
    name = sets.definition("apps/v1", "Deployment")
    assert sets.validator(name) is sets.validator(name)
    assert k8s_schema.schema_set("0.1") is None


KUBE_CORPUS = CORPUS / "kubernetes"


def _quick_check_agrees(step: int) -> int:
    """The fast validity check must never call an object valid that jsonschema rejects; the
    rule must not fail on any corpus object. Checks every ``step``-th corpus file; returns
    the number of objects checked."""
    sets = k8s_schema.schema_set(k8s_schema.DEFAULT_VERSION)
    checked = 0
    for name in sorted(os.listdir(KUBE_CORPUS))[::step]:
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
    return checked


@pytest.mark.slow
@pytest.mark.skipif(not KUBE_CORPUS.is_dir(), reason="../shared/corpus not present")
def test_a_sample_of_the_corpus_quick_check_agrees_with_jsonschema():
    """Every 10th corpus file in the default run (a second); the whole corpus (20 s) is
    checked by the test below, which .ci/run runs (``-m exhaustive``)."""
    assert _quick_check_agrees(10) > 150


@pytest.mark.exhaustive
@pytest.mark.skipif(not KUBE_CORPUS.is_dir(), reason="../shared/corpus not present")
def test_corpus_quick_check_agrees_with_jsonschema_and_nothing_crashes():
    assert _quick_check_agrees(1) > 1500
