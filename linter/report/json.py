"""The JSON format: one object with the version, the file count and every finding.

Keys come in a fixed order and the output is ASCII-only (non-ASCII is ``\\u``-escaped), so it
is byte-for-byte stable and survives any console encoding.
"""

from __future__ import annotations

import json
from typing import Any

from .. import __version__
from ..findings import Finding


def finding_dict(f: Finding) -> dict[str, Any]:
    s = f.span
    return {
        "code": f.code,
        "name": f.name,
        "severity": str(f.severity),
        "message": f.message,
        "path": f.path,
        "line": s.line,
        "column": s.column,
        "end_line": s.end_line,
        "end_column": s.end_column,
        "fix": f.fix,
    }


def render(findings: list[Finding], *, files_checked: int,
           suppressed: list[tuple[Finding, str]] | None = None,
           ledger: dict[str, Any] | None = None) -> str:
    """The report; ``suppressed`` (asked for with ``--include-suppressed``) adds the findings
    that inline suppressions (``inSource``) or the baseline (``external``) left out, each
    with its ``suppression`` kind, under their own key."""
    doc: dict[str, Any] = {
        "version": __version__,
        "files_checked": files_checked,
        "findings": [finding_dict(f) for f in findings],
    }
    if suppressed:
        doc["suppressed"] = [{**finding_dict(f), "suppression": kind} for f, kind in suppressed]
    if ledger is not None:
        doc["ledger"] = ledger
    return json.dumps(doc, indent=2, ensure_ascii=True) + "\n"
