"""SL308 missing-probes: Long-running container has no readiness or liveness probe."""

from __future__ import annotations

from helpers import catches, catches_not
from linter.rules.kubernetes.examples import container, deployment


def test_probes_not_for_jobs_and_readiness_only_for_servers():
    worker = deployment(container())
    [f] = catches("SL308", "k8s.yaml", worker)
    assert "livenessProbe" in f.message
    cron = ("apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c}\nspec:\n  schedule: '@daily'\n"
            "  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: Never\n"
            "          containers:\n          - {name: c, image: 'x:1'}\n")
    catches_not("SL308", "k8s.yaml", cron)
