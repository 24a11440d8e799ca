"""SL410 port-on-all-interfaces: Port is published on every network interface of the host."""

from __future__ import annotations

import pytest

from helpers import catches, catches_not


@pytest.mark.parametrize("port, fires", [
    ("'8080:80'", True), ("'80'", True), ("'0.0.0.0:80:80'", True), ("'[::]:80:80'", True),
    ("'127.0.0.1:80:80'", False), ("'[::1]:80:80'", False), ("'10.0.0.5:80:80'", False),
    ("'${HOST_IP}:80:80'", False), ("'${HOST_IP:-127.0.0.1}:80:80'", False),
    ("'${HOST_IP:-0.0.0.0}:80:80'", True), ("'${PORT}:80'", True),
    ("{target: 80, published: 8080}", True), ("{target: 80, host_ip: 127.0.0.1, published: 80}", False),
    ("{target: 80, host_ip: '::', published: 80}", True),
])
def test_all_interfaces(port, fires):
    text = f"services:\n  web:\n    image: a:1\n    ports:\n      - {port}\n"
    (catches if fires else catches_not)("SL410", "compose.yaml", text)


def test_all_interfaces_message_and_host_network():
    (f,) = catches("SL410", "compose.yaml",
                   "services:\n  web:\n    image: a:1\n    ports: ['0.0.0.0:8080:80/udp']\n")
    assert f.message == ("service 'web' publishes container port 80/udp as host port 8080 on "
                         "every host interface (host address '0.0.0.0')")
    assert f.fix == "bind it to one interface, e.g. '127.0.0.1:8080:80'"
    catches_not("SL410", "compose.yaml",
                "services:\n  web:\n    image: a:1\n    network_mode: host\n    ports: ['80:80']\n")
