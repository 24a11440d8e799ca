"""SL319 duplicate-env-var: Environment variable defined twice in one container."""

from __future__ import annotations

from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.kubernetes import PodTemplate

from .examples import container, pod
from .pss import templated, who

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

RULE = Rule(
    code="SL319",
    name="duplicate-env-var",
    severity=Severity.MEDIUM,
    summary="Environment variable defined twice in one container",
    rationale=(
        "When `env` lists a name twice the last entry wins, so the first one is dead and "
        "misleading; `kubectl apply` merges env entries by name, so editing one of the copies "
        "later can silently leave the other in force."),
    remediation="Keep one entry per variable name.",
    references=["https://kubernetes.io/docs/tasks/inject-data-application/"
                "define-environment-variable-container/"],
    aliases={"kube-linter": "duplicate-env-var", "kube-score": "environment-variable-key-duplication"},
    tags=["correctness"],
    failing=lambda: [Example("pod.yaml", pod(container("env:\n- {name: MODE, value: fast}\n- {name: MODE, value: safe}")))],
    passing=lambda: [Example("pod.yaml", pod(container("env:\n- {name: MODE, value: fast}\n- {name: LEVEL, value: '2'}")))],
    security=False,
)


@RULE.check(PodTemplate)
def duplicate_env(pt: PodTemplate) -> Iterator[Hit]:
    for c in pt.all_containers():
        first: dict[str, int] = {}
        for e in c.env:
            if not e.name or templated(e.name):
                continue
            if e.name in first:
                yield Hit(e.name_span, f"{who(c)} defines environment variable {e.name} twice "
                                       f"(first on line {first[e.name]}); the last one wins",
                          fix="remove one of the entries")
            else:
                first[e.name] = e.name_span.line
