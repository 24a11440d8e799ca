"""security_opt in Compose: the options that turn seccomp (SL128), AppArmor (SL129) or SELinux
(SL130) confinement off, and those that keep it."""

from __future__ import annotations

import pytest

from helpers import catches, catches_not, compose_service


@pytest.mark.parametrize("opt,code", [("seccomp:unconfined", "SL128"), ("seccomp=unconfined", "SL128"),
                                      ("apparmor:unconfined", "SL129"), ("apparmor=unconfined", "SL129"),
                                      ("label:disable", "SL130"), ("label=disable", "SL130"),
                                      ("label=type:spc_t", "SL130")])
def test_confinement_disabled(opt, code):
    catches(code, "compose.yaml", compose_service(f'security_opt: ["{opt}"]'))


def test_confinement_kept():
    text = compose_service('security_opt: ["seccomp=./p.json", "apparmor=my-profile", "label=level:s0:c1,c2"]')
    for code in ("SL128", "SL129", "SL130"):
        catches_not(code, "compose.yaml", text)
