""""Did you mean" hints for misspelt keys, rule names and references.

One place for the fuzzy match, so the configuration, the Compose and Kubernetes schema
checks and the reference rules suggest alike.
"""

from __future__ import annotations

import difflib
from typing import Iterable


def closest(word: str, candidates: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The candidate most like ``word`` (difflib ratio at least ``cutoff``), else a candidate
    that differs only in case or ``-``/``_``, else ``None``."""
    choices = list(candidates)
    close = difflib.get_close_matches(word, choices, n=1, cutoff=cutoff)
    if close:
        return close[0]
    folded = word.lower().replace("-", "_")
    return next((c for c in choices if c.lower().replace("-", "_") == folded), None)


def did_you_mean(word: str, candidates: Iterable[str], cutoff: float = 0.6) -> str:
    """`` (did you mean 'x'?)`` for the closest candidate, or ``""``."""
    match = closest(word, candidates, cutoff)
    return f" (did you mean '{match}'?)" if match else ""
