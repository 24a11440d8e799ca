"""SL418 missing-healthcheck: Service has no healthcheck, or disables it."""

from __future__ import annotations

from helpers import catches_not


def test_built_service_is_not_reported():
    catches_not("SL418", "compose.yaml", "services:\n  a:\n    build: .\n")  # Dockerfile may have one
