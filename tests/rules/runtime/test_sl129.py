"""SL129 apparmor-unconfined: AppArmor confinement explicitly disabled (unconfined)."""

from __future__ import annotations

from helpers import catches
from linter.rules.kubernetes.examples import container, pod


def test_apparmor_annotation_and_field():
    text = pod(container("securityContext:\n  appArmorProfile: {type: Localhost, localhostProfile: k}"),
               metadata="name: p\nannotations:\n"
                        "  container.apparmor.security.beta.kubernetes.io/app: unconfined")
    [f] = catches("SL129", "k8s.yaml", text)
    assert "container 'app'" in f.message
