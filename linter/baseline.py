"""Baselines: record today's findings so that only new ones are reported.

``shiplint check --write-baseline FILE`` writes every current finding as
``{code, path, fingerprint, message}``; ``--baseline FILE`` then leaves out the findings whose
fingerprint is recorded, so a legacy repository can adopt shiplint today and fail only on
what it adds.

The fingerprint is the one the GitLab report uses (``report.common.fingerprints``): a SHA-256
of the rule code, the path and the message with line numbers blanked, plus a counter for
identical findings in one file. It ignores where lines moved, so unrelated edits above a
finding do not make it new. Messages never hold secret values, so neither does the file.
"""

from __future__ import annotations

import json
from collections import Counter

from .findings import Finding
from .report.common import fingerprints

VERSION = 1
#: the largest baseline read (a quarter of a million findings)
MAX_BASELINE_BYTES = 64 * 1024 * 1024


def write(path: str, findings: list[Finding], root: str | None = None) -> None:
    """Write the baseline file (JSON), paths relative to ``root`` (the repository root, so a
    run from a subdirectory matches it). Written to a temporary file renamed over ``path``:
    a reader never sees half of it. Raises ``OSError`` when it cannot be written."""
    from . import atomic
    from .report.common import repo_path
    from .secrets import mask_path

    prints = fingerprints(findings, root=root)
    data = {"version": VERSION, "tool": "shiplint", "findings": [
        {"code": f.code, "path": mask_path(repo_path(f.path, root)), "fingerprint": p,
         "message": f.message} for f, p in zip(findings, prints)]}
    atomic.write_text(path, json.dumps(data, indent=1, ensure_ascii=False) + "\n",
                      prefix=".shiplint-baseline-")


class BaselineError(Exception):
    """The baseline file cannot be read or is not a shiplint baseline."""


def load(path: str) -> Counter:
    """The recorded fingerprints (a multiset)."""
    from .source import Unreadable, read_bytes

    try:
        data = json.loads(read_bytes(path, MAX_BASELINE_BYTES).decode("utf-8"))
    except Unreadable as exc:
        raise BaselineError(f"baseline {path}: {exc}") from None
    except ValueError as exc:  # not UTF-8, not JSON
        raise BaselineError(f"baseline {path} is not JSON: {exc}") from None
    if not isinstance(data, dict) or data.get("tool") != "shiplint" or \
            not isinstance(data.get("findings"), list):
        raise BaselineError(f"{path} is not a shiplint baseline (write one with --write-baseline)")
    return Counter(str(item.get("fingerprint")) for item in data["findings"]
                   if isinstance(item, dict))


def new_findings(findings: list[Finding], known: Counter, root: str | None = None
                 ) -> tuple[list[Finding], list[Finding]]:
    """(findings not in the baseline, the findings left out because they are in it);
    ``root`` as for ``write``."""
    remaining = Counter(known)
    kept, dropped = [], []
    for f, p in zip(findings, fingerprints(findings, root=root)):
        if remaining[p] > 0:
            remaining[p] -= 1
            dropped.append(f)
        else:
            kept.append(f)
    return kept, dropped
