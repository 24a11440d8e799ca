"""SL317 ingress-nginx-snippet: Ingress injects raw NGINX configuration through a snippet."""

from __future__ import annotations

from helpers import catches


def test_snippet_value_is_not_printed():
    text = ("apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\n  annotations:\n"
            "    nginx.ingress.kubernetes.io/server-snippet: |\n      location /x { content_by_lua_block { } }\n")
    [f] = catches("SL317", "k8s.yaml", text)
    assert f.severity.name == "CRITICAL" and "content_by_lua" not in f.message
