"""SL339 pod-not-isolated: pods no NetworkPolicy selects (opt-in)."""

from __future__ import annotations

from helpers import catches, catches_not
from linter.rules.kubernetes.examples import container, deployment

APP = deployment(container())
JOB = deployment(container() + "restartPolicy: Never", kind="Job", api="batch/v1").replace(
    "name: web", "name: migrate", 1)
POLICY = ("---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p}\n"
          "spec:\n  podSelector: %s\n")


def test_a_namespace_without_policies_is_one_finding():
    [f] = catches("SL339", "k8s.yaml", APP + "---\n" + JOB)
    assert "Deployment 'web', Job 'migrate' accept and open connections" in f.message
    assert f.span.line == 4


def test_policies_that_select_or_not():
    catches_not("SL339", "k8s.yaml", APP + POLICY % "{}")
    catches_not("SL339", "k8s.yaml", APP + POLICY % "{matchLabels: {app: web}}")
    [f] = catches("SL339", "k8s.yaml", APP + POLICY % "{matchLabels: {app: db}}")
    assert "none of the NetworkPolicies without a namespace selects its pods" in f.message


def test_host_network_pods_are_out_of_reach_of_policies():
    catches_not("SL339", "k8s.yaml", deployment("hostNetwork: true\n" + container()))


def test_opt_in():
    from helpers import RULES
    assert not next(r for r in RULES if r.code == "SL339").enabled_by_default
