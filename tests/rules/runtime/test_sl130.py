"""SL130 selinux-relaxed: SELinux confinement disabled or relaxed."""

from __future__ import annotations

from helpers import catches
from linter.rules.kubernetes.examples import container, pod


def test_selinux_container_options_replace_pod_options():
    text = pod("securityContext:\n  seLinuxOptions: {type: spc_t}\n"
               + container("securityContext:\n  seLinuxOptions: {type: container_t}"))
    [f] = catches("SL130", "k8s.yaml", text)
    assert "pod's securityContext" in f.message  # the pod level itself is checked, as PSA does
