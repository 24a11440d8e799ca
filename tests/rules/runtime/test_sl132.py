"""SL132 root-group: Container runs with the root group (GID 0)."""

from __future__ import annotations

from helpers import catches, catches_not
from linter.rules.kubernetes.examples import container, pod


def test_root_group():
    text = pod("securityContext: {runAsUser: 1000, runAsGroup: 0, fsGroup: 0, supplementalGroups: [4, 0]}\n"
               + container())
    assert len(catches("SL132", "k8s.yaml", text)) == 3
    root_user = pod("securityContext: {runAsUser: 0, runAsGroup: 0}\n" + container())
    catches_not("SL132", "k8s.yaml", root_user)  # SL101 reports the root user
