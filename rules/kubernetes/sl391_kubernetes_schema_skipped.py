"""SL391 kubernetes-schema-skipped: Kubernetes object not validated: no schema for its kind."""

from __future__ import annotations

from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.kubernetes import KubeObject
from linter.kubernetes import schema as k8s_schema

from .schemas import no_schemas, schema_version

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

_INSTALL = "pip install 'shiplint[kubernetes-schemas]'"


RULE = Rule(
    unavailable=no_schemas,
    code="SL391",
    name="kubernetes-schema-skipped",
    severity=Severity.INFO,
    summary="Kubernetes object not validated: no schema for its kind",
    rationale=(
        "Schema validation (SL390) covers the kinds built into Kubernetes. Custom resources "
        "(kinds defined by a CustomResourceDefinition), kinds the chosen Kubernetes version "
        "does not serve and kinds of no Kubernetes version are not validated; this note says "
        "so once per kind and file, so a clean result is not mistaken for a validated one. "
        "It also reports a `kubernetes-version` option for which no schemas are installed. "
        f"Like SL390 it needs the optional schemas (`{_INSTALL}`) and is silent without them."),
    remediation=(
        "Nothing to fix for a custom resource; `--ignore SL391` hides these notes. For a "
        "built-in kind, check the apiVersion against the Kubernetes version you deploy to "
        "(the note names the versions that serve the kind)."),
    references=["https://kubernetes.io/docs/concepts/extend-kubernetes/api-extension/"
                "custom-resources/"],
    aliases={"kube-linter": "schema-validation"},
    tags=["correctness", "kubernetes-schema"],
    failing=lambda: [
        Example("cert.yaml",
                "apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata: {name: c}\n"
                "spec: {secretName: c}\n"),
    ],
    passing=lambda: [
        Example("svc.yaml",
                "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n"
                "  selector: {app: web}\n  ports: [{port: 80, targetPort: http}]\n"),
    ],
    security=False,
    options={"kubernetes-version": k8s_schema.DEFAULT_VERSION},
    opt_in="diagnostics",
    fragments=True,  # a patch goes unvalidated as much as a whole object
)


@RULE.check(KubeObject)
def not_validated(obj: KubeObject) -> Iterator[Hit]:
    if obj.is_list or not k8s_schema.available():
        return
    version, raw = schema_version(RULE)
    sets = k8s_schema.schema_set(version) if version else None
    if sets is None:
        if next((o for o in obj.siblings if not o.is_list), obj) is obj:  # the file's first
            shipped = k8s_schema.versions()
            hint = (" (an unquoted YAML number: write it as a quoted string such as \"1.30\")"
                    if isinstance(raw, float) else "")
            yield Hit(obj.kind_span,
                      f"objects in this file were not validated: no schemas for Kubernetes "
                      f"version {raw!r}{hint}; the installed schemas cover {shipped[0]} to "
                      f"{shipped[-1]} (setting kubernetes-version)")
        return
    if sets.definition(obj.api_version, obj.kind) is not None:
        return
    key = (obj.api_version, obj.kind)
    earlier = next((o for o in obj.siblings if not o.is_list
                    and (o.api_version, o.kind) == key), obj)
    if earlier is not obj:
        return  # once per kind and file
    others = [a for a in sets.kinds.get(obj.kind, []) if a != obj.api_version]
    group = obj.api_version.rpartition("/")[0]
    if others and group in sets.groups:
        msg = (f"{obj.kind} ({obj.api_version}) not validated: Kubernetes {sets.version} "
               f"serves {obj.kind} as {', '.join(others)} only")
    else:
        msg = (f"{obj.kind} ({obj.api_version}) not validated: no schema for it in Kubernetes "
               f"{sets.version} (a custom resource, or a kind Kubernetes does not have)")
    yield Hit(obj.kind_span, msg)
