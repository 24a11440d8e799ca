"""SL004 helm-template: Helm template must be rendered before linting.

One of the engine's own rules: a parser or the pipeline reports it as a ``Problem``
(see ``linter.findings``), so it has no check of its own.
"""

from __future__ import annotations

from ..findings import Severity
from ..rule import Rule

RULE = Rule(
    code="SL004",
    name="helm-template",
    severity=Severity.INFO,
    summary="Helm template must be rendered before linting",
    rationale=(
        "A Helm template is not YAML until `helm template` renders it; linting the raw "
        "template would only report template syntax as YAML errors."),
    remediation=(
        "Lint the chart directory (the one with Chart.yaml) with helm installed, so shiplint "
        "renders it; or run `helm template CHART | shiplint check - --stdin-filename "
        "rendered.yaml`."),
    tags=["correctness"],
    security=False,
    incomplete=True,
)
