"""Pins the number of findings of the Compose rules (SL4xx, opt-in ones included) named below
on the shared Compose corpus. Only the rules named are selected and compared, so a new rule
does not change these numbers. A change in a count is a change in behaviour: read the new or
lost findings on the corpus, then update the number here."""

from __future__ import annotations

from collections import Counter

import pytest

from helpers import CORPUS
from linter.engine import Engine, load_rules, select_rules
from linter.runner import lint_paths

EXPECTED = {
    "SL401": 1,    # 'depends' for 'depends_on' (debezium distributed-caching)
    "SL407": 9,    # opt-in; authelia suite fragments combined with -f
    "SL410": 740,
    "SL411": 2,    # debezium-server-sink-pubsub: three services on host port 8080
    "SL413": 77,
    "SL417": 1037,
    "SL418": 619,
    "SL419": 646,
    "SL420": 104,
    "SL421": 287,
    "SL423": 149,
    "SL424": 58,    # 19 fewer: depends_on merged from one anchor is one finding, not one per service
    "SL425": 31,
    "SL427": 645,
    "SL430": 48,
    "SL431": 813,
    "SL432": 130,   # 76 fewer: a quoted volume in an anchor is one finding, not one per service
    "SL433": 2,    # cadvisor with /dev/kmsg (dockprom)
    # rules that report nothing on this corpus, pinned at 0 so a new false alarm shows
    "SL402": 0, "SL403": 0, "SL404": 0, "SL405": 0, "SL406": 0, "SL408": 0, "SL409": 0,
    "SL412": 0, "SL414": 0, "SL415": 0, "SL416": 0, "SL422": 0, "SL426": 0, "SL428": 0,
    "SL429": 0, "SL434": 0, "SL435": 0, "SL436": 0,
}


@pytest.mark.slow
@pytest.mark.skipif(not (CORPUS / "compose").is_dir(), reason="corpus not available")
def test_findings_per_compose_rule_on_the_corpus():
    engine = Engine(select_rules(load_rules(), select=list(EXPECTED)))
    report = lint_paths([str(CORPUS / "compose")], engine)
    assert not [f for f in report.findings if f.code == "SL007"]
    counts = Counter(f.code for f in report.findings if f.code in EXPECTED)
    assert {c: counts.get(c, 0) for c in EXPECTED} == EXPECTED


#: the rules shared with Dockerfiles and Kubernetes, on the Compose corpus
SHARED = {
    "SL101": 11, "SL102": 159, "SL103": 18,
    # services defined in a base and its overrides are judged once, on the merged service;
    # override fragments (no image, build or extends) are not judged (54 fewer than judging
    # every file alone: netbox test overlays, authelia suite fragments, ...)
    "SL104": 966,
    "SL120": 4, "SL121": 5, "SL122": 5, "SL124": 30, "SL125": 17, "SL132": 2,
    "SL500": 194, "SL501": 5,  # SL500, SL132: a value in an anchor once, not per service
    # SL500 +1: -Ddatabase.password=postgres in JAVA_OPTIONS (debezium camel-component)
    # nothing on this corpus, pinned at 0 so a new false alarm shows
    "SL105": 0, "SL123": 0, "SL126": 0, "SL127": 0, "SL128": 0, "SL129": 0, "SL130": 0,
    "SL131": 0,
}


@pytest.mark.slow
@pytest.mark.skipif(not (CORPUS / "compose").is_dir(), reason="corpus not available")
def test_findings_per_shared_rule_on_the_compose_corpus():
    engine = Engine(select_rules(load_rules(), select=list(SHARED)))
    report = lint_paths([str(CORPUS / "compose")], engine)
    # the SHARED rules and the engine's own (parse errors...), which report nothing here
    got = Counter(f.code for f in report.findings)
    assert {c: got.get(c, 0) for c in SHARED} == SHARED
