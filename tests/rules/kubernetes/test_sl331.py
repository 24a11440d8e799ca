"""SL331 selector-matches-nothing: Service, PDB or NetworkPolicy selecting no pod of the files."""

from __future__ import annotations

from helpers import catches, catches_not
from linter.rules.kubernetes.examples import container, deployment


SVC = "---\napiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  selector: {%s}\n  ports: [{port: 80}]\n"


def test_service_selecting_nothing():
    app = deployment(container())
    catches("SL331", "k8s.yaml", app + SVC % "app: wbe")
    catches_not("SL331", "k8s.yaml", app + SVC % "app: web")
    # controller-added labels are not in templates
    catches_not("SL331", "k8s.yaml", app + SVC % "app: web, statefulset.kubernetes.io/pod-name: web-0")
    # keys no template of the file uses: the pods are defined elsewhere
    catches_not("SL331", "k8s.yaml", app + SVC % "component: db")
    # a custom resource in the file may create the pods
    crd = "---\napiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata: {name: r}\n"
    catches_not("SL331", "k8s.yaml", app + SVC % "app: wbe" + crd)


def test_namespaces_separate_services_from_pods():
    app = deployment(container())
    other_ns = SVC.replace("{name: s}", "{name: s, namespace: other}") % "app: web"
    catches_not("SL331", "k8s.yaml", app + other_ns)  # nothing of the file lives in 'other'


# --------------------------------------------------------- peers, monitors, budgets

_APP = deployment(container())
_POLICY = ("---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p}\n"
           "spec:\n  podSelector: {}\n  ingress:\n  - from:\n    - podSelector: {matchLabels: "
           "{app: %s}}\n%s")


def test_a_network_policy_peer_that_selects_nothing():
    [f] = catches("SL331", "k8s.yaml", _APP + _POLICY % ("frontend", ""))
    assert "(its ingress peer) selects app=frontend" in f.message and f.span.line == 23
    catches_not("SL331", "k8s.yaml", _APP + _POLICY % ("web", ""))
    # with a namespaceSelector the peer selects pods of other namespaces
    catches_not("SL331", "k8s.yaml", _APP + _POLICY % ("frontend", "      namespaceSelector: {}\n"))


_SVC = ("apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  labels: {app: web}\nspec:\n"
        "  selector: {app: web}\n  ports: [{name: http, port: 80}]\n")
_MON = ("---\napiVersion: monitoring.coreos.com/v1\nkind: %s\nmetadata: {name: m}\nspec:\n"
        "  selector: {matchLabels: {app: %s}}\n%s")


def test_a_service_monitor_matches_service_labels():
    [f] = catches("SL331", "k8s.yaml", _SVC + _MON % ("ServiceMonitor", "wbe", ""))
    assert "no Service of the linted files" in f.message
    catches_not("SL331", "k8s.yaml", _SVC + _MON % ("ServiceMonitor", "web", ""))
    # other namespaces: not judged
    catches_not("SL331", "k8s.yaml", _SVC + _MON % ("ServiceMonitor", "wbe",
                                                    "  namespaceSelector: {any: true}\n"))


def test_a_pod_monitor_matches_pod_labels():
    [f] = catches("SL331", "k8s.yaml", _APP + _MON % ("PodMonitor", "wbe", ""))
    assert "no pod template" in f.message
    catches_not("SL331", "k8s.yaml", _APP + _MON % ("PodMonitor", "web", ""))


def test_a_monitor_does_not_silence_its_directory():
    # ServiceMonitors create nothing, unlike a Rollout or an operator's resource
    catches("SL331", "k8s.yaml", _APP + "---\n" + _SVC.replace("{app: web}\n  ports", "{app: wbe}\n  ports")
            + _MON % ("ServiceMonitor", "web", ""))


def test_a_budget_without_a_selector_protects_nothing():
    pdb = "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: b}\nspec:\n  maxUnavailable: 1\n"
    [f] = catches("SL331", "k8s.yaml", pdb)
    assert "has no selector, so it selects no pod" in f.message
    catches_not("SL331", "k8s.yaml", pdb + "  selector: {}\n")  # policy/v1: every pod
    catches("SL331", "k8s.yaml", pdb.replace("policy/v1", "policy/v1beta1") + "  selector: {}\n")
