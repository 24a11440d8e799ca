"""The engine's own rules: problems found while reading files, not by a rule pack.

One module per rule (``sl001_parse_error.py``), declared like every other rule; parsers and
the pipeline report them as ``Problem`` objects (see ``linter.findings``).
"""

from __future__ import annotations

import importlib

from ..entrypoints import modules_in
from ..rule import Rule


def _collect() -> dict[str, Rule]:
    found: dict[str, Rule] = {}
    modules, packages = modules_in(__path__)  # not pkgutil: start-up (issue #14)
    for name in sorted(modules + packages):
        module = importlib.import_module(f"{__name__}.{name}")
        rule = module.RULE
        rule.module = module.__name__
        found[rule.name] = rule
    return found


#: by name (the ``Problem.rule`` of parsers)
CORE_RULES: dict[str, Rule] = _collect()
