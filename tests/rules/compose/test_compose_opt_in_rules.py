"""Which Compose rules (SL4xx) a default run selects, and which are opt-in."""

from __future__ import annotations

from helpers import RULES
from linter.engine import select_rules


def test_opt_in_rules_are_off_by_default():
    default = {r.code for r in select_rules(RULES)}
    for code in ("SL413", "SL417", "SL418", "SL419", "SL420", "SL421", "SL423", "SL424",
                 "SL425", "SL426", "SL427", "SL430", "SL431", "SL432"):
        assert code not in default
    for code in ("SL401", "SL402", "SL410", "SL411", "SL414", "SL429"):
        assert code in default


def test_opt_in_groups_select_their_rules():
    style = {r.code for r in select_rules(RULES, extend_select=["style"])} - \
        {r.code for r in select_rules(RULES)}
    assert {"SL413", "SL420", "SL421", "SL423", "SL424", "SL425", "SL430", "SL431",
            "SL432"} <= style
    hardening = {r.code for r in select_rules(RULES, select=["hardening"])}
    assert {"SL417", "SL418", "SL419", "SL427"} <= hardening and "SL410" not in hardening
