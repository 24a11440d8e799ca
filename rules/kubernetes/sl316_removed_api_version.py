"""SL316 removed-api-version: an apiVersion the API server no longer serves."""

from __future__ import annotations

from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.kubernetes import KubeObject
from linter.kubernetes import schema as k8s_schema
from linter.yaml import YScalar

from .apiversions import removed, removed_by, target_version

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

RULE = Rule(
    code="SL316",
    name="removed-api-version",
    severity=Severity.HIGH,
    summary="apiVersion removed from Kubernetes",
    rationale=(
        "Beta API versions are removed a few releases after their stable replacement ships. "
        "A manifest that still uses one is rejected by current API servers (`no matches for "
        "kind ... in version ...`), so the deploy fails, usually during a cluster upgrade. Judged for the cluster version "
        "of the `kubernetes-version` setting (default 1.33): an older cluster still serves "
        "what a newer one removed."),
    remediation=(
        "Change `apiVersion` to the stable version named in the finding and adapt the fields "
        "that changed (`kubectl convert` helps); PodSecurityPolicy has no successor object: "
        "use Pod Security Admission namespace labels."),
    references=["https://kubernetes.io/docs/reference/using-api/deprecation-guide/"],
    aliases={"trivy": "KSV-0107", "kube-linter": "no-extensions-v1beta"},
    related={"kube-score": "stable-version",
             "kics": "Object Is Using A Deprecated API Version"},
    tags=["correctness", "upgrade"],
    failing=lambda: [Example("ing.yaml", "apiVersion: extensions/v1beta1\nkind: Ingress\nmetadata: {name: web}\n"
                                 "spec:\n  backend: {serviceName: web, servicePort: 80}\n")],
    passing=lambda: [Example("ing.yaml", "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: web}\n"
                                 "spec:\n  defaultBackend:\n    service: {name: web, port: {number: 80}}\n")],
    security=False,
    fragments=True,
    options={"kubernetes-version": k8s_schema.DEFAULT_VERSION},
)


@RULE.check(KubeObject)
def removed_api(o: KubeObject) -> Iterator[Hit]:
    if removed(o.api_version, o.kind) is None:
        return  # most objects: the target version (an option lookup) is not needed
    gone = removed_by(o.api_version, o.kind, target_version(RULE))
    if gone is None:
        return
    version, replacement = gone
    node = o.node.get("apiVersion")
    at = node if isinstance(node, YScalar) else o.kind_span
    name = f" '{o.name}'" if o.name else ""
    if replacement is None:
        msg = (f"{o.kind}{name} uses apiVersion {o.api_version}, removed in Kubernetes "
               f"{version}; the {o.kind} kind no longer exists")
        fix = "delete it; use Pod Security Admission labels" if o.kind == "PodSecurityPolicy" else "delete it"
    else:
        msg = (f"{o.kind}{name} uses apiVersion {o.api_version}, removed in Kubernetes "
               f"{version}; use {replacement}")
        fix = f"apiVersion: {replacement}"
    yield Hit(at, msg, fix=fix)
