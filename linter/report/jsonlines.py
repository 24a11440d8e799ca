"""JSON Lines: one finding a line, each a JSON object with the keys of the ``json`` format.

Meant for streaming consumers and editors (``jq -c``, ``while read``). ASCII-only, so a line
break inside a message or path is always ``\\n`` within the string, never a real one. No
findings: empty output.
"""

from __future__ import annotations

import json

from ..findings import Finding
from .json import finding_dict


def render(findings: list[Finding]) -> str:
    return "".join(json.dumps(finding_dict(f), ensure_ascii=True) + "\n" for f in findings)
