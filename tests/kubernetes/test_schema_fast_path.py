"""The schema check's fast path (``_valid_yaml``, read off the YAML tree) against the
reference it bypasses (``to_json``, then the quick check ``_valid`` on the JSON, then
``jsonschema``): a ``True`` only where the reference says so, the same ambiguous scalars, and
the same errors from ``validate`` on the corpus and on nasty inputs (issue #14)."""

from __future__ import annotations

import json
import random

import pytest

from helpers import CORPUS
from linter.kubernetes import build
from linter.kubernetes import schema as k8s_schema
from linter.parse import looks_like_helm
from linter.yaml import load

pytestmark = pytest.mark.skipif(
    not k8s_schema.available(),
    reason="the kubernetes-validate schemas are not installed (extra kubernetes-schemas)")


def _objects(text: str, path: str = "k8s.yaml"):
    docs, _ = load(text)
    objects, _ = build(path, docs)
    return [o for o in objects if not o.is_list]


def _sets():
    return k8s_schema.schema_set(k8s_schema.DEFAULT_VERSION)


def _reference(obj, sets, monkeypatch):
    """``validate`` through the reference path only."""
    with monkeypatch.context() as m:
        m.setattr(k8s_schema, "_valid_yaml", lambda *a: False)
        return k8s_schema.validate(obj, sets)


def _same_as_reference(obj, sets, monkeypatch) -> bool:
    """Asserts the fast path agrees with the reference on ``obj``; returns its verdict."""
    name = sets.definition(obj.api_version, obj.kind)
    if name is None:
        return False
    fast = sets.fast(name)
    found: list = []
    verdict = k8s_schema._valid_yaml(fast, obj.node, found)
    wanted: list = []
    data = k8s_schema.to_json(obj.node, wanted)
    if verdict:  # "not sure" may be said of anything; "valid" only of what is
        assert k8s_schema._valid(fast, data)
        # only what to_json collects (what _ambiguities reports among it: compared below)
        assert {id(n) for n in found if n is not k8s_schema._RESCAN} <= {id(n) for n in wanted}
    got = k8s_schema.validate(obj, sets)
    want = _reference(obj, sets, monkeypatch)
    assert [(e.span, e.message, e.kind, e.path, e.ambiguous) for e in got] == \
        [(e.span, e.message, e.kind, e.path, e.ambiguous) for e in want]
    return verdict


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus not present")
def test_the_corpus_objects_agree_with_the_reference(monkeypatch):
    sets = _sets()
    verdicts = []
    for path in sorted((CORPUS / "kubernetes").iterdir())[::7]:
        text = path.read_text(encoding="utf-8", errors="replace")
        if looks_like_helm(text):
            continue
        for obj in _objects(text, str(path)):
            verdicts.append(_same_as_reference(obj, sets, monkeypatch))
    assert sum(verdicts) > 100  # the fast path does decide most objects


DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web, on: "x", tier: 22:22}
  annotations: {a: "yes", b: 1:30, c: null}
spec:
  replicas: 3
  paused: no
  progressDeadlineSeconds: 1.0
  revisionHistoryLimit: 0755
  selector: {matchLabels: {app: web}}
  strategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 25%, maxUnavailable: 1}}
  template:
    metadata: {labels: {app: web}}
    spec:
      hostNetwork: on
      dnsPolicy: ClusterFirst
      containers:
      - name: web
        image: nginx:1.27
        imagePullPolicy: Always
        ports: [{containerPort: 80, protocol: TCP, name: http}]
        env: [{name: A, value: "1"}, {name: B, value: null}]
        resources: {limits: {cpu: 500m, memory: 128Mi}, requests: {cpu: 0.1}}
        securityContext: {runAsUser: 1000, readOnlyRootFilesystem: Yes}
