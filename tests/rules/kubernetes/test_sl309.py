"""SL309 service-account-token-mounted: Pod mounts a service account token it may not need."""

from __future__ import annotations

from helpers import catches, catches_not
from linter.rules.kubernetes.examples import container, deployment


def test_token_automount_and_its_opt_outs():
    app = deployment("serviceAccountName: web\n" + container())
    catches("SL309", "k8s.yaml", app)
    sa = "---\napiVersion: v1\nkind: ServiceAccount\nmetadata: {name: web}\nautomountServiceAccountToken: false\n"
    catches_not("SL309", "k8s.yaml", app + sa)
    rb = ("---\napiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: b}\n"
          "roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: r}\n"
          "subjects:\n- {kind: ServiceAccount, name: web}\n")
    catches_not("SL309", "k8s.yaml", app + rb)  # bound to a role: it talks to the API
