"""SL405 network-mode-with-networks: network_mode and networks set on the same service."""

from __future__ import annotations

from helpers import catches, catches_not, lines


def test_network_mode_with_networks():
    catches_not("SL405", "compose.yaml",
                "services:\n  a:\n    image: a\n    network_mode: none\n    networks: []\n")
    assert lines(catches("SL405", "compose.yaml",
                         "services:\n  a:\n    image: a\n    network_mode: 'service:b'\n"
                         "    networks: {x: {}}\n  b:\n    image: a\n")) == [4]
