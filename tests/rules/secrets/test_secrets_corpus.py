"""The secret rules on the whole shared corpus: the number of findings per rule is pinned.

Every finding counted here was read (see docs/coverage/secrets.md, "Corpus review"). A change
in a count means a detector or a trap changed behaviour: read the added or removed findings,
then update the numbers with the reason in the commit message.
"""

from __future__ import annotations

import collections

import pytest

from helpers import CORPUS
from linter.engine import Engine, load_rules
from linter.runner import lint_paths

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus not present")]

SECRET_RULES = ("SL103", "SL500", "SL501")

EXPECTED = {
    "SL103": 42,   # hardcoded-secret: keys, Secret data, tokens, URL and command-line passwords
    "SL500": 260,  # (6 fewer: a value in an anchor is one finding) well-known-default-secret: demo stacks' postgres/password/changeme...
    # +1: -Ddatabase.password=postgres in a JAVA_OPTIONS value (debezium camel-component)
    "SL501": 5,    # secret-variable-default: ${ADMIN_PASSWORD:-admin} and the like
}


@pytest.fixture(scope="module")
def corpus_findings():
    engine = Engine([r for r in load_rules() if r.code in SECRET_RULES])
    return lint_paths([str(CORPUS)], engine).findings


def test_no_secret_rule_crashes_on_the_corpus(corpus_findings):
    assert not [f for f in corpus_findings if f.code == "SL007"]


def test_findings_per_secret_rule_are_pinned(corpus_findings):
    counts = collections.Counter(f.code for f in corpus_findings if f.code in SECRET_RULES)
    detectors = collections.Counter(
        (f.code, f.message.rsplit("(", 1)[-1].rstrip(")")) for f in corpus_findings
        if f.code in SECRET_RULES)
    assert dict(counts) == EXPECTED, sorted(detectors.items())


def test_every_corpus_finding_names_a_detector_and_no_value(corpus_findings):
    for f in corpus_findings:
        if f.code in SECRET_RULES:
            assert f.message.endswith(")") and " holds " in f.message, f.message
