"""SL419 missing-restart-policy: Long-running service has no restart policy."""

from __future__ import annotations

from helpers import catches_not


def test_one_off_service_is_not_reported():
    catches_not("SL419", "compose.yaml", "services:\n  db-migrate:\n    image: a\n")
