"""Opt-in style rules for Compose files (SL420, SL421, SL423-SL425, SL430-SL432).

dclint ships these as warnings; they change nothing Compose does, so shiplint runs them only
when selected (by code, name or dclint ID). Merged keys (``<<: *anchor``) are not counted as
written in the mapping, so anchors never make a file "out of order".
"""

from __future__ import annotations

from linter.yaml import YMapping, YScalar


def written_keys(m: YMapping) -> list[tuple[str, YScalar]]:
    return [(e.key.as_str(), e.key) for e in m.entries
            if not e.merged and isinstance(e.key, YScalar) and e.key.value is not None]


def first_out_of_order(items: list[tuple], key=lambda x: x) -> int | None:
    for i in range(1, len(items)):
        if key(items[i]) < key(items[i - 1]):
            return i
    return None


