"""shiplint's built-in rule pack (installed as ``linter.rules``).

One module per concept (or per small family); a concept that exists in several formats is one
rule with one check per format. Cross-format rules sit at the top of the package; the
sub-packages hold rules of one format (``dockerfile``, ``kubernetes``, ``compose``) and the
container runtime-security concepts that Compose and Kubernetes share (``runtime``).

Every ``Rule`` object defined in any module of the package is part of the pack: adding a rule
is adding a module, with no list to keep in step. The engine finds the pack through the
``shiplint.rules`` entry point, like any other.
"""

from __future__ import annotations

import importlib
import pkgutil

from linter.engine import Rule


def _collect() -> list[Rule]:
    found: dict[int, Rule] = {}
    for info in sorted(pkgutil.walk_packages(__path__, __name__ + "."), key=lambda i: i.name):
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if isinstance(value, Rule):
                found.setdefault(id(value), value)
    return sorted(found.values(), key=lambda r: r.code)


RULES = _collect()
