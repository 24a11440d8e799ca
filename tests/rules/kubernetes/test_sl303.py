"""SL303 unsafe-sysctl: Pod sets a sysctl outside the safe set."""

from __future__ import annotations

from helpers import catches
from linter.rules.kubernetes.examples import container, pod


def test_sysctls():
    text = pod("securityContext:\n  sysctls:\n  - {name: net.core.somaxconn, value: '1024'}\n"
               "  - {name: net.ipv4.tcp_keepalive_time, value: '60'}\n" + container()
               + "volumes:\n- {name: g, gitRepo: {repository: 'https://example.com/r.git'}}\n")
    [s] = catches("SL303", "k8s.yaml", text)
    assert "net.core.somaxconn" in s.message
