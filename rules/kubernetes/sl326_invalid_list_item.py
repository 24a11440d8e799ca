"""SL326 invalid-list-item: a ``kind: List`` whose items are not Kubernetes objects."""

from __future__ import annotations

from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.suggest import did_you_mean
from linter.kubernetes import KubeObject
from linter.yaml import YMapping, YScalar, YSequence

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

RULE = Rule(
    code="SL326",
    name="invalid-list-item",
    severity=Severity.HIGH,
    summary="List whose items are not Kubernetes objects",
    rationale=(
        "`kubectl apply` reads every item of a List as an object with its own apiVersion and "
        "kind; an items value that is not a list, or an item without apiVersion and kind, "
        "makes the whole apply fail. A List with no `items` at all (a misspelt `itmes:`) "
        "applies nothing, silently. shiplint would also lint nothing in it."),
    remediation="Make `items` a list of complete objects, each with apiVersion, kind and "
                "metadata.name, or split them into documents separated by `---`.",
    references=["https://kubernetes.io/docs/reference/using-api/api-concepts/#collections"],
    aliases={},  # peers skip such lists without a word
    tags=["correctness"],
    failing=lambda: [Example("list.yaml", "apiVersion: v1\nkind: List\nitems:\n- {kind: Pod}\n"),
             Example("list.yaml", "apiVersion: v1\nkind: List\nitems: 5\n"),
             Example("list.yaml", "apiVersion: v1\nkind: List\nitmes:\n"
                                  "- {apiVersion: v1, kind: ConfigMap, metadata: {name: c}}\n")],
    passing=lambda: [Example("list.yaml", "apiVersion: v1\nkind: List\nitems:\n"
                                  "- {apiVersion: v1, kind: ConfigMap, metadata: {name: c}}\n"),
             Example("list.yaml", "apiVersion: v1\nkind: List\nitems: []\n")],
    security=False,
)


def _is_object(node) -> bool:
    if not isinstance(node, YMapping):
        return False
    return all(isinstance(node.get(k), YScalar) and isinstance(node.get(k).value, str)
               and node.get(k).value for k in ("apiVersion", "kind"))


@RULE.check(KubeObject)
def list_items(obj: KubeObject) -> Iterator[Hit]:
    if obj.kind != "List" and not (obj.kind.endswith("List") and "items" in obj.node):
        return
    entry = obj.node.entry("items")
    if entry is None:
        if obj.kind == "List":  # what else a List holds: apiVersion, kind, metadata
            extra = [e for e in obj.node.entries
                     if e.name not in ("apiVersion", "kind", "metadata")]
            near = [e for e in extra if did_you_mean(str(e.name), ["items"])]
            if near:
                yield Hit(near[0].key, f"'{near[0].name}' is not a key of a List (did you mean "
                                       "'items'?): kubectl applies nothing from it",
                          fix="rename the key to `items`")
            else:
                yield Hit(obj.node.entry("kind").key,
                          "List has no 'items': kubectl applies nothing from it")
        return
    items = entry.value
    if isinstance(items, YScalar) and items.value is None:
        return  # `items:` with nothing: an empty list
    if not isinstance(items, YSequence):
        yield Hit(entry.key, f"{obj.kind} 'items' must be a list of objects")
        return
    for i, item in enumerate(items.items):
        if not _is_object(item):
            yield Hit(item, f"{obj.kind} item {i + 1} is not an object with apiVersion and kind")
