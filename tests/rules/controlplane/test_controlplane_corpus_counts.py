"""Pins how many findings each control-plane rule (SL600-SL671) reports on the shared
Kubernetes corpus, every one of them selected (the opt-in ones too). The corpus holds no
control-plane manifest (no kubeadm static Pod, no KubeletConfiguration, EncryptionConfiguration
or audit Policy; its one etcd, openshift-origin's example, is an application database outside
kube-system): every number is 0, so a rule that fires on an ordinary workload shows here. The
family's true findings are pinned on examples/kubeadm (test_controlplane_rules.py)."""

from __future__ import annotations

import pytest

from helpers import CORPUS, RULES

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not (CORPUS / "kubernetes").is_dir(),
                                 reason="../shared/corpus not present")]

FAMILY = [r for r in RULES if r.module.startswith("linter.rules.controlplane.")]
EXPECTED = {r.code: 0 for r in FAMILY}


def test_findings_per_rule_on_the_kubernetes_corpus(corpus_by_repository):
    # one run shared with the other count tests (conftest.py), counted on the manifests
    assert corpus_by_repository.counts(EXPECTED, "kubernetes") == EXPECTED
