"""SL327 psp-allows-privileged: PodSecurityPolicy admits privileged or host-sharing pods."""

from __future__ import annotations

from helpers import catches, catches_not

OLD = {"psp-allows-privileged": {"kubernetes-version": "1.24"}}


def psp(spec: str, api: str = "policy/v1beta1") -> str:
    return (f"apiVersion: {api}\nkind: PodSecurityPolicy\nmetadata: {{name: p}}\nspec:\n{spec}"
            "  seLinux: {rule: RunAsAny}\n  runAsUser: {rule: RunAsAny}\n")


def test_each_privileged_and_host_setting_on_its_line():
    text = psp("  privileged: true\n  hostPID: true\n  hostIPC: true\n  hostNetwork: true\n"
               "  allowPrivilegeEscalation: false\n")
    found = catches("SL327", "k8s.yaml", text, options=OLD)
    assert [f.span.line for f in found] == [5, 6, 7, 8]
    assert "admits privileged containers (privileged: true)" in found[0].message


def test_privilege_escalation_defaults_to_allowed():
    [f] = catches("SL327", "k8s.yaml", psp("  privileged: false\n"), options=OLD)
    assert "defaults to true" in f.message and f.severity.name == "MEDIUM"
    catches_not("SL327", "k8s.yaml", psp("  allowPrivilegeEscalation: false\n"), options=OLD)


def test_only_a_cluster_that_serves_the_kind():
    text = psp("  privileged: true\n")
    catches_not("SL327", "k8s.yaml", text)  # the default target (1.33) has no PSP: SL316's
    catches_not("SL327", "k8s.yaml", text.replace("policy/v1beta1", "extensions/v1beta1"),
                options=OLD)  # extensions/v1beta1 went in 1.16
    catches("SL327", "k8s.yaml", text.replace("policy/v1beta1", "extensions/v1beta1"),
            options={"psp-allows-privileged": {"kubernetes-version": "1.15"}})


def test_the_run_setting_decides_too():
    # the top-level kubernetes-version setting, which every rule's option falls back to
    from helpers import RULES
    from linter.engine import Engine, select_rules
    from linter.runner import lint_source
    from linter.source import decode

    engine = Engine(select_rules(RULES, select=["SL327"]), settings={"kubernetes-version": "1.24"})
    found, _ = lint_source(decode("k8s.yaml", psp("  hostNetwork: true\n").encode()), engine)
    assert [f.code for f in found] == ["SL327", "SL327"]
