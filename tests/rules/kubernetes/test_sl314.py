"""SL314 cluster-admin-binding: Binding grants the cluster-admin role."""

from __future__ import annotations

from helpers import catches, rbac_binding


def test_cluster_admin_bindings():
    sa = "{kind: ServiceAccount, name: deployer, namespace: ci}"
    [f] = catches("SL314", "k8s.yaml", rbac_binding("ClusterRoleBinding", "cluster-admin", sa))
    assert "ServiceAccount 'deployer'" in f.message and f.severity.name == "HIGH"
    [g] = catches("SL314", "k8s.yaml", rbac_binding("RoleBinding", "cluster-admin", sa))
    assert g.severity.name == "MEDIUM"
