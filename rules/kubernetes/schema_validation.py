"""SL390 kubernetes-schema-error, SL391 kubernetes-schema-skipped: Kubernetes objects checked
against the Kubernetes JSON schema of a chosen version (see ``linter.kubernetes.schema``).

The schemas are an optional extra (``pip install 'shiplint[kubernetes-schemas]'``, which
brings the ``kubernetes-validate`` package and its 22 MB of schemas). Without it both rules
stay silent: a default rule that cannot run must not add a finding to every run, every SARIF
upload and every baseline; ``shiplint explain SL390`` says how to turn it on.
"""

from __future__ import annotations

from typing import Iterator

from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.kubernetes import KubeObject
from linter.kubernetes import schema as k8s_schema

_INSTALL = "pip install 'shiplint[kubernetes-schemas]'"

def _no_schemas() -> str | None:
    if k8s_schema.available():
        return None
    return "the Kubernetes schemas are not installed: pip install 'shiplint[kubernetes-schemas]'"


RULE = Rule(
    unavailable=_no_schemas,
    code="SL390",
    name="kubernetes-schema-error",
    severity=Severity.HIGH,
    summary="Kubernetes object does not match the API schema",
    rationale=(
        "The API server rejects an object with a field of the wrong type or a missing required "
        "field, and with strict field validation (kubectl's default) an unknown field too; "
        "with older clients or `--validate=false` a misspelt field such as `contianers` or "
        "`imagePullpolicy` is dropped silently, so the setting you wrote never applies. "
        "YAML 1.1, which kubectl reads, adds its own traps: an unquoted `yes`, `on` or `no` is "
        "a boolean, `0755` an octal number, so an env value or a ConfigMap entry that looks "
        "like a string is rejected; YAML 1.2 tools read the same text differently. Every "
        "object of a built-in kind is validated against the schema of the Kubernetes version "
        "set by the `kubernetes-version` option (default 1.33) and every error is reported at "
        "its line. The schemas come from the optional `kubernetes-validate` package: install "
        f"them with `{_INSTALL}`; without them this rule reports nothing."),
    remediation=(
        "Fix the field the finding names: correct the spelling the hint suggests, quote values "
        "that must be strings (`value: \"yes\"`, `mode: \"0644\"`), remove quotes from numbers "
        "(`replicas: 3`), add the missing required field. Choose the Kubernetes version your "
        "cluster runs with `options: {kubernetes-schema-error: {kubernetes-version: \"1.31\"}}` "
        "(quote it: an unquoted 1.30 is the number 1.3)."),
    references=[
        "https://kubernetes.io/docs/reference/kubernetes-api/",
        "https://kubernetes.io/docs/reference/using-api/api-concepts/#field-validation",
        "https://pypi.org/project/kubernetes-validate/",
        "https://yaml.org/type/bool.html",
    ],
    aliases={"kube-linter": "schema-validation"},
    tags=["correctness", "kubernetes-schema"],
    options={"kubernetes-version": k8s_schema.DEFAULT_VERSION},
    failing=[
        Example("deploy.yaml",
                "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n"
                "  replicas: \"3\"\n  selector: {matchLabels: {app: web}}\n  template:\n"
                "    metadata: {labels: {app: web}}\n    spec:\n      contianers:\n"
                "      - name: web\n        image: nginx:1.27\n"),
        Example("pod.yaml",
                "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n"
                "  - image: busybox:1.36\n    env:\n    - name: DEBUG\n      value: yes\n"),
        Example("cm.yaml",
                "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  mode: 0644\n"),
    ],
    passing=[
        Example("deploy.yaml",
                "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n"
                "  replicas: 3\n  selector: {matchLabels: {app: web}}\n  template:\n"
                "    metadata: {labels: {app: web}}\n    spec:\n      containers:\n"
                "      - name: web\n        image: nginx:1.27\n"
                "        ports: [{containerPort: 80}]\n"
                "        resources: {limits: {cpu: 500m, memory: 128Mi}, requests: {cpu: 0.1}}\n"
                "        livenessProbe: {httpGet: {path: /, port: http}}\n"),
        Example("pod.yaml",
                "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n"
                "  - name: app\n    image: busybox:1.36\n    env:\n    - name: DEBUG\n"
                "      value: \"yes\"\n"),
        Example("cert.yaml",
                "apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata: {name: c}\n"
                "spec: {secretName: c, contianers: not-a-kubernetes-kind}\n"),
    ],
)

SKIPPED = Rule(
    unavailable=_no_schemas,
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
    failing=[
        Example("cert.yaml",
                "apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata: {name: c}\n"
                "spec: {secretName: c}\n"),
    ],
    passing=[
        Example("svc.yaml",
                "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n"
                "  selector: {app: web}\n  ports: [{port: 80, targetPort: http}]\n"),
    ],
)


def _version(rule: Rule = RULE) -> tuple[str | None, object]:
    raw = rule.option("kubernetes-version")
    return k8s_schema.normalize_version(raw), raw


@RULE.check(KubeObject)
def schema_errors(obj: KubeObject) -> Iterator[Hit]:
    if obj.is_list or not k8s_schema.available():
        return
    version, _ = _version()
    sets = k8s_schema.schema_set(version) if version else None
    if sets is None:
        return  # SL391 reports the version once per file
    try:
        errors = k8s_schema.validate(obj, sets)
    except RecursionError:  # hundreds of nested levels: not a manifest anyone deploys
        yield Hit(obj.kind_span, f"{obj.kind} not validated: it is nested too deeply",
                  severity=Severity.INFO)
        return
    if not errors:
        return
    what = f"{obj.kind} '{obj.name}'" if obj.name else obj.kind
    for e in errors:
        yield Hit(e.span, f"{what}: {e.message}",
                  severity=Severity.LOW if e.ambiguous else None)


@SKIPPED.check(KubeObject)
def not_validated(obj: KubeObject) -> Iterator[Hit]:
    if obj.is_list or not k8s_schema.available():
        return
    version, raw = _version()
    sets = k8s_schema.schema_set(version) if version else None
    first = next((o for o in obj.siblings if not o.is_list), obj)
    if sets is None:
        if first is obj:
            shipped = k8s_schema.versions()
            hint = (" (an unquoted YAML number: write it as a quoted string such as \"1.30\")"
                    if isinstance(raw, float) else "")
            yield Hit(obj.kind_span,
                      f"objects in this file were not validated: no schemas for Kubernetes "
                      f"version {raw!r}{hint}; the installed schemas cover {shipped[0]} to "
                      f"{shipped[-1]} (option kubernetes-version of kubernetes-schema-error)")
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
