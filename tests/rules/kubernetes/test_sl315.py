"""SL315 public-group-binding: Binding grants a role to anonymous or all authenticated users."""

from __future__ import annotations

from helpers import catches, catches_not, rbac_binding


def test_public_groups():
    group = "{kind: Group, name: 'system:authenticated', apiGroup: rbac.authorization.k8s.io}"
    catches("SL315", "k8s.yaml", rbac_binding("ClusterRoleBinding", "edit", group))
    catches_not("SL315", "k8s.yaml", rbac_binding("ClusterRoleBinding", "system:discovery", group))
