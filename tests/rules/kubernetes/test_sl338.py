"""SL338 statefulset-reference-missing: serviceName and storageClassName point at nothing."""

from __future__ import annotations

from helpers import catches, catches_not
from linter.rules.kubernetes.examples import container, deployment

STS = deployment(container(), kind="StatefulSet").replace(
    "spec:\n  selector", "spec:\n  serviceName: %s\n  replicas: %d\n  selector", 1)
SVC = ("---\napiVersion: v1\nkind: Service\nmetadata: {name: %s}\nspec:\n  clusterIP: %s\n"
       "  selector: {app: web}\n  ports: [{port: 80}]\n")


def test_a_governing_service_nobody_defines_with_a_hint():
    [f] = catches("SL338", "k8s.yaml", STS % ("wbe", 3) + SVC % ("web", "None"))
    assert "names serviceName 'wbe'" in f.message and "did you mean 'web'" in f.message
    assert f.span.line == 6


def test_a_governing_service_with_a_cluster_ip():
    [f] = catches("SL338", "k8s.yaml", STS % ("web", 3) + SVC % ("web", "10.0.0.10"))
    assert "not headless (clusterIP: 10.0.0.10)" in f.message
    # one replica: its clients use the Service's address, no pod name is needed
    catches_not("SL338", "k8s.yaml", STS % ("web", 1) + SVC % ("web", "10.0.0.10"))


def test_nothing_to_judge_by():
    catches_not("SL338", "k8s.yaml", STS % ("web", 3))  # no Service defined beside it


def test_a_storage_class_the_directory_does_not_define():
    sc = ("---\napiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata: {name: fast-ssd}\n"
          "provisioner: pd.csi.storage.gke.io\n")
    claim = ("  volumeClaimTemplates:\n  - metadata: {name: data}\n    spec:\n"
             "      storageClassName: %s\n      accessModes: [ReadWriteOnce]\n"
             "      resources: {requests: {storage: 1Gi}}\n")
    text = STS % ("web", 1) + claim
    [f] = catches("SL338", "k8s.yaml", text % "fast-sdd" + sc)
    assert "storageClassName 'fast-sdd'" in f.message and "did you mean 'fast-ssd'" in f.message
    catches_not("SL338", "k8s.yaml", text % "fast-ssd" + sc)
    catches_not("SL338", "k8s.yaml", text % "premium-rwo")  # the cluster's own classes
