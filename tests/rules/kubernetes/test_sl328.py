"""SL328 controller-restart-policy: controllers accept only restartPolicy Always."""

from __future__ import annotations

import pytest

from helpers import catches, catches_not
from linter.rules.kubernetes.examples import container, deployment


@pytest.mark.parametrize("kind", ["Deployment", "ReplicaSet", "DaemonSet", "StatefulSet"])
@pytest.mark.parametrize("policy", ["Never", "OnFailure"])
def test_run_to_completion_policies_in_controllers(kind, policy):
    [f] = catches("SL328", "k8s.yaml", deployment(container() + f"restartPolicy: {policy}", kind=kind))
    assert f.span.line == 15 and f"restartPolicy {policy} is rejected for a {kind}" in f.message
    assert f.severity.name == "HIGH"


def test_replication_controller_and_jobs():
    rc = deployment(container() + "restartPolicy: Never", kind="ReplicationController", api="v1")
    catches("SL328", "k8s.yaml", rc)
    for kind in ("Job", "Pod"):
        text = (deployment(container() + "restartPolicy: Never", kind="Job", api="batch/v1")
                if kind == "Job" else
                "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  restartPolicy: Never\n"
                "  containers: [{name: a, image: 'busybox:1.36'}]\n")
        catches_not("SL328", "k8s.yaml", text)


def test_a_patch_that_writes_it_is_reported():
    patch = ("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n"
             "    spec:\n      restartPolicy: OnFailure\n      containers: [{name: app}]\n")
    catches("SL328", "k8s.yaml", patch)
