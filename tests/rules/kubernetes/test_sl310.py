"""SL310 default-namespace: Object placed in the 'default' namespace."""

from __future__ import annotations

from helpers import catches, catches_not, rbac_role
from linter.rules.kubernetes.examples import container, pod


def test_default_namespace_only_when_written():
    catches_not("SL310", "k8s.yaml", pod(container()))
    catches("SL310", "k8s.yaml", pod(container(), metadata="name: p\nnamespace: default"))
    role_in_default = rbac_role("Role", "- apiGroups: ['']\n  resources: [pods]\n  verbs: [get]\n", "default")
    catches_not("SL310", "k8s.yaml", role_in_default)
