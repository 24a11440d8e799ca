"""SL325 ingress-without-tls: Ingress serves plain HTTP only (no tls section)."""

from __future__ import annotations

from helpers import catches, catches_not


def test_ingress_tls_by_cloud_annotation():
    ing = ("apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\n%s"
           "spec:\n  defaultBackend: {service: {name: web, port: {number: 80}}}\n")
    catches("SL325", "k8s.yaml", ing % "")
    catches_not("SL325", "k8s.yaml",
                ing % "  annotations: {networking.gke.io/managed-certificates: web-cert}\n")
