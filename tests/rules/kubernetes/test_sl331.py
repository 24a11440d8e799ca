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
