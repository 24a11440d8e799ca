"""The engine's own rules: problems found while reading files, not by a rule pack.

One module per rule (``sl001_parse_error.py``), declared like every other rule; parsers and
the pipeline report them as ``Problem`` objects (see ``linter.findings``).
"""

from __future__ import annotations

import importlib
import pkgutil

from ..rule import Rule


def _collect() -> dict[str, Rule]:
    found: dict[str, Rule] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        rule = module.RULE
        rule.module = module.__name__
        found[rule.name] = rule
    return found


#: by name (the ``Problem.rule`` of parsers)
CORE_RULES: dict[str, Rule] = _collect()
