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
import re

from linter.entrypoints import modules_in
from linter.rule import Rule

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterable

#: the module of one rule: its code, then its name in snake case
RULE_MODULE = re.compile(r"^sl\d{3,}_[a-z0-9_]+$")

_by_family: dict[str, list[Rule]] = {}
_by_module: dict[str, Rule] = {}


def families() -> list[str]:
    """The rule families: the packages of this folder."""
    return sorted(modules_in(__path__)[1])


def _modules(name: str) -> list[str]:
    """The rule modules of a family, by name (its packages' too, at any depth)."""
    package = importlib.import_module(f"{__name__}.{name}")
    modules, packages = modules_in(package.__path__)
    found = [f"{package.__name__}.{m}" for m in modules if RULE_MODULE.match(m)]
    for sub in packages:
        found += _modules(f"{name}.{sub}")
    return sorted(found)


def _rule(module_name: str) -> Rule:
    rule = _by_module.get(module_name)
    if rule is None:
        module = importlib.import_module(module_name)
        rule = _by_module[module_name] = module.RULE
        rule.module = module.__name__
    return rule


def _family(name: str) -> list[Rule]:
    found = _by_family.get(name)
    if found is None:
        found = _by_family[name] = [_rule(m) for m in _modules(name)]
    return found


def _kinds(package, module_name: str) -> tuple[str, ...] | None:
    """The kinds of file a family's rule module checks, without importing it: the family's
    ``RULE_FORMATS`` (by rule code, for a rule that checks fewer kinds than its family, such
    as the runtime rules that judge Compose and Kubernetes but not Dockerfiles), else the
    family's ``FORMATS``; ``None``: every kind."""
    return getattr(package, "RULE_FORMATS", {}).get(_code(module_name),
                                                     getattr(package, "FORMATS", None))


def rules_for(formats: Iterable[str], texts: Iterable[bytes] | None = None) -> list[Rule]:
    """The rules that check these kinds of file (``dockerfile``, ``compose``,
    ``kubernetes``): each family's package names its kinds in ``FORMATS``, and in
    ``RULE_FORMATS`` those of a rule that checks fewer (tests/test_startup.py checks every
    rule keeps to them), so a run over one Dockerfile imports a third of the pack.
    ``texts``: the contents of every file the run lints, when known; a family that declares
    ``MARKERS`` (the control plane's) is left out when none of them holds one, and so is a
    rule the family's ``RULE_MARKERS`` names (by code) when none holds one of its markers.
    Only a run without configuration chooses its rules so (``linter.cli``), and such a run
    runs the default set: a rule its family's ``OFF_BY_DEFAULT`` names (opt-in, or not
    released yet) is left out, and so is a family that judges what only a configuration or
    the kinds in its ``LINKED_BY`` can tie (the checks across formats) from a run over none
    of those kinds."""
    wanted = set(formats)
    lowered = None if texts is None else [t.lower() for t in texts]

    def held(markers: Iterable[str] | None) -> bool:
        return markers is None or lowered is None or any(
            m.encode() in t for m in markers for t in lowered)

    out: list[Rule] = []
    for name in families():
        package = importlib.import_module(f"{__name__}.{name}")
        kinds = getattr(package, "FORMATS", None)
        if not held(getattr(package, "MARKERS", None)):
            continue
        linked_by = getattr(package, "LINKED_BY", None)
        if linked_by is not None and not wanted & set(linked_by):
            continue
        if kinds is None or wanted & set(kinds):
            by_rule = getattr(package, "RULE_MARKERS", {})
            off = getattr(package, "OFF_BY_DEFAULT", ())
            out.extend(_rule(m) for m in _modules(name)
                       if _code(m) not in off
                       and ((k := _kinds(package, m)) is None or wanted & set(k))
                       and held(by_rule.get(_code(m))))
    return sorted(out, key=lambda r: r.code)


def _code(module_name: str) -> str:
    """The code of the rule a module holds, from its name (``...sl404_x`` -> ``SL404``)."""
    return module_name.rsplit(".", 1)[-1].split("_", 1)[0].upper()


def _collect() -> list[Rule]:
    return sorted((r for name in families() for r in _family(name)), key=lambda r: r.code)


def __getattr__(name: str) -> list[Rule]:
    if name == "RULES":  # every rule, imported when first asked for
        rules = _collect()
        globals()["RULES"] = rules
        return rules
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
