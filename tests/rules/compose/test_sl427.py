"""SL427 default-network-only: Service joins only the project's default network."""

from __future__ import annotations

from helpers import catches_not


def test_single_service_is_not_reported():
    catches_not("SL427", "compose.yaml", "services:\n  a:\n    image: a\n")  # one service
