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
    # the autoscaler may scale the Deployment down to minReplicas (1 when unset)
    [f] = catches("SL333", "k8s.yaml", app + pdb % "2" + hpa)
    assert "scales down to 1 replica (its autoscaler's minReplicas)" in f.message
    catches_not("SL333", "k8s.yaml", app + pdb % "2" + hpa.replace("  maxReplicas", "  minReplicas: 3\n  maxReplicas"))


def test_percentages_round_up_as_the_disruption_controller_does():
    pdb = ("---\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: p}\nspec:\n"
           "  minAvailable: '%s'\n  selector:\n    matchLabels: {app: web}\n")
    app = deployment(container()).replace("spec:\n  selector", "spec:\n  replicas: 3\n  selector", 1)
    [f] = catches("SL333", "k8s.yaml", app + pdb % "67%")
    assert "minAvailable: 67% (3 pods)" in f.message and "runs 3 replicas" in f.message
    catches_not("SL333", "k8s.yaml", app + pdb % "66%")  # 2 of 3
