"""SL340 net-raw-not-dropped: off by default, for users of kube-linter's and Checkov's check."""

from __future__ import annotations

from helpers import RULES, catches, catches_not
from linter.engine import select_rules
from linter.rules.kubernetes.examples import container, pod


def test_drop_lists():
    drop = "securityContext:\n  capabilities:\n    drop: [%s]"
    [f] = catches("SL340", "k8s.yaml", pod(container(drop % "CHOWN")))
    assert "neither NET_RAW nor ALL" in f.message and f.span.line == 11
    for names in ("NET_RAW", "ALL", "cap_net_raw"):
        catches_not("SL340", "k8s.yaml", pod(container(drop % names)))


def test_a_container_that_asks_for_net_raw_is_sl122s():
    catches_not("SL340", "k8s.yaml", pod(container("securityContext:\n  capabilities:\n    add: [NET_RAW]")))


def test_selected_only_by_name_code_or_peer_id():
    rule = next(r for r in RULES if r.code == "SL340")
    assert rule not in select_rules(RULES)
    assert rule not in select_rules(RULES, extend_select=["hardening"])
    for selector in ("SL340", "net-raw-not-dropped", "drop-net-raw-capability", "CKV_K8S_28"):
        assert rule in select_rules(RULES, select=[selector]), selector
