"""SL332 scale-target-missing: HorizontalPodAutoscaler targets an undefined workload."""

from __future__ import annotations

from helpers import catches, catches_not
from linter.rules.kubernetes.examples import container, deployment


def test_hpa_target_missing_only_when_the_file_defines_the_kind():
    hpa = ("---\napiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: h}\n"
           "spec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: %s}\n"
           "  maxReplicas: 3\n")
    catches("SL332", "k8s.yaml", deployment(container()) + hpa % "api")
    catches_not("SL332", "k8s.yaml", deployment(container()) + hpa % "web")
    catches_not("SL332", "k8s.yaml", hpa.lstrip("-\n") % "api")
