"""shiplint's built-in rule pack (installed as ``linter.rules``).

The rule code is the address: every rule is one module named by its code and name, in the
folder of its family, ``rules/<family>/sl404_container_name_with_replicas.py``, holding the
rule's metadata, its examples and its checks. What several rules of a family share sits
beside them in a module named for what it does (``compose/ordering.py``,
``kubernetes/pss.py``, ``secrets/scan.py``).

Families: ``dockerfile``, ``compose`` and ``kubernetes`` hold the rules of one format;
``runtime`` the container runtime-security concepts Compose and Kubernetes share (and the
root user and resource limits, which Dockerfiles have too); ``images`` the image references
of all three formats; ``secrets`` the secrets written in any of them.

Adding a rule is adding a module, with no list to keep in step: every module whose name
starts with a rule code (``sl404_``) is imported and its ``RULE`` taken. The engine finds
the pack through the ``shiplint.rules`` entry point, like any other.
"""

from __future__ import annotations

import importlib
import pkgutil
import re

from linter.rule import Rule

#: the module of one rule: its code, then its name in snake case
RULE_MODULE = re.compile(r"^sl\d{3,}_[a-z0-9_]+$")


def _collect() -> list[Rule]:
    found: list[Rule] = []
    for info in sorted(pkgutil.walk_packages(__path__, __name__ + "."), key=lambda i: i.name):
        if info.ispkg or not RULE_MODULE.match(info.name.rsplit(".", 1)[-1]):
            continue
        module = importlib.import_module(info.name)
        rule = module.RULE
        rule.module = module.__name__
        found.append(rule)
    return sorted(found, key=lambda r: r.code)


RULES = _collect()
