"""The Pod Security Standards rules together: what each level reports when pod and container
settings differ, Windows pods and patches, the pss: profiles and aliases."""

from __future__ import annotations

import pytest

from helpers import RULES, catches, catches_not
from linter.engine import select_rules
from linter.rules.kubernetes.examples import container, deployment, pod


@pytest.mark.parametrize("key", ["containers", "initContainers", "ephemeralContainers"])
def test_every_container_list_is_visited(key):
    text = pod(f"{key}:\n- name: c\n  image: x:1\n  securityContext:\n"
               "    privileged: true\n    capabilities: {add: [SYS_ADMIN]}\n")
    catches("SL120", "k8s.yaml", text)
    catches("SL122", "k8s.yaml", text)


def test_seccomp_container_overrides_pod_for_restricted_but_baseline_sees_both_levels():
    text = pod("securityContext:\n  seccompProfile: {type: RuntimeDefault}\n"
               + container("securityContext:\n  seccompProfile: {type: Unconfined}"))
    [f] = catches("SL128", "k8s.yaml", text)
    assert "container 'app'" in f.message and "Unconfined" in f.message
    catches_not("SL306", "k8s.yaml", text)


def test_seccomp_unconfined_at_pod_level_is_reported_once():
    text = pod("securityContext:\n  seccompProfile: {type: Unconfined}\n" + container())
    assert len(catches("SL128", "k8s.yaml", text)) == 1
    catches_not("SL306", "k8s.yaml", text)  # the pod sets a profile; baseline reports its value


def test_capabilities_are_normalised_and_odd_spellings_named():
    text = pod(container("securityContext:\n  capabilities:\n    add: [cap_sys_admin, CAP_CHOWN]\n"
                         "    drop: [ALL]"))
    f, g = catches("SL122", "k8s.yaml", text)
    assert "SYS_ADMIN" in f.message and f.severity.name == "HIGH"
    # the admission check compares literally: CAP_CHOWN is not CHOWN to it
    assert "'CAP_CHOWN'" in g.message and "write CHOWN" in g.message and g.severity.name == "LOW"
    catches_not("SL123", "k8s.yaml", text)
    plain = pod(container("securityContext:\n  capabilities: {add: [CHOWN], drop: [ALL]}"))
    [h] = catches("SL123", "k8s.yaml", plain)  # CHOWN is baseline-allowed but not restricted-allowed
    assert "CHOWN" in h.message and "restricted" in h.message


@pytest.mark.parametrize("code", ["SL123", "SL127", "SL306"])
def test_windows_pods_are_exempt_from_restricted_linux_controls(code):
    linux = pod(container())
    windows = pod("os: {name: windows}\n" + container())
    catches(code, "k8s.yaml", linux)
    catches_not(code, "k8s.yaml", windows)


_ABSENCE_RULES = ("SL101", "SL104", "SL123", "SL126", "SL127", "SL306", "SL308", "SL309")


def test_a_complete_workload_is_judged_whatever_its_containers_lack():
    # a selector and a pod template: a whole object, even with a container naming no image
    whole = deployment("containers:\n- name: app\n  ports: [{containerPort: 80}]\n")
    for code in _ABSENCE_RULES:
        catches(code, "k8s.yaml", whole)
    [f] = catches("SL126", "k8s.yaml", deployment(
        "containers:\n- name: app\n  securityContext: {readOnlyRootFilesystem: false}\n"))
    assert f.span.line == 14 and "readOnlyRootFilesystem is false" in f.message


_PATCH = ("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n"
          "  template:\n    spec:\n      containers:\n      - name: app\n")


def test_a_workload_without_its_selector_and_images_is_a_fragment():
    patch = _PATCH + "        resources: {limits: {memory: 1Gi}}\n"
    for code in _ABSENCE_RULES:
        catches_not(code, "k8s.yaml", patch)


