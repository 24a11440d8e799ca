"""SL317 ingress-nginx-snippet: raw NGINX configuration injected through annotations."""

from __future__ import annotations

from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.kubernetes import KubeObject

from .pss import mapping

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

RULE = Rule(
    code="SL317",
    name="ingress-nginx-snippet",
    severity=Severity.HIGH,
    summary="Ingress injects raw NGINX configuration through a snippet annotation",
    rationale=(
        "ingress-nginx copies `*-snippet` annotations verbatim into the configuration of the "
        "controller, which runs with access to every TLS key and Secret it serves. Anyone who "
        "may edit an Ingress can then read those secrets or run Lua code in the controller "
        "(CVE-2021-25742, CVE-2023-5043; annotation injection, CVE-2025-1974). Recent "
        "controller releases disable snippets by default for that reason."),
    remediation=(
        "Replace the snippet with the dedicated annotation or ConfigMap option for what it "
        "does (headers, rewrites, auth); keep `allow-snippet-annotations: false` on the "
        "controller."),
    references=["https://github.com/kubernetes/ingress-nginx/issues/7837",
                "https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/"
                "annotations/#configuration-snippet"],
    aliases={"checkov": ["CKV_K8S_152", "CKV_K8S_153", "CKV_K8S_154"]},
    related={"trivy": "KCV-0093"},
    tags=["security", "ingress"],
    failing=lambda: [Example("ing.yaml", "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\n"
                                 "  annotations:\n    nginx.ingress.kubernetes.io/configuration-snippet: |\n"
                                 "      more_set_headers \"X-Frame-Options: DENY\";\nspec:\n"
                                 "  defaultBackend:\n    service: {name: web, port: {number: 80}}\n")],
    passing=lambda: [Example("ing.yaml", "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\n"
                                 "  annotations:\n    nginx.ingress.kubernetes.io/ssl-redirect: 'true'\nspec:\n"
                                 "  defaultBackend:\n    service: {name: web, port: {number: 80}}\n")],
    fragments=True,
)


_PREFIXES = ("nginx.ingress.kubernetes.io/", "nginx.org/")


@RULE.check(KubeObject)
def snippet(o: KubeObject) -> Iterator[Hit]:
    if o.kind != "Ingress" or not o.annotations:
        return
    ann = mapping(o.metadata, "annotations")
    if ann is None:
        return
    for e in ann.entries:
        key = str(e.name or "")
        if key.startswith(_PREFIXES) and (key.endswith("-snippet") or key.endswith("-snippets")):
            text = o.annotations.get(key, "").lower()
            lua = "lua" in text or "alias " in text
            yield Hit(e.key, f"Ingress '{o.name}' injects raw NGINX configuration through "
                             f"annotation '{key}'" + (" (with Lua code or an alias directive)" if lua else ""),
                      severity=Severity.CRITICAL if lua else None,
                      fix="use the dedicated annotation or ConfigMap option instead of a snippet")
