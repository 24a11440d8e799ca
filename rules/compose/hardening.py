"""Opt-in hardening advice for Compose services (SL417-SL419, SL426, SL427).

These are good practice rather than mistakes: most Compose files for development leave them
out on purpose, so they run only when selected (``--select SL417`` or by name or peer ID).
"""

from __future__ import annotations

from linter.compose import Service
from linter.yaml import YMapping, YScalar


def set(node: YMapping, key: str) -> bool:
    v = node.get(key)
    return v is not None and not (isinstance(v, YScalar) and v.value is None) and v.tag != "!reset"


def extends(s: Service) -> bool:
    return set(s.node, "extends")


