"""SL390 kubernetes-schema-error: Kubernetes object does not match the API schema."""

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
        "cluster runs with `kubernetes-version: \"1.31\"` in the configuration or "
        "`--kubernetes-version 1.31` (quote it in YAML: an unquoted 1.30 is the number 1.3)."),
    references=[
        "https://kubernetes.io/docs/reference/kubernetes-api/",
        "https://kubernetes.io/docs/reference/using-api/api-concepts/#field-validation",
        "https://pypi.org/project/kubernetes-validate/",
        "https://yaml.org/type/bool.html",
    ],
    aliases={"kube-linter": "schema-validation"},
    tags=["correctness", "kubernetes-schema"],
    options={"kubernetes-version": k8s_schema.DEFAULT_VERSION},
    failing=lambda: [
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
    passing=lambda: [
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
    fragments=True,  # a patch is checked for field names and types (looks_like_patch)
)


@RULE.check(KubeObject)
def schema_errors(obj: KubeObject) -> Iterator[Hit]:
    if obj.is_list or not k8s_schema.available():
        return
    version, _ = schema_version(RULE)
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
