"""Which Compose rules (SL4xx) a default run selects, and which are opt-in."""

from __future__ import annotations

from helpers import RULES
from linter.engine import select_rules


def test_opt_in_rules_are_off_by_default():
    default = {r.code for r in select_rules(RULES)}
    for code in ("SL417", "SL418", "SL419", "SL420", "SL421", "SL423", "SL424", "SL425",
                 "SL426", "SL427", "SL430", "SL431", "SL432"):
        assert code not in default
    for code in ("SL401", "SL402", "SL410", "SL411", "SL413", "SL414", "SL429"):
        assert code in default

