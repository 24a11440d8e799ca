"""SL122 added-capabilities: Container adds a Linux capability beyond the runtime's default set."""

from __future__ import annotations

from helpers import catches, catches_not, compose_service
from linter.rules.kubernetes.examples import container, pod


def test_cap_add_outside_default_set_with_position():
    text = compose_service("cap_add:\n  - cap_sys_admin\n  - CHOWN")
    [f] = catches("SL122", "compose.yaml", text)
    assert "SYS_ADMIN" in f.message and f.severity.name == "HIGH"
    assert (f.span.line, f.span.column) == (5, 9)


def test_net_raw_add_is_baseline_violation_but_not_in_compose():
    k8s = pod(container("securityContext:\n  capabilities: {add: [NET_RAW], drop: [ALL]}"))
    catches("SL122", "k8s.yaml", k8s)
    compose = "services:\n  a:\n    image: a:1\n    cap_add: [NET_RAW]\n"
    catches_not("SL122", "compose.yaml", compose)
