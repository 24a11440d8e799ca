"""SL306 seccomp-profile-missing: No seccomp profile set (RuntimeDefault or Localhost)."""

from __future__ import annotations

from helpers import catches
from linter.rules.kubernetes.examples import container, pod


def test_seccomp_set_on_some_containers_only():
    text = pod(container("securityContext:\n  seccompProfile: {type: Localhost, localhostProfile: p.json}")
               + "- name: other\n  image: x:1\n")
    [f] = catches("SL306", "k8s.yaml", text)
    assert "container 'other'" in f.message


# ---------------------------------------------------------------------------------- fixes

from linter.rules.kubernetes.examples import deployment  # noqa: E402
from test_fix import fixed, fixed_everywhere, not_fixed  # noqa: E402


def test_fix_sets_runtime_default_on_the_pod():
    fixed_everywhere("SL306", "deploy.yaml", deployment(container()),
                     deployment("securityContext:\n  seccompProfile:\n    type: RuntimeDefault\n"
                                + container()))
    assert fixed("SL306", "pod.yaml", pod("securityContext: {runAsNonRoot: true}\n" + container())) \
        == pod("securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}\n"
               + container())
    not_fixed("SL306", "pod.yaml", pod(container()), unsafe=False)


def test_one_fix_for_every_container_that_lacks_a_profile():
    text = pod(container("securityContext:\n  seccompProfile: {type: Localhost, localhostProfile: p.json}")
               + "- name: other\n  image: x:1\n- name: third\n  image: y:1\n")
    out = fixed("SL306", "pod.yaml", text)
    assert out.count("RuntimeDefault") == 1 and "localhostProfile: p.json" in out
