"""SL306 seccomp-profile-missing: No seccomp profile set (RuntimeDefault or Localhost)."""

from __future__ import annotations

from helpers import catches
from linter.rules.kubernetes.examples import container, pod


def test_seccomp_set_on_some_containers_only():
    text = pod(container("securityContext:\n  seccompProfile: {type: Localhost, localhostProfile: p.json}")
               + "- name: other\n  image: x:1\n")
    [f] = catches("SL306", "k8s.yaml", text)
    assert "container 'other'" in f.message
