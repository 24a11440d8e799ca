"""SL127 privilege-escalation: Container processes may gain privileges (no_new_privs not set)."""

from __future__ import annotations

import pytest

from helpers import catches, catches_not, compose_service
from linter.rules.kubernetes.examples import container, pod


@pytest.mark.parametrize("opt,fires", [("no-new-privileges:true", False), ("no-new-privileges=true", False),
                                       ("no-new-privileges", False), ("no-new-privileges:false", True),
                                       ("no-new-privileges=false", True), ("seccomp=unconfined", False)])
def test_no_new_privileges(opt, fires):
    (catches if fires else catches_not)("SL127", "compose.yaml", compose_service(f'security_opt: ["{opt}"]'))


def test_sidecar_init_container_needs_no_privilege_escalation_too():
    text = pod(container("securityContext: {allowPrivilegeEscalation: false}")
               + "initContainers:\n- name: proxy\n  image: proxy:1\n  restartPolicy: Always\n")
    [f] = catches("SL127", "k8s.yaml", text)
    assert "initContainer 'proxy'" in f.message


# ---------------------------------------------------------------------------------- fixes

from test_fix import fixed, fixed_everywhere, not_fixed  # noqa: E402


def test_fix_adds_the_setting_in_the_style_around_it():
    fixed_everywhere("SL127", "pod.yaml", """\
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
            containers:
            -   name: app  # the app
                image: app:1
                ports:
                -   containerPort: 80
            -   {name: side, image: side:1}
            -   name: third
                image: third:1
                securityContext:
                    runAsNonRoot: true
            -   name: fourth
                image: fourth:1
                securityContext: {allowPrivilegeEscalation: true}
        """, """\
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
            containers:
            -   name: app  # the app
                image: app:1
                securityContext:
                    allowPrivilegeEscalation: false
                ports:
                -   containerPort: 80
            -   {name: side, image: side:1, securityContext: {allowPrivilegeEscalation: false}}
            -   name: third
                image: third:1
                securityContext:
                    runAsNonRoot: true
                    allowPrivilegeEscalation: false
            -   name: fourth
                image: fourth:1
                securityContext: {allowPrivilegeEscalation: false}
        """)


def test_the_fix_is_unsafe_and_leaves_shared_nodes_alone():
    text = pod(container())
    not_fixed("SL127", "pod.yaml", text, unsafe=False)
    # a securityContext an alias shares is edited where it is written (the anchor), which
    # fixes both containers; the alias itself is never edited
    assert fixed("SL127", "pod.yaml", """\
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          containers:
          - name: a
            image: a:1
            securityContext: &sc
              runAsNonRoot: true
          - name: b
            image: b:1
            securityContext: *sc
        """).splitlines()[8:10] == ["      runAsNonRoot: true",
                                     "      allowPrivilegeEscalation: false"]
    # the Compose side has no fix
    not_fixed("SL127", "compose.yaml",
              'services:\n  web:\n    image: a:1\n    security_opt: ["no-new-privileges:false"]\n')


def test_fix_in_a_container_written_after_a_block_value():
    assert fixed("SL127", "pod.yaml", pod(container("resources:\n  limits: {cpu: 1}"))) == \
        pod(container("securityContext:\n  allowPrivilegeEscalation: false\n"
                      "resources:\n  limits: {cpu: 1}"))


def test_fix_in_a_flow_mapping_written_over_several_lines():
    # its '{' alone on the key's line looks, by the spans, like a block mapping's anchor
    text = pod(container("securityContext: {\n  runAsNonRoot: true\n}"))
    assert fixed("SL127", "pod.yaml", text) == pod(container(
        "securityContext: {\n  runAsNonRoot: true, allowPrivilegeEscalation: false\n}"))
    # an anchor there: a block mapping, edited where it is written
    text = pod(container("securityContext: &sc\n  runAsNonRoot: true"))
    assert fixed("SL127", "pod.yaml", text) == pod(container(
        "securityContext: &sc\n  runAsNonRoot: true\n  allowPrivilegeEscalation: false"))
