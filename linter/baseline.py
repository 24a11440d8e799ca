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


def write(path: str, findings: list[Finding]) -> None:
    """Write the baseline file (JSON). Raises ``OSError`` when it cannot be written."""
    prints = fingerprints(findings)
    data = {"version": VERSION, "tool": "shiplint", "findings": [
        {"code": f.code, "path": f.path, "fingerprint": p, "message": f.message}
        for f, p in zip(findings, prints)]}
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        json.dump(data, fh, indent=1, ensure_ascii=False)
        fh.write("\n")


class BaselineError(Exception):
    """The baseline file cannot be read or is not a shiplint baseline."""


def load(path: str) -> Counter:
    """The recorded fingerprints (a multiset)."""
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    except OSError as exc:
        raise BaselineError(f"cannot read baseline {path}: {exc.strerror or exc}") from None
    except ValueError as exc:
        raise BaselineError(f"baseline {path} is not JSON: {exc}") from None
    if not isinstance(data, dict) or data.get("tool") != "shiplint" or \
            not isinstance(data.get("findings"), list):
        raise BaselineError(f"{path} is not a shiplint baseline (write one with --write-baseline)")
    return Counter(str(item.get("fingerprint")) for item in data["findings"]
                   if isinstance(item, dict))


def new_findings(findings: list[Finding], known: Counter) -> tuple[list[Finding], int]:
    """(findings not in the baseline, how many were left out because they are in it)."""
    remaining = Counter(known)
    kept, dropped = [], 0
    for f, p in zip(findings, fingerprints(findings)):
        if remaining[p] > 0:
            remaining[p] -= 1
            dropped += 1
        else:
            kept.append(f)
    return kept, dropped
