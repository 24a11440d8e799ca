"""SL006 unknown-file-kind: File is not a Dockerfile, Compose file or Kubernetes manifest.

One of the engine's own rules: a parser or the pipeline reports it as a ``Problem``
(see ``linter.findings``), so it has no check of its own.
"""

from __future__ import annotations

from ..findings import Severity
from ..rule import Rule

RULE = Rule(
    code="SL006",
    name="unknown-file-kind",
    severity=Severity.INFO,
    summary="File is not a Dockerfile, Compose file or Kubernetes manifest",
    rationale="A file named on the command line could not be recognised, so no rule ran on it.",
    remediation=(
        "Name the file like a Dockerfile (Dockerfile, *.dockerfile, Containerfile) or a "
        "Compose file (compose.yaml), or make sure the YAML has apiVersion and kind."),
    tags=["correctness"],
    security=False,
    incomplete=True,
)
