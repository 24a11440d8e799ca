"""SL302 unmasked-proc-mount: Container sees an unmasked /proc (procMount other than Default)."""

from __future__ import annotations

from helpers import catches
from linter.rules.kubernetes.examples import container, pod


def test_proc_mount_in_user_namespace_is_restricted_only():
    plain = pod(container("securityContext: {procMount: Unmasked}"))
    userns = pod("hostUsers: false\n" + container("securityContext: {procMount: Unmasked}"))
    [a] = catches("SL302", "k8s.yaml", plain)
    [b] = catches("SL302", "k8s.yaml", userns,
                  options={"unmasked-proc-mount": {"kubernetes-version": "1.35"}})
    assert "baseline" in a.message and a.severity.name == "HIGH"
    assert "restricted" in b.message and b.severity.name == "MEDIUM"
    # before 1.35 (the default target is 1.33) a user namespace relaxes nothing
    [c] = catches("SL302", "k8s.yaml", userns)
    assert "baseline" in c.message and c.severity.name == "HIGH"
