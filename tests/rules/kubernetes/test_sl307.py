"""SL307 image-pull-policy: Image pull policy is not Always (opt-in)."""

from __future__ import annotations

from helpers import ENGINE, catches, lint_text
from linter.rules.kubernetes.examples import container, pod


def test_image_pull_policy_is_opt_in():
    text = pod(container("imagePullPolicy: IfNotPresent"))
    catches("SL307", "k8s.yaml", text)
    assert not [f for f in lint_text("k8s.yaml", text, ENGINE) if f.code == "SL307"]
