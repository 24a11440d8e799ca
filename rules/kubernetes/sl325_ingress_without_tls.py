"""SL325 ingress-without-tls: Ingress serves plain HTTP only (no tls section)."""

from __future__ import annotations

from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.kubernetes import KubeObject

from .pss import mapping, sequence

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

RULE = Rule(
    code="SL325",
    name="ingress-without-tls",
    severity=Severity.LOW,
    summary="Ingress serves plain HTTP only (no tls section)",
    rationale=(
        "An Ingress without `tls` serves its hosts over unencrypted HTTP: credentials, "
        "cookies and data travel in clear text and can be changed on the way."),
    remediation=(
        "Add a `tls` section with the hosts and a certificate Secret (cert-manager can issue "
        "it), and redirect HTTP to HTTPS."),
    references=["https://kubernetes.io/docs/concepts/services-networking/ingress/#tls"],
    aliases={"polaris": "tlsSettingsMissing"},
    tags=["security", "ingress"],
    failing=lambda: [Example("ing.yaml", "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: web}\n"
                                 "spec:\n  rules:\n  - host: shop.example.com\n    http:\n      paths:\n"
                                 "      - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}\n")],
    passing=lambda: [Example("ing.yaml", "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: web}\n"
                                 "spec:\n  tls:\n  - {hosts: [shop.example.com], secretName: shop-tls}\n  rules:\n"
                                 "  - host: shop.example.com\n    http:\n      paths:\n"
                                 "      - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}\n")],
)


#: annotations with which cloud ingress controllers attach certificates outside spec.tls
_TLS_ANNOTATIONS = (
    "networking.gke.io/managed-certificates", "ingress.gcp.kubernetes.io/pre-shared-cert",
    "alb.ingress.kubernetes.io/certificate-arn", "service.beta.kubernetes.io/aws-load-balancer-ssl-cert",
    "appgw.ingress.kubernetes.io/appgw-ssl-certificate",
    "appgw.ingress.kubernetes.io/appgw-trusted-root-certificate",
    "kubernetes.io/ingress.allow-http")


@RULE.check(KubeObject)
def ingress_tls(o: KubeObject) -> Iterator[Hit]:
    if o.kind != "Ingress" or o.group not in ("networking.k8s.io", "extensions"):
        return
    spec = mapping(o.node, "spec")
    if spec is None or sequence(spec, "tls"):
        return
    if any(k in o.annotations for k in _TLS_ANNOTATIONS):
        return  # the cloud load balancer terminates TLS with a certificate named there
    yield Hit(o.name_span, f"Ingress '{o.name}' has no tls section: its hosts are served over "
                           "plain HTTP", fix="add spec.tls with the hosts and a certificate Secret")
