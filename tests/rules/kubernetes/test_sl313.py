"""SL313 rbac-sensitive-access: Role grants access that leads to secrets or node control."""

from __future__ import annotations

from helpers import catches, catches_not, rbac_role


def test_secret_access_needs_the_core_group():
    catches("SL313", "k8s.yaml",
            rbac_role("Role", "- apiGroups: ['']\n  resources: [secrets]\n  verbs: [list]\n"))
    catches_not("SL313", "k8s.yaml",
                rbac_role("Role", "- apiGroups: [apps]\n  resources: [secrets]\n  verbs: [list]\n"))
    catches_not("SL313", "k8s.yaml",
                rbac_role("Role", "- apiGroups: ['']\n  resources: [secrets]\n  verbs: [create]\n"))


def test_node_proxy_and_token_minting():
    text = rbac_role("ClusterRole", "- apiGroups: ['']\n  resources: [nodes/proxy, serviceaccounts/token]\n"
                                    "  verbs: [get, create]\n")
    messages = " ".join(f.message for f in catches("SL313", "k8s.yaml", text))
    assert "kubelet API" in messages and "mint service account tokens" in messages


def test_subresources_past_network_policies_and_into_pods():
    from linter.rules.kubernetes.rbac import role
    for resource, verb, words in (("pods/portforward", "create", "port-forward into pods"),
                                  ("pods/ephemeralcontainers", "patch", "ephemeral containers"),
                                  ("services/proxy", "get", "API server's proxy"),
                                  ("services/status", "update", "CVE-2020-8554")):
        [f] = catches("SL313", "k8s.yaml", role("Role", f"- apiGroups: ['']\n  resources: [{resource}]\n"
                                                        f"  verbs: [{verb}]\n"))
        assert words in f.message, f.message
    # logs are what dashboards and log shippers read
    catches_not("SL313", "k8s.yaml", role("ClusterRole", "- apiGroups: ['']\n  resources: [pods/log]\n"
                                                         "  verbs: [get, list, watch, delete]\n"))
