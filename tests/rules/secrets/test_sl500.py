"""SL500 well-known-default-secret: guessable defaults found through their context."""

from __future__ import annotations

from helpers import b64, findings_of


def test_kubernetes_container_and_secret_context():
    pod = ("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n"
           "  - name: inventory\n    image: registry.example.com/inventory:1.0\n    env:\n"
           "    - name: DB_PASSWORD\n      value: inventory123\n")
    assert len(findings_of("SL500", "pod.yaml", pod)) == 1
    secret = ("apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata:\n"
              f"  username: {b64('acmeshop')}\n  password: {b64('acmeshop')}\n")
    findings = findings_of("SL500", "secret.yaml", secret)
    assert [f.message.split(" holds")[0] for f in findings] == ["Secret 's' data.password"]


def test_dockerfile_base_image_context():
    text = "FROM registry.example.com/acme/storefront:1.0\nENV STORE_PASSWORD=storefront1\nUSER app\n"
    assert len(findings_of("SL500", "Dockerfile", text)) == 1
