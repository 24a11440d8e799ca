"""SL416 shared-mount-propagation: Bind mount uses shared or slave propagation."""

from __future__ import annotations

from helpers import catches, lines


def test_propagation():
    text = "services:\n  a:\n    image: a\n    volumes: ['/x:/x:ro,slave', '/y:/y:z']\n"
    assert lines(catches("SL416", "compose.yaml", text)) == [4]
