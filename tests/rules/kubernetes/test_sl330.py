"""SL330 selector-mismatch: Workload selector does not match its own pod template labels."""

from __future__ import annotations

from helpers import catches, catches_not
from linter.rules.kubernetes.examples import container


def test_selector_mismatch_with_expressions():
    text = ("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  selector:\n"
            "    matchExpressions:\n    - {key: tier, operator: In, values: [front]}\n"
            "  template:\n    metadata:\n      labels: {tier: back}\n    spec:\n" + "      " +
            container().replace("\n", "\n      ").rstrip() + "\n")
    catches("SL330", "k8s.yaml", text)
    catches_not("SL330", "k8s.yaml", text.replace("tier: back", "tier: front"))


def test_replication_controller_selector():
    text = ("apiVersion: v1\nkind: ReplicationController\nmetadata: {name: rc}\nspec:\n"
            "  selector: {app: a}\n  template:\n    metadata:\n      labels: {app: b}\n    spec:\n"
            "      containers:\n      - {name: c, image: 'x:1'}\n")
    catches("SL330", "k8s.yaml", text)


def test_job_selector_is_checked_only_with_manual_selector():
    job = ("apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec:\n  manualSelector: %s\n"
           "  selector:\n    matchLabels: {job: a}\n  template:\n    metadata:\n      labels: {job: b}\n"
           "    spec:\n      restartPolicy: Never\n      containers:\n      - {name: c, image: 'x:1'}\n")
    catches("SL330", "k8s.yaml", job % "true")
    catches_not("SL330", "k8s.yaml", job % "false")
