"""SL422 invalid-container-name: container_name has characters Docker refuses."""

from __future__ import annotations

from helpers import catches, catches_not, lines


def test_container_name():
    assert lines(catches("SL422", "compose.yaml",
                         "services:\n  a:\n    image: a\n    container_name: -web\n")) == [4]
    catches_not("SL422", "compose.yaml",
                "services:\n  a:\n    image: a\n    container_name: ${N}\n")
