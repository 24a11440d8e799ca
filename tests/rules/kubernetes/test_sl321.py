"""SL321 job-restart-policy: Job pod template without restartPolicy Never or OnFailure."""

from __future__ import annotations

from helpers import catches
from linter.rules.kubernetes.examples import container, deployment


def test_job_restart_policy():
    job = deployment(container(), kind="Job", api="batch/v1")
    [f] = catches("SL321", "k8s.yaml", job)
    assert "defaults to Always" in f.message
