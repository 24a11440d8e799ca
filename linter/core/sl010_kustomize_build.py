"""SL010 kustomize-build: Kustomize directory could not be built.

One of the engine's own rules: a parser or the pipeline reports it as a ``Problem``
(see ``linter.findings``), so it has no check of its own.
"""

from __future__ import annotations

from ..findings import Severity
from ..rule import Rule

RULE = Rule(
    code="SL010",
    name="kustomize-build",
    severity=Severity.INFO,
    summary="Kustomize directory could not be built",
    rationale=(
        "What a kustomization deploys is its build: patches change the resources, overlays "
        "stack on bases, generators add objects. Without kustomize or kubectl (or when the "
        "build fails) shiplint lints the files one by one and says so once per directory."),
    remediation=(
        "Install kustomize or kubectl, or fix the error the build reports; "
        "`SHIPLINT_KUSTOMIZE=none` keeps file-by-file linting without this finding."),
    tags=["correctness"],
    security=False,
    incomplete=True,
)
