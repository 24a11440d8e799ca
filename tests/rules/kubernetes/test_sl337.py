"""SL337 default-service-account-bound: RBAC gives rights to the default account pods run as."""

from __future__ import annotations

from helpers import catches, catches_not
from linter.rules.kubernetes.examples import container, deployment
from linter.rules.kubernetes.rbac import binding

APP = deployment(container()).replace("  name: web\n", "  name: web\n  namespace: shop\n", 1)
BOUND = binding("ClusterRoleBinding", "ClusterRole", "view",
                "{kind: ServiceAccount, name: default, namespace: shop}")


def test_the_binding_subject_is_the_line_at_fault():
    [f] = catches("SL337", "k8s.yaml", APP + "---\n" + BOUND)
    assert f.span.line == 26  # `- {kind: ServiceAccount, name: default, ...}`
    assert ("grants rights to the default ServiceAccount of namespace 'shop'; "
            "Deployment 'web' runs as that account") in f.message


def test_pods_of_another_namespace_or_account_or_without_token():
    catches_not("SL337", "k8s.yaml", APP.replace("namespace: shop", "namespace: other") + "---\n" + BOUND)
    catches_not("SL337", "k8s.yaml", APP.replace("    spec:\n", "    spec:\n      serviceAccountName: web\n", 1)
                + "---\n" + BOUND)
    opted_out = ("---\napiVersion: v1\nkind: ServiceAccount\nmetadata: {name: default, namespace: shop}\n"
                 "automountServiceAccountToken: false\n")
    catches_not("SL337", "k8s.yaml", APP + "---\n" + BOUND + opted_out)


def test_unnamed_namespaces_relate_within_a_directory(tmp_path):
    from helpers import RULES
    from linter.engine import Engine, select_rules
    from linter.runner import lint_paths

    app = deployment(container())
    rb = binding("RoleBinding", "Role", "reader", "{kind: ServiceAccount, name: default}")
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "app.yaml").write_text(app)
    (tmp_path / "a" / "rbac.yaml").write_text(rb)
    (tmp_path / "b" / "rbac.yaml").write_text(rb)  # another application's default account
    report = lint_paths([str(tmp_path)], Engine(select_rules(RULES, select=["SL337"])))
    assert [f.path.rsplit("/", 2)[-2] for f in report.findings if f.code == "SL337"] == ["a"]
