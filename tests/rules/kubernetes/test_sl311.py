"""SL311 rbac-wildcard: Role grants '*' verbs or resources."""

from __future__ import annotations

from helpers import catches, catches_not, rbac_role


def test_wildcards_and_their_severity():
    [f] = catches("SL311", "k8s.yaml",
                  rbac_role("ClusterRole", "- apiGroups: ['*']\n  resources: ['*']\n  verbs: ['*']\n"))
    assert f.severity.name == "CRITICAL" and "every verb on every resource" in f.message
    [g] = catches("SL311", "k8s.yaml",
                  rbac_role("ClusterRole", "- apiGroups: [cilium.io]\n  resources: ['*']\n  verbs: [get]\n"))
    assert g.severity.name == "MEDIUM"
    catches_not("SL311", "k8s.yaml",
                rbac_role("Role", "- apiGroups: ['*']\n  resources: [pods]\n  verbs: [get]\n"))


def test_wildcard_in_a_later_rule_is_found():
    text = rbac_role("Role", "- apiGroups: ['']\n  resources: [pods]\n  verbs: [get]\n"
                             "- apiGroups: [apps]\n  resources: [deployments]\n  verbs: ['*']\n")
    [f] = catches("SL311", "k8s.yaml", text)
    assert f.span.line == 12
