"""Helpers of linter.rules.kubernetes.pss and the siblings of a file's objects."""

from __future__ import annotations

import pytest

from linter import yaml
from linter.kubernetes import build
from linter.rules.kubernetes.pss import (cap_name, host_path_risk, label_map, map_selects,
                                   normalise_host_path, selector_matches)


def objects(text: str):
    docs, _ = yaml.load(text)
    return build("k.yaml", docs)[0]


def test_siblings_are_every_object_of_the_file_lists_included():
    objs = objects("apiVersion: v1\nkind: Service\nmetadata: {name: s}\n---\n"
                   "apiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: ConfigMap, metadata: {name: c}}\n")
    assert [o.kind for o in objs] == ["Service", "List", "ConfigMap"]
    assert all(o.siblings is objs for o in objs)


@pytest.mark.parametrize("text,name", [("CAP_SYS_ADMIN", "SYS_ADMIN"), ("sys_admin", "SYS_ADMIN"),
                                       (" net_raw ", "NET_RAW"), ("ALL", "ALL")])
def test_cap_name(text, name):
    assert cap_name(text) == name


@pytest.mark.parametrize("path,risk", [
    ("/var/run/docker.sock", "socket"), ("/run/containerd/containerd.sock", "socket"),
    ("/var/run/", "socket"), ("\\\\.\\pipe\\docker_engine", "socket"),
    ("/", "sensitive"), ("/etc/", "sensitive"), ("//proc", "sensitive"),
    ("/var/lib/kubelet/pods", "sensitive"), ("/root/.ssh", "sensitive"),
    ("/etc/localtime", None), ("/data", None), ("/var/lib/longhorn", None), ("/dev/fuse", None),
])
def test_host_path_risk(path, risk):
    assert host_path_risk(path) == risk


def test_normalise_host_path():
    assert normalise_host_path("//etc//kubernetes/") == "/etc/kubernetes"
    assert normalise_host_path("/") == "/"


def _selector(text):
    docs, _ = yaml.load(text)
    return docs[0].root


@pytest.mark.parametrize("sel,labels,expected", [
    ("matchLabels: {a: '1'}", {"a": "1", "b": "2"}, True),
    ("matchLabels: {a: '1'}", {"a": "2"}, False),
    ("matchExpressions: [{key: a, operator: In, values: ['1', '2']}]", {"a": "2"}, True),
    ("matchExpressions: [{key: a, operator: NotIn, values: ['1']}]", {}, True),
    ("matchExpressions: [{key: a, operator: Exists}]", {}, False),
    ("matchExpressions: [{key: a, operator: DoesNotExist}]", {"b": "1"}, True),
    ("matchExpressions: [{key: a, operator: Gt, values: ['1']}]", {"a": "2"}, None),
    ("{}", {"a": "1"}, True),
])
def test_selector_matches(sel, labels, expected):
    assert selector_matches(_selector(sel), labels) is expected


def test_label_maps():
    m = label_map(_selector("{app: web, tier: '1'}"))
    assert m == {"app": "web", "tier": "1"}
    assert map_selects(m, {"app": "web", "tier": "1", "x": "y"})
    assert not map_selects(m, {"app": "web"})
    assert label_map(_selector("{app: [x]}")) is None


def test_openshift_deployment_config_has_a_pod_template():
    [o] = objects("apiVersion: apps.openshift.io/v1\nkind: DeploymentConfig\nmetadata: {name: d}\n"
                  "spec:\n  template:\n    metadata: {labels: {app: d}}\n    spec:\n"
                  "      containers:\n      - {name: c, image: 'x:1'}\n")
    assert o.pod_template is not None and o.pod_template.containers[0].name == "c"
    [crd] = objects("apiVersion: example.com/v1\nkind: DeploymentConfig\nmetadata: {name: d}\n"
                    "spec:\n  template:\n    spec:\n      containers: []\n")
    assert crd.pod_template is None