"""


def test_yaml11_booleans_sexagesimals_and_odd_numbers(monkeypatch):
    (obj,) = _objects(DEPLOYMENT)
    assert _same_as_reference(obj, _sets(), monkeypatch)
    assert any(e.ambiguous for e in k8s_schema.validate(obj, _sets()))


@pytest.mark.parametrize("change", [
    ("replicas: 3", "replicas: three"),  # a wrong type
    ("replicas: 3", "replicas: [3]"),
    ("replicas: 3", "replicas: {n: 3}"),
    ("type: RollingUpdate", "type: Rolling"),  # not in the enum
    ("imagePullPolicy: Always", "imagePullPolicy: yes"),
    ("protocol: TCP", "protocol: [TCP]"),
    ("dnsPolicy: ClusterFirst", "dnsPolicy: ClusterFirst\n      bogusField: 1"),  # unknown
    ("- name: web\n", "- nam: web\n"),  # a required field missing
    ("paused: no", "paused: 'no'"),
    ("paused: no", "paused: null"),
    ("maxUnavailable: 1", "maxUnavailable: 1.5"),
    ("maxUnavailable: 1", "maxUnavailable: true"),
    ("progressDeadlineSeconds: 1.0", "progressDeadlineSeconds: 1.5"),
    ("labels: {app: web}", "labels: {app: [web]}"),
    ("labels: {app: web}", "labels: {on: web, \"true\": web}"),  # two keys, one JSON key
    ("labels: {app: web}", "labels: {\"true\": [x], on: web}"),
    ("labels: {app: web}", "labels: {? [a]: web}"),  # a key that is no scalar
    ("labels: {app: web}", "labels: {1: web, 2.5: x, null: y}"),
    ("requests: {cpu: 0.1}", "requests: {cpu: {a: b}}"),
    ("replicas: 3", "replicas: !!binary aGVsbG8="),
])
def test_broken_deployments_agree_with_the_reference(monkeypatch, change):
    old, new = change
    assert old in DEPLOYMENT
    for obj in _objects(DEPLOYMENT.replace(old, new, 1)):
        _same_as_reference(obj, _sets(), monkeypatch)


_VALUES = ["yes", "No", "on", "OFF", "y", "n", "1:30", "-1:30:00.5", "0755", "0x1F", "1.0",
           "1e3", ".inf", "null", "~", "''", '"true"', "true", "False", "3", "-3", "abc",
           "[]", "{}", "[on, 1:30]", "{on: off}", "{a: [yes]}", "2024-01-01", "!!str 3"]


def test_random_mutations_agree_with_the_reference(monkeypatch):
    rng = random.Random(14)
    lines = DEPLOYMENT.splitlines()
    sets = _sets()
    for _ in range(150):
        out = list(lines)
        for _ in range(3):
            i = rng.randrange(4, len(out))
            key, sep, _rest = out[i].partition(": ")
            if sep and not key.strip().startswith("-") and "{" not in key:
                out[i] = f"{key}: {rng.choice(_VALUES)}"
        try:
            objects = _objects("\n".join(out) + "\n")
        except Exception:  # pragma: no cover - the mutation broke the YAML itself
            continue
        for obj in objects:
            _same_as_reference(obj, sets, monkeypatch)


def _crd(metadata: str, schema: str) -> str:
    """A CustomResourceDefinition: ``metadata`` and ``openAPIV3Schema`` as YAML lines."""
    return ("apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\n"
            f"metadata:\n{metadata}spec:\n  group: example.com\n"
            "  names: {kind: Widget, plural: widgets}\n  scope: Namespaced\n  versions:\n"
            "  - name: v1\n    served: true\n    storage: true\n    schema:\n"
            f"      openAPIV3Schema:\n{schema}")


def test_a_custom_resource_definition_and_free_form_values(monkeypatch):
    text = _crd("  name: widgets.example.com\n", """\
        type: object
        x-kubernetes-preserve-unknown-fields: true
        properties:
          spec:
            type: object
            default: {on: yes, when: 1:30, list: [no, {off: y}]}
            properties:
              size: {type: integer, enum: [1, 2, 3], example: on}
            items: {type: string, default: off}
