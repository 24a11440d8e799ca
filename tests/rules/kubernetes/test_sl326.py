"""SL326 invalid-list-item: a ``kind: List`` kubectl cannot apply as written."""

from __future__ import annotations

from helpers import catches, catches_not

CM = "- {apiVersion: v1, kind: ConfigMap, metadata: {name: c}}\n"


def test_a_misspelt_items_key_is_named_with_the_fix():
    [f] = catches("SL326", "list.yaml", "apiVersion: v1\nkind: List\nitmes:\n" + CM)
    assert f.span.line == 3 and "'itmes' is not a key of a List" in f.message
    assert f.fix == "rename the key to `items`"


def test_a_list_with_nothing_in_it_is_reported_on_its_kind():
    [f] = catches("SL326", "list.yaml", "apiVersion: v1\nkind: List\nmetadata: {}\n")
    assert f.span.line == 2 and f.message.startswith("List has no 'items'")


def test_items_that_are_not_objects():
    [f] = catches("SL326", "list.yaml", "apiVersion: v1\nkind: List\nitems:\n- 5\n" + CM)
    assert f.span.line == 4 and "item 1 is not an object" in f.message
    catches("SL326", "list.yaml", "apiVersion: v1\nkind: List\nitems: {a: 1}\n")


def test_well_formed_lists_and_typed_lists_pass():
    catches_not("SL326", "list.yaml", "apiVersion: v1\nkind: List\nitems:\n" + CM)
    catches_not("SL326", "list.yaml", "apiVersion: v1\nkind: List\nitems:\n")
    catches_not("SL326", "list.yaml", "apiVersion: v1\nkind: ConfigMapList\nitems:\n" + CM)
    # a custom kind whose name ends in List is not a collection
    catches_not("SL326", "x.yaml", "apiVersion: x.io/v1\nkind: AccessList\nmetadata: {name: a}\n"
                                   "spec: {}\n")
