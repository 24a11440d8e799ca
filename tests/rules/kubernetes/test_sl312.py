"""SL312 rbac-escalation-verbs: Role grants bind, escalate or impersonate."""

from __future__ import annotations

from helpers import catches, catches_not, rbac_role


def test_escalation_verbs():
    [f] = catches("SL312", "k8s.yaml",
                  rbac_role("ClusterRole", "- apiGroups: [rbac.authorization.k8s.io]\n"
                                           "  resources: [clusterroles]\n  verbs: [bind]\n"))
    assert f.severity.name == "CRITICAL"
    [g] = catches("SL312", "k8s.yaml",
                  rbac_role("ClusterRole", "- apiGroups: [rbac.authorization.k8s.io]\n"
                                           "  resources: [clusterroles]\n  resourceNames: [view]\n  verbs: [bind]\n"))
    assert g.severity.name == "HIGH" and "resourceNames" in g.message
    catches_not("SL312", "k8s.yaml",
                rbac_role("ClusterRole", "- apiGroups: ['']\n  resources: [pods]\n  verbs: [bind]\n"))
