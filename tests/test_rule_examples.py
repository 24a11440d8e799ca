"""Every rule's documented failing and passing examples, run through the whole pipeline."""

from __future__ import annotations

import pytest

from helpers import ALL, RULES, lint_text
from linter.engine import CORE_RULES, Engine

PACK = [r for r in RULES if r.name not in CORE_RULES]
CASES = [(r, ex, kind) for r in PACK for kind, exs in (("failing", r.failing),
                                                       ("passing", r.passing)) for ex in exs]


def _id(case):
    rule, ex, kind = case
    return f"{rule.code}-{kind}-{ex.filename}"


@pytest.mark.parametrize("case", CASES, ids=[_id(c) for c in CASES])
def test_example(case):
    rule, example, kind = case
    engine = ALL if not example.options else Engine(RULES, options=example.options)
    findings = lint_text(example.filename, example.text, engine, example.files)
    assert not [f for f in findings if f.name in ("parse-error", "internal-error")], findings
    mine = [f for f in findings if f.code == rule.code]
    if kind == "failing":
        assert mine, f"{rule.code} should fire on:\n{example.text}"
        # with other files (a check across formats), on the file the example shows
        assert not example.files or example.filename in {f.path for f in mine}, mine
    else:
        assert not mine, f"{rule.code} should not fire on:\n{example.text}\n{mine}"


@pytest.mark.parametrize("rule", PACK, ids=[r.code for r in PACK])
def test_rule_metadata_is_complete(rule):
    assert rule.summary and rule.rationale and rule.remediation
    assert rule.references and all(isinstance(x, str) and x for x in rule.references)
    # peer IDs where a peer has the check (some concepts no peer catches: aliases={})
    assert all(ids for ids in rule.aliases.values()), "an alias names at least one ID"
    assert rule.checks, "a rule checks at least one kind of tree"
    # every format the rule checks has at least one failing and one passing example
    formats = set(rule.formats)
    from linter.discovery import kind_by_name, is_compose_name

    def fmt(ex):
        k = kind_by_name(ex.filename)
        return "dockerfile" if k == "dockerfile" else "compose" if is_compose_name(ex.filename) \
            else "kubernetes"

    assert formats <= {fmt(e) for e in rule.failing}, rule.code
    assert formats <= {fmt(e) for e in rule.passing}, rule.code


def test_codes_and_names_are_unique():
    assert len({r.code for r in RULES}) == len(RULES)
    assert len({r.name for r in RULES}) == len(RULES)


def test_a_peer_check_is_not_both_equivalent_and_related_on_one_rule():
    both = [(r.code, i) for r in PACK for i in set(r.alias_ids()) & set(r.related_ids())]
    assert not both, both
