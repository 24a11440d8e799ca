"""SL333 pdb-blocks-eviction: PodDisruptionBudget allows no voluntary eviction."""

from __future__ import annotations

from helpers import catches, catches_not
from linter.rules.kubernetes.examples import container, deployment


def test_pdb_blocking_evictions():
    pdb = ("---\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: p}\nspec:\n"
           "  minAvailable: %s\n  selector:\n    matchLabels: {app: web}\n")
    app = deployment(container()).replace("spec:\n  selector", "spec:\n  replicas: 2\n  selector", 1)
    [f] = catches("SL333", "k8s.yaml", app + pdb % "2")
    assert "runs 2 replicas" in f.message
    catches_not("SL333", "k8s.yaml", app + pdb % "1")
    catches("SL333", "k8s.yaml", app + pdb % "'100%'")
    hpa = ("---\napiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: h}\n"
           "spec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n  maxReplicas: 5\n")
    catches_not("SL333", "k8s.yaml", app + pdb % "2" + hpa)
