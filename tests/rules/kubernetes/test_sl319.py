"""SL319 duplicate-env-var: Environment variable defined twice in one container."""

from __future__ import annotations

from helpers import catches
from linter.rules.kubernetes.examples import container, pod


def test_duplicate_env():
    text = pod(container("ports:\n- {name: http, containerPort: 80}\n"
                         "readinessProbe: {tcpSocket: {port: htp}}\nlivenessProbe: {tcpSocket: {port: 80}}\n"
                         "env:\n- {name: A, value: '1'}\n- {name: A, value: '2'}"))
    [d] = catches("SL319", "k8s.yaml", text)
    assert "first on line" in d.message
