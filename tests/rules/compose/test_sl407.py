"""SL407 service-without-image: Service has neither image nor build."""

from __future__ import annotations

from helpers import RULES, catches, lines
from linter.engine import select_rules


def test_service_without_image_is_opt_in():
    assert "SL407" not in {r.code for r in select_rules(RULES)}
    assert lines(catches("SL407", "compose.yaml",
                         "services:\n  a:\n    environment: {A: '1'}\n  b:\n    extends: a\n")) \
        == [2, 4]
