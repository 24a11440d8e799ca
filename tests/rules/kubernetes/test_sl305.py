"""SL305 restricted-volume-type: Pod uses a volume type outside PSS restricted's list."""

from __future__ import annotations

from helpers import catches
from linter.rules.kubernetes.examples import container, pod


def test_volume_types():
    text = pod("securityContext:\n  sysctls:\n  - {name: net.core.somaxconn, value: '1024'}\n"
               "  - {name: net.ipv4.tcp_keepalive_time, value: '60'}\n" + container()
               + "volumes:\n- {name: g, gitRepo: {repository: 'https://example.com/r.git'}}\n")
    [v] = catches("SL305", "k8s.yaml", text)
    assert "gitRepo" in v.message and v.severity.name == "HIGH"
