"""SL318 probe-port-unknown: Probe names a port the container does not declare."""

from __future__ import annotations

from helpers import catches
from linter.rules.kubernetes.examples import container, pod


def test_probe_named_port():
    text = pod(container("ports:\n- {name: http, containerPort: 80}\n"
                         "readinessProbe: {tcpSocket: {port: htp}}\nlivenessProbe: {tcpSocket: {port: 80}}\n"
                         "env:\n- {name: A, value: '1'}\n- {name: A, value: '2'}"))
    [p] = catches("SL318", "k8s.yaml", text)
    assert "'htp'" in p.message
