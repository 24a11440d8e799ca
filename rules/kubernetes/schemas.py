"""SL390 kubernetes-schema-error, SL391 kubernetes-schema-skipped: Kubernetes objects checked
against the Kubernetes JSON schema of a chosen version (see ``linter.kubernetes.schema``).

The schemas are an optional extra (``pip install 'shiplint[kubernetes-schemas]'``, which
brings the ``kubernetes-validate`` package and its 22 MB of schemas). Without it both rules
stay silent: a default rule that cannot run must not add a finding to every run, every SARIF
upload and every baseline; ``shiplint explain SL390`` says how to turn it on.
"""

from __future__ import annotations

from linter.engine import Rule
from linter.kubernetes import schema as k8s_schema
from linter.rule import RULE_OPTIONS


def no_schemas() -> str | None:
    if k8s_schema.available():
        return None
    return "the Kubernetes schemas are not installed: pip install 'shiplint[kubernetes-schemas]'"


def schema_version(rule: Rule) -> tuple[str | None, object]:
    """The Kubernetes version ``rule`` validates against (normalised, as written): the
    option of SL390 (kubernetes-schema-error) serves both schema rules, then the rule's own
    option, which falls back to the top-level ``kubernetes-version`` setting."""
    of_sl390 = RULE_OPTIONS.get().get("kubernetes-schema-error", {})
    raw = of_sl390["kubernetes-version"] if "kubernetes-version" in of_sl390 \
        else rule.option("kubernetes-version")
    return k8s_schema.normalize_version(raw), raw


