"""SL415 invalid-restart-policy: Unknown restart policy."""

from __future__ import annotations

import pytest

from helpers import catches, catches_not


@pytest.mark.parametrize("value, fires", [
    ("'no'", False), ("no", False), ("always", False), ("on-failure", False),
    ("on-failure:3", False), ("unless-stopped", False), ("${R}", False),
    ("allways", True), ("on-failure:x", True), ("'false'", True), ("${R:-sometimes}", True),
])
def test_restart_values(value, fires):
    (catches if fires else catches_not)(
        "SL415", "compose.yaml", f"services:\n  a:\n    image: a\n    restart: {value}\n")
