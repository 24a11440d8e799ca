"""SL320 service-external-ips: Service sets externalIPs."""

from __future__ import annotations

from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.kubernetes import KubeObject

from .pss import mapping, sequence

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

RULE = Rule(
    code="SL320",
    name="service-external-ips",
    severity=Severity.HIGH,
    summary="Service sets externalIPs",
    rationale=(
        "Any address listed in `externalIPs` is captured by kube-proxy on every node: a "
        "Service can claim the IP of another service, inside or outside the cluster, and "
        "intercept its traffic (CVE-2020-8554). Clusters should deny the field with the "
        "DenyServiceExternalIPs admission plugin."),
    remediation="Use a LoadBalancer Service or an Ingress/Gateway instead of externalIPs.",
    references=["https://kubernetes.io/docs/concepts/services-networking/service/#external-ips",
                "https://github.com/kubernetes/kubernetes/issues/97076"],
    aliases={"trivy": "KSV-0108"},
    tags=["security", "network"],
    failing=lambda: [Example("svc.yaml", "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n"
                                 "  selector: {app: web}\n  ports: [{port: 80}]\n  externalIPs: [203.0.113.10]\n")],
    passing=lambda: [Example("svc.yaml", "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n"
                                 "  type: LoadBalancer\n  selector: {app: web}\n  ports: [{port: 80}]\n")],
    fragments=True,
)


@RULE.check(KubeObject)
def external_ips(o: KubeObject) -> Iterator[Hit]:
    if o.kind != "Service" or o.group != "":
        return
    spec = mapping(o.node, "spec")
    ips = sequence(spec, "externalIPs")
    if ips:
        shown = ", ".join(i.as_str() for i in ips if hasattr(i, "as_str"))
        yield Hit(spec.get("externalIPs"), f"Service '{o.name}' claims externalIPs {shown}; "
                                           "kube-proxy intercepts traffic to them on every node",
                  fix="use a LoadBalancer Service or an Ingress")
