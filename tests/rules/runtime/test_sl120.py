"""SL120 privileged-container: Container runs privileged."""

from __future__ import annotations

import pytest

from helpers import catches, catches_not, compose_service
from linter.rules.kubernetes.examples import container, pod


@pytest.mark.parametrize("value,fires", [("true", True), ("yes", True), ("false", False),
                                         ('"${PRIV:-true}"', True), ('"${PRIV}"', False)])
def test_privileged(value, fires):
    (catches if fires else catches_not)("SL120", "compose.yaml", compose_service(f"privileged: {value}"))


def test_list_items_are_checked():
    text = ("apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n"
            "  metadata: {name: a}\n  spec:\n    containers:\n    - name: c\n"
            "      image: x:1\n      securityContext: {privileged: true}\n")
    [f] = catches("SL120", "k8s.yaml", text)
    assert f.span.line == 11 and "container 'c'" in f.message


def test_windows_pods_still_get_baseline_checks():
    text = pod("os: {name: windows}\n" + container("securityContext: {privileged: true}"))
    catches("SL120", "k8s.yaml", text)
