"""The JSON format: one object with the version, the file count and every finding.

Keys come in a fixed order and the output is ASCII-only (non-ASCII is ``\\u``-escaped), so it
is byte-for-byte stable and survives any console encoding.
"""

from __future__ import annotations

import json

from .. import __version__
from ..engine import scrub
from ..findings import Finding

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Any


def finding_dict(f: Finding) -> dict[str, Any]:
    s = f.span
    out = {
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
    if f.subject is not None:  # what an exception in the configuration can name
        # names are file text: one that holds a token is withheld like any message
        about = {k: scrub(v) for k, v in f.subject._asdict().items() if v is not None}
        if about:
            out["subject"] = about
    if f.preview:  # a rule newer than the pinned rule set: reported, never failing
        out["new_since_rule_set"] = f.preview
    return out


def _suppressed(f: Finding, kind: str, justification: str | None = None) -> dict[str, Any]:
    out = {**finding_dict(f), "suppression": kind}
    if justification:  # the reason an exception or a suppression comment gives (file text:
        out["justification"] = scrub(justification)  # a token in it is withheld)
    return out


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
        doc["suppressed"] = [_suppressed(f, kind, *why) for f, kind, *why in suppressed]
    if ledger is not None:
        doc["ledger"] = ledger
    return json.dumps(doc, indent=2, ensure_ascii=True) + "\n"
