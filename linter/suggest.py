""""Did you mean" hints for misspelt keys, rule names and references.

One place for the fuzzy match, so the configuration, the Compose and Kubernetes schema
checks and the reference rules suggest alike.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterable


def closest(word: str, candidates: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The candidate most like ``word`` (difflib ratio at least ``cutoff``), else a candidate
    that differs only in case or ``-``/``_``, else ``None``."""
    import difflib  # only when a hint is written (start-up, issue #14)

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


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment distance between ``a`` and ``b`` (insertions, deletions,
    substitutions and swaps of neighbours cost 1); any distance above ``limit`` is returned
    as ``limit + 1``, and the computation stops as soon as it must exceed it."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return min(prev[-1], limit + 1)


def typo_of(word: str, candidates: Iterable[str]) -> str | None:
    """The candidate ``word`` looks like a typo of: one edit away (two for names of eight
    characters or more), and not ``word`` itself; ``None`` for words under five characters
    (``api``/``app``, ``db``/``dc`` are different names more often than typos). Stricter
    than ``closest``: used where a match is the evidence for a finding, not just a hint."""
    if len(word) < 5:
        return None
    limit = 2 if len(word) >= 8 else 1
    best = None
    for c in candidates:
        if c != word:
            d = edit_distance(word, c, limit)
            if d <= limit and (best is None or d < best[0]):
                best = (d, c)
    return best[1] if best else None
