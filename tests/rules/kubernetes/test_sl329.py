"""SL329 invalid-volume-claim-template: what the API server rejects in volumeClaimTemplates."""

from __future__ import annotations

from helpers import catches, catches_not
from linter.rules.kubernetes.examples import container, deployment

STS = deployment(container(), kind="StatefulSet") + "  volumeClaimTemplates:\n  - metadata: {name: data}\n"


def test_unknown_access_mode_with_a_suggestion():
    [f] = catches("SL329", "k8s.yaml", STS + "    spec:\n      accessModes: [ReadWriteOnly]\n"
                                             "      resources: {requests: {storage: 1Gi}}\n")
    assert "'ReadWriteOnly'" in f.message and "did you mean 'ReadWriteOnce'" in f.message
    assert f.span.line == 18


def test_missing_access_modes_and_storage():
    found = catches("SL329", "k8s.yaml", STS + "    spec: {storageClassName: fast}\n")
    assert len(found) == 2
    assert any("no accessModes" in f.message for f in found)
    assert any("requests no storage" in f.message for f in found)


def test_a_clone_needs_no_storage_request():
    catches_not("SL329", "k8s.yaml", STS + "    spec:\n      accessModes: [ReadWriteOncePod]\n"
                                           "      dataSource: {kind: PersistentVolumeClaim, name: old}\n")
