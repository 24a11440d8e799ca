"""GitLab Code Quality: a JSON array of issues (the Code Climate subset GitLab reads).

Each finding gives ``description``, ``check_name`` (the rule code), ``fingerprint``,
``severity`` (info, minor, major, critical, blocker) and ``location`` with ``path`` (relative
to the repository root when ``root`` is given) and ``lines.begin``. GitLab keeps only the
first issue of a fingerprint and compares fingerprints between branches to tell new issues
from fixed ones, so they are unique per finding and do not contain the line number: see
``common.fingerprints``.
"""

from __future__ import annotations

import json

from ..findings import Finding, Severity
from .common import fingerprints, repo_path
from .text import preview_note

SEVERITIES = {
    Severity.CRITICAL: "blocker",
    Severity.HIGH: "critical",
    Severity.MEDIUM: "major",
    Severity.LOW: "minor",
    Severity.INFO: "info",
}


def render(findings: list[Finding], *, root: str | None = None) -> str:
    issues = []
    for f, fingerprint in zip(findings, fingerprints(findings, root=root)):
        s = f.span
        begin = max(1, s.line)
        issues.append({
            "description": f"{f.code} {f.name}: {f.message or f.name}{preview_note(f)}",
            "check_name": f.code,
            "fingerprint": fingerprint,
            # a preview (a rule newer than the pinned rule set) never fails the run
            "severity": "info" if f.preview else SEVERITIES[f.severity],
            "location": {
                "path": repo_path(f.path, root),
                "lines": {"begin": begin, "end": max(begin, s.end_line)},
            },
        })
    return json.dumps(issues, indent=2, ensure_ascii=True) + "\n"
