"""SL123 capabilities-not-dropped: Container does not drop ALL capabilities."""

from __future__ import annotations

from helpers import catches, catches_not, compose_service
from linter.rules.kubernetes.examples import container, pod


def test_cap_drop_is_not_checked_in_compose():
    catches_not("SL123", "compose.yaml", compose_service(""))


def test_lowercase_all_is_not_all_for_the_admission_check():
    [f] = catches("SL123", "k8s.yaml", pod(container("securityContext:\n  capabilities: {drop: [all]}")))
    assert "'all'" in f.message and "capital" in f.message


# ---------------------------------------------------------------------------------- fixes

from test_fix import fixed, fixed_everywhere  # noqa: E402


def test_fix_adds_all_to_the_drop_list_or_creates_it():
    fixed_everywhere("SL123", "pod.yaml", pod(
        container("securityContext:\n  capabilities:\n    drop: [NET_RAW]")
        + "- name: b\n  image: b:1\n  securityContext:\n    capabilities:\n      drop:\n"
          "      - NET_RAW\n"
        + "- name: c\n  image: c:1\n  securityContext: {capabilities: {drop: ['all']}}\n"
        + "- name: d\n  image: d:1\n  securityContext:\n    capabilities: {add: [CHOWN]}\n"
        + "- name: e\n  image: e:1\n  securityContext:\n    capabilities:\n      drop: []\n"),
        pod(container("securityContext:\n  capabilities:\n    drop: [NET_RAW, ALL]")
            + "- name: b\n  image: b:1\n  securityContext:\n    capabilities:\n      drop:\n"
              "      - ALL\n      - NET_RAW\n"
            + "- name: c\n  image: c:1\n  securityContext: {capabilities: {drop: [ALL]}}\n"
            + "- name: d\n  image: d:1\n  securityContext:\n"
              "    capabilities: {add: [CHOWN], drop: [ALL]}\n"
            + "- name: e\n  image: e:1\n  securityContext:\n    capabilities:\n      drop: [ALL]\n"),
        gone=False)


def test_fix_creates_the_security_context():
    assert fixed("SL123", "pod.yaml", pod(container()), select=["SL127"], gone=False) != pod(container())
    out = fixed("SL123", "pod.yaml", pod(container()))
    assert out == pod(container("securityContext:\n  capabilities:\n    drop: [ALL]"))