""")
    (obj,) = _objects(text)
    assert _same_as_reference(obj, _sets(), monkeypatch)


def test_a_deeply_nested_object_takes_the_reference_path(monkeypatch):
    depth = 400
    text = ("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  a: b\n"
            "binaryData: " + "[" * depth + "]" * depth + "\n")
    for obj in _objects(text):
        try:
            want = _reference(obj, _sets(), monkeypatch)
        except RecursionError:
            with pytest.raises(RecursionError):
                k8s_schema.validate(obj, _sets())
            continue
        assert k8s_schema.validate(obj, _sets()) == want


def test_an_aliased_boolean_key_with_a_null_value(monkeypatch):
    # the key node `on` is null-valued in labels (where _ambiguities reports keys) and
    # repeated by an alias in a value the schema does not look into (a CRD's default)
    text = _crd("  name: widgets.example.com\n  labels:\n    &k on:\n",
                "        type: object\n        default: {a: {*k : x}}\n")
    (obj,) = _objects(text)
    assert _same_as_reference(obj, _sets(), monkeypatch)
    assert any(e.ambiguous and "labels" in e.path for e in k8s_schema.validate(obj, _sets()))


# ------------------------------------------------------- definitions read lazily (issue #14)

@pytest.mark.parametrize("version", k8s_schema.versions())
def test_lazy_definitions_are_json_loads(version):
    """Each definition ``_LazyDefs`` decodes from the file's bytes, and the group-version-kind
    index it reads without decoding them, are what ``json.load`` of the whole file gives."""
    with open(k8s_schema._shipped()[version], "rb") as f:
        data = f.read()
    lazy, eager = k8s_schema.SchemaSet(version, data), k8s_schema.SchemaSet(version,
                                                                             json.loads(data))
    assert isinstance(lazy.defs, k8s_schema._LazyDefs)
    assert (lazy.index, lazy.kinds, lazy.groups) == (eager.index, eager.kinds, eager.groups)
    assert list(lazy.index) == list(eager.index)  # the first definition of a kind wins
    for name, definition in eager.defs.items():
        assert lazy.defs.get(name) == definition, name
        assert name in lazy.defs
    assert lazy.defs.get("io.k8s.api.core.v1.NoSuchThing") is None
    assert "io.k8s.api.core.v1.NoSuchThing" not in lazy.defs
    assert list(lazy.defs) == list(eager.defs)


def test_lazily_compiled_check_is_the_eager_one():
    """``_Lazy`` nodes, compiled as the checks of the other tests read them, are what a fresh
    compiler gives when one walk reads every node reached from a Pod's definition, compared
    field by field."""
    sets = _sets()
    eager = k8s_schema._Compiler(sets.defs)
    name = sets.definition("v1", "Pod")

    def fields(node, seen):
        if id(node) in seen:
            return ("seen", seen[id(node)])
        seen[id(node)] = len(seen)
        assert type(node.exact) is bool and type(node) is k8s_schema._Fast  # compiled
        sub = lambda n: n if isinstance(n, bool) or n is None else fields(n, seen)  # noqa: E731
        return (node.pytypes, node.float_int, node.exact, node.simple, node.required,
                node.enum, tuple((k, sub(v)) for k, v in node.props.items()),
                sub(node.additional), sub(node.items),
                tuple((p.pattern, sub(v)) for p, v in node.patterns),
                tuple(sub(n) for n in node.one_of), tuple(sub(n) for n in node.any_of),
                tuple(sub(n) for n in node.all_of))

    lazy = fields(sets.fast(name), {})
    assert lazy == fields(eager.definition(name), {})
    assert len(str(lazy)) > 10_000  # the walk reached the containers, volumes, probes...