def test_a_fragment_is_still_judged_for_what_it_writes():
    patch = _PATCH + ("        securityContext:\n          readOnlyRootFilesystem: false\n"
                      "          allowPrivilegeEscalation: true\n          runAsUser: 0\n"
                      "          capabilities: {drop: [NET_RAW]}\n")
    assert catches("SL126", "k8s.yaml", patch)[0].span.line == 10
    assert catches("SL127", "k8s.yaml", patch)[0].span.line == 11
    assert catches("SL101", "k8s.yaml", patch)[0].span.line == 12
    assert catches("SL123", "k8s.yaml", patch)[0].span.line == 13


def test_a_base_whose_selector_kustomize_fills_in_is_judged():
    # Kustomize adds the selector from `labels`; the base names its images
    base = _PATCH + "        image: registry.example.com/app:1.0\n"
    for code in ("SL101", "SL104", "SL126"):
        catches(code, "k8s.yaml", base)


def test_objects_lacking_what_the_api_requires_are_fragments():
    from linter.kubernetes import build
    from linter.yaml import load

    def missing(text):
        [o] = build("x.yaml", load(text)[0])[0]
        return o.missing, o.fragment

    assert missing(_PATCH) == (("spec.selector", "image in container 'app'"), True)
    assert missing("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {}\n") == \
        (("spec.containers",), True)
    assert missing("apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c}\nspec:\n"
                   "  schedule: '@daily'\n") == (("spec.jobTemplate.spec.template",), True)
    assert missing("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n"
                   "  replicas: 2\n") == (("spec.template",), True)
    assert missing(deployment("containers:\n- name: app\n")) == ((), False)
    # extensions/v1beta1 defaulted the selector from the template's labels
    assert missing(_PATCH.replace("apps/v1", "extensions/v1beta1")) == ((), False)


def test_verbose_says_which_objects_were_linted_as_fragments(tmp_path):
    from linter.engine import Engine
    from linter.runner import lint_paths

    (tmp_path / "patch.yaml").write_text(_PATCH)
    report = lint_paths([str(tmp_path)], Engine(RULES))
    [note] = [n for n in report.notes if "patch.yaml" in n]
    assert "Deployment 'web' has no spec.selector and no image in container 'app'" in note
    assert "fragment" in note


PSS_CONTROLS = {
    "baseline": {"host-process", "host-namespaces", "privileged-containers", "capabilities",
                 "host-path-volumes", "host-ports", "host-probes-lifecycle-hooks", "apparmor",
                 "selinux", "proc-mount-type", "seccomp", "sysctls"},
    "restricted": {"volume-types", "privilege-escalation", "running-as-non-root",
                   "running-as-non-root-user", "seccomp", "capabilities", "proc-mount-type"},
}


def test_every_pss_alias_names_a_real_control():
    for r in RULES:
        pss = r.aliases.get("pss")
        for a in ([pss] if isinstance(pss, str) else pss or []):
            level, _, control = a.partition("/")
            assert control in PSS_CONTROLS[level], (r.code, a)


def test_every_pss_control_has_a_rule():
    covered = set()
    for r in RULES:
        pss = r.aliases.get("pss")
        covered.update([pss] if isinstance(pss, str) else pss or [])
    wanted = {f"{lvl}/{c}" for lvl, cs in PSS_CONTROLS.items() for c in cs}
    # running-as-non-root-user (runAsUser 0) is SL101's, whose aliases the lead keeps
    assert wanted - covered <= {"restricted/running-as-non-root-user"}


def test_baseline_profile_selects_baseline_rules_only():
    codes = {r.code for r in select_rules(RULES, select=["pss:baseline"])}
    assert {"SL120", "SL121", "SL122", "SL124", "SL125", "SL128", "SL129", "SL130", "SL131",
            "SL300", "SL301", "SL302", "SL303", "SL304"} <= codes
    assert not {"SL123", "SL127", "SL305", "SL306"} & codes
    restricted = {r.code for r in select_rules(RULES, select=["pss:restricted"])}
    assert {"SL123", "SL127", "SL305", "SL306"} <= restricted and codes <= restricted


def test_missing_settings_point_at_the_container_name():
    text = pod(container())
    for code in ("SL123", "SL126", "SL127"):
        [f] = catches(code, "k8s.yaml", text)
        assert (f.span.line, f.span.column, f.span.end_line) == (7, 11, 7), code
