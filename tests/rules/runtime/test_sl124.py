"""SL124 container-runtime-socket: Container runtime socket mounted into a container."""

from __future__ import annotations

import pytest

from helpers import catches, compose_service


@pytest.mark.parametrize("mount", ["/var/run/docker.sock:/var/run/docker.sock",
                                   "/run/podman/podman.sock:/run/docker.sock:ro",
                                   "/var/run:/host/run"])
def test_runtime_sockets(mount):
    [f] = catches("SL124", "compose.yaml", compose_service(f"volumes:\n  - {mount}"))
    assert f.severity.name == "CRITICAL"


def test_socket_long_syntax_and_named_volumes():
    text = compose_service("volumes:\n  - type: bind\n    source: /var/run/docker.sock\n"
                           "    target: /var/run/docker.sock\n    read_only: true\n  - docker.sock:/data")
    [f] = catches("SL124", "compose.yaml", text)
    assert "read-only does not limit" in f.message
