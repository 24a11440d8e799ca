"""SL310 default-namespace: Object placed in the 'default' namespace."""

from __future__ import annotations

from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.kubernetes import KubeObject
from linter.kubernetes.objectset import is_custom_group

from .pss import (
    obj_label,
)

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

RULE = Rule(
    code="SL310",
    name="default-namespace",
    severity=Severity.LOW,
    summary="Object placed in the 'default' namespace",
    rationale=(
        "The default namespace is where everything lands by accident: objects there share "
        "RBAC, quotas and network policies with whatever else was dropped in it, and it is "
        "hard to give them their own. Objects without a namespace are not reported: kubectl "
        "-n, Kustomize and Helm set it at deploy time."),
    remediation="Deploy into a namespace of the application's own (`metadata.namespace: shop`).",
    references=["https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/",
                "CIS Kubernetes Benchmark 5.7.4: The default namespace should not be used"],
    aliases={"cis": "5.7.4"},
    related={"checkov": "CKV_K8S_21", "trivy": "KSV-0110", "kube-linter": "use-namespace",
             "kics": "Using Default Namespace"},
    tags=["isolation"],
    failing=lambda: [Example("svc.yaml", "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n"
                                 "  namespace: default\nspec:\n  selector: {app: web}\n"
                                 "  ports: [{port: 80}]\n")],
    passing=lambda: [Example("svc.yaml", "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n"
                                 "  namespace: shop\nspec:\n  selector: {app: web}\n"
                                 "  ports: [{port: 80}]\n")],
    opt_in="hardening",
)


#: what an application deploys (RBAC objects in 'default' usually grant access *to* it)
_APP_KINDS = frozenset(("Service", "Ingress", "ConfigMap", "Secret", "ServiceAccount",
                        "PersistentVolumeClaim", "HorizontalPodAutoscaler", "PodDisruptionBudget"))


@RULE.check(KubeObject)
def default_namespace(o: KubeObject) -> Iterator[Hit]:
    if o.namespace != "default" or is_custom_group(o.group):
        return
    if o.pod_template is None and o.kind not in _APP_KINDS:
        return
    if not (o.kind == "Service" and o.name == "kubernetes"):
        ns = o.metadata.get("namespace") if o.metadata is not None else None
        yield Hit(ns if ns is not None else o.name_span,
                  f"{obj_label(o)} is placed in the 'default' namespace",
                  fix="use a namespace of the application's own")
