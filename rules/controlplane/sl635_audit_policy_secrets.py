"""SL635 audit-policy-secrets: the audit policy logs Secret contents, or no Secret access."""

from __future__ import annotations

from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.kubernetes import KubeObject
from linter.yaml import YMapping, YScalar, YSequence

from .controls import CIS, cis

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

_DOC = "https://kubernetes.io/docs/tasks/debug/debug-cluster/audit/"
#: what a rule's level records of a request
_BODIES = ("Request", "RequestResponse")
#: restrictions that make a rule match only some requests
_NARROWING = ("users", "userGroups", "verbs", "namespaces")

RULE = Rule(
    code="SL635",
    name="audit-policy-secrets",
    severity=Severity.HIGH,
    summary="Audit policy writes Secret contents to the log, or does not audit Secrets",
    rationale=(
        "The first rule of an audit Policy that matches a request sets its level. At Request "
        "or RequestResponse, requests on Secrets (and TokenReviews, which carry bearer tokens) "
        "are logged with their bodies: every Secret value ends up in the audit log and its "
        "backups. At None, or with no matching rule, access to Secrets leaves no trace. The "
        "CIS Benchmark asks for Metadata."),
    remediation=(
        "Put a rule for `secrets` and `configmaps` (group \"\") and `tokenreviews` (group "
        "authentication.k8s.io) at `level: Metadata` before the rules that log bodies."),
    references=[
        _DOC,
        "https://kubernetes.io/docs/reference/config-api/apiserver-audit.v1/",
        cis("3.2.2", "Ensure that the audit policy covers key security concerns"),
        CIS,
    ],
    aliases={"cis": "3.2.2"},
    related={"kics": "Audit Policy Not Cover Key Security Concerns"},
    tags=["control-plane", "secrets"],
    failing=lambda: [
        Example("audit-policy.yaml",
                "apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n- level: RequestResponse\n"),
        Example("audit-policy.yaml",
                "apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n- level: None\n"
                "  resources:\n  - group: \"\"\n    resources: [secrets]\n- level: Metadata\n"),
    ],
    passing=lambda: [
        Example("audit-policy.yaml",
                "apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n- level: Metadata\n"
                "  resources:\n  - group: \"\"\n    resources: [secrets, configmaps]\n"
                "  - group: authentication.k8s.io\n    resources: [tokenreviews]\n"
                "- level: RequestResponse\n"),
    ],
)

#: (API group, resource, what it holds) of the requests the control is about
_SENSITIVE = (("", "secrets", "Secret values"),
              ("authentication.k8s.io", "tokenreviews", "bearer tokens"))


def _names(node) -> list[str] | None:
    if node is None:
        return None
    if not isinstance(node, YSequence):
        return []
    return [i.as_str() for i in node.items if isinstance(i, YScalar) and i.value is not None]


def _matches(rule: YMapping, group: str, resource: str) -> bool:
    """Whether an audit rule can match requests on ``group``/``resource``."""
    if rule.get("nonResourceURLs") is not None:
        return False
    kinds = rule.get("resources")
    if kinds is None:
        return True
    if not isinstance(kinds, YSequence):
        return False
    for kind in kinds.items:
        if not isinstance(kind, YMapping):
            continue
        g = kind.get("group")
        g_text = g.as_str() if isinstance(g, YScalar) else ""
        if g_text not in (group, "*"):
            continue
        names = _names(kind.get("resources"))
        if names is None or any(n in ("*", resource, f"{resource}/*") for n in names):
            return True
    return False


def _narrowed(rule: YMapping) -> bool:
    if any(rule.get(k) is not None for k in _NARROWING):
        return True
    kinds = rule.get("resources")
    return isinstance(kinds, YSequence) and any(
        isinstance(k, YMapping) and k.get("resourceNames") is not None for k in kinds.items)


@RULE.check(KubeObject)
def check(obj: KubeObject) -> Iterator[Hit]:
    if obj.group != "audit.k8s.io" or obj.kind != "Policy" or obj.fragment:
        return
    rules = obj.node.get("rules")
    if not isinstance(rules, YSequence):
        return
    for group, resource, holds in _SENSITIVE:
        for rule in rules.items:
            if not isinstance(rule, YMapping) or not _matches(rule, group, resource):
                continue
            level_node = rule.get("level")
            level = level_node.as_str() if isinstance(level_node, YScalar) else ""
            at = level_node if level_node is not None else rule
            if level in _BODIES:
                yield Hit(at, f"the first audit rule that matches {resource} logs at {level}: "
                              f"{holds} are written to the audit log; add a rule for "
                              f"{resource} at level: Metadata before it", fix="level: Metadata")
                break
            if _narrowed(rule):
                continue  # the requests it leaves out fall through to the next rules
            if level == "None" and resource == "secrets":
                yield Hit(at, "the first audit rule that matches secrets is level: None: "
                              "access to Secrets is not audited; log secrets at level: "
                              "Metadata", severity=Severity.MEDIUM, fix="level: Metadata")
            break
        else:
            if resource == "secrets":
                yield Hit(obj.node.entry("rules").key, "no audit rule matches secrets, so "
                          "access to Secrets is not audited; add a rule for secrets at level: "
                          "Metadata", severity=Severity.MEDIUM)
