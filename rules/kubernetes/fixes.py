"""Fixes that set a security setting in a pod spec or a container (see ``linter.fix``):
``securityContext.allowPrivilegeEscalation: false``, ``capabilities.drop: [ALL]``, a pod's
``seccompProfile``. What is missing on the way is created (``securityContext:``, then
``capabilities:``...), in the style of the mapping it goes into, block or flow. Nothing that
a ``<<`` merge or an alias brings in is edited: the change would reach every place that
shares it.
"""

from __future__ import annotations

from linter.findings import Autofix
from linter.yaml import YMapping, YScalar, YSequence

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Sequence
    from linter.kubernetes import Container, PodTemplate

# ``linter.fix`` (and its ``difflib``) is imported by the functions below, when a rule makes a
# fix: most runs make none, and the rules that use them are imported by every Kubernetes and
# Compose run (start-up, issue #14).


def _written(m: YMapping, key: str):
    """The entry ``key`` of ``m`` when it is written there (not merged in, its value not an
    alias of a node written elsewhere); ``False`` when it exists but is not; None when
    absent."""
    e = m.entry(key)
    if e is None:
        return None
    from linter.fix import written_in_place

    if e.merged or not written_in_place(e):
        return False
    return e


def set_value(top: YMapping, keys: Sequence[str], leaf: str, description: str, *,
              top_is_value: bool, step: int):
    """A fix that makes ``top[keys[0]]...[keys[-1]]`` the YAML text ``leaf``: the missing
    mappings on the way are created; an existing last key is the caller's business (this
    returns None for it, as for anything it cannot edit safely: a null or scalar on the
    way, a merged or aliased node)."""
    m, value_of_key, parent = top, top_is_value, None
    for i, key in enumerate(keys):
        e = _written(m, key)
        if e is None:
            from linter.fix import add_entry

            edits = add_entry(m, keys[i:], leaf, step=step, value_of_key=value_of_key,
                              parent=parent)
            return Autofix(description, edits, False) if edits else None
        if e is False or i == len(keys) - 1 or not isinstance(e.value, YMapping):
            return None
        m, value_of_key, parent = e.value, True, m
    return None


def _step(c_or_pt, pt: PodTemplate) -> int:
    from linter.fix import indent_step

    return indent_step(c_or_pt.node, pt.node, pt.owner.node)


def container_setting(c: Container, keys: Sequence[str], leaf: str, description: str):
    """``set_value`` under a container's ``securityContext``."""
    return set_value(c.node, ("securityContext", *keys), leaf, description,
                     top_is_value=False, step=_step(c, c.pod))


def pod_setting(pt: PodTemplate, keys: Sequence[str], leaf: str, description: str):
    """``set_value`` under a pod spec's ``securityContext`` (a pod spec of a workload, not a
    template of an Argo workflow, whose securityContext the workflow may set)."""
    if not pt.path or not isinstance(pt.path[-1], str) or pt.path[-1] != "spec":
        return None
    return set_value(pt.node, ("securityContext", *keys), leaf, description,
                     top_is_value=True, step=_step(pt, pt))


def written_false(node: YScalar, description: str) -> Autofix | None:
    """A fix that writes ``false`` in place of the scalar ``node`` (``true``)."""
    s = node.span
    if s.line != s.end_line:
        return None
    from linter.fix import replace

    return Autofix(description, (replace(s, "false"),), False)


def drop_all(c: Container, description: str) -> Autofix | None:
    """A fix that makes the container drop ALL capabilities: ``ALL`` added to its
    ``capabilities.drop`` list, or the list (and what holds it) created."""
    m: YMapping = c.node
    for key in ("securityContext", "capabilities"):
        e = _written(m, key)
        if e is None:
            break
        if e is False or not isinstance(e.value, YMapping):
            return None
        m = e.value
    else:
        entry = _written(m, "drop")
        if entry is False or entry is not None and not isinstance(entry.value, YSequence):
            return None
        if entry is not None:
            from linter.fix import append_item

            edit = append_item(entry.value, "ALL", key=entry.key)
            return Autofix(description, (edit,), False) if edit else None
    return container_setting(c, ("capabilities", "drop"), "[ALL]", description)
