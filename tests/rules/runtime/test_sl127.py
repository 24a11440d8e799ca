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
