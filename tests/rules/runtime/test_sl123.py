"""SL123 capabilities-not-dropped: Container does not drop ALL capabilities."""

from __future__ import annotations

from helpers import catches, catches_not, compose_service
from linter.rules.kubernetes.examples import container, pod


def test_cap_drop_is_not_checked_in_compose():
    catches_not("SL123", "compose.yaml", compose_service(""))


def test_lowercase_all_is_not_all_for_the_admission_check():
    [f] = catches("SL123", "k8s.yaml", pod(container("securityContext:\n  capabilities: {drop: [all]}")))
    assert "'all'" in f.message and "capital" in f.message
