"""SL304 probe-host-field: Probe or lifecycle hook sends its request to another host."""

from __future__ import annotations

from helpers import catches
from linter.rules.kubernetes.examples import container, pod


def test_host_field_in_lifecycle_hook():
    text = pod(container("lifecycle:\n  preStop:\n    httpGet: {host: 10.0.0.1, path: /drain, port: 80}"))
    [f] = catches("SL304", "k8s.yaml", text)
    assert "preStop" in f.message
