"""Pod Security Standards rules on Kubernetes manifests: nesting, precedence, exemptions."""

from __future__ import annotations

import textwrap

import pytest

from helpers import ALL, RULES, lint_text
from linter.engine import select_rules
from linter.rules.kubernetes.examples import container, deployment, pod


def found(text: str, code: str, filename: str = "k8s.yaml"):
    return [f for f in lint_text(filename, text, ALL) if f.code == code]


def cronjob(spec: str) -> str:
    return ("apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: nightly}\nspec:\n"
            "  schedule: '0 3 * * *'\n  jobTemplate:\n    spec:\n      template:\n"
            "        spec:\n" + textwrap.indent(spec, "          "))


# ------------------------------------------------------------------ where pods live


def test_cronjob_nesting_is_checked_with_exact_position():
    text = cronjob("hostNetwork: true\nrestartPolicy: Never\n" + container())
    [f] = found(text, "SL121")
    assert (f.span.line, f.span.column) == (10, 24)
    assert "CronJob 'nightly'" in f.message and "Host Namespaces" in f.message


def test_list_items_are_checked():
    text = ("apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n"
            "  metadata: {name: a}\n  spec:\n    containers:\n    - name: c\n"
            "      image: x:1\n      securityContext: {privileged: true}\n")
    [f] = found(text, "SL120")
    assert f.span.line == 11 and "container 'c'" in f.message


@pytest.mark.parametrize("key", ["containers", "initContainers", "ephemeralContainers"])
def test_every_container_list_is_visited(key):
    text = pod(f"{key}:\n- name: c\n  image: x:1\n  securityContext:\n"
               "    privileged: true\n    capabilities: {add: [SYS_ADMIN]}\n")
    assert found(text, "SL120") and found(text, "SL122")


def test_sidecar_init_container_needs_no_privilege_escalation_too():
    text = pod(container("securityContext: {allowPrivilegeEscalation: false}")
               + "initContainers:\n- name: proxy\n  image: proxy:1\n  restartPolicy: Always\n")
    [f] = found(text, "SL127")
    assert "initContainer 'proxy'" in f.message


# --------------------------------------------------------------- precedence


def test_seccomp_container_overrides_pod_for_restricted_but_baseline_sees_both_levels():
    text = pod("securityContext:\n  seccompProfile: {type: RuntimeDefault}\n"
               + container("securityContext:\n  seccompProfile: {type: Unconfined}"))
    [f] = found(text, "SL128")
    assert "container 'app'" in f.message and "Unconfined" in f.message
    assert not found(text, "SL306")


def test_seccomp_set_on_some_containers_only():
    text = pod(container("securityContext:\n  seccompProfile: {type: Localhost, localhostProfile: p.json}")
               + "- name: other\n  image: x:1\n")
    [f] = found(text, "SL306")
    assert "container 'other'" in f.message


def test_seccomp_unconfined_at_pod_level_is_reported_once():
    text = pod("securityContext:\n  seccompProfile: {type: Unconfined}\n" + container())
    assert len(found(text, "SL128")) == 1
    assert not found(text, "SL306")  # the pod sets a profile; baseline reports its value


def test_selinux_container_options_replace_pod_options():
    text = pod("securityContext:\n  seLinuxOptions: {type: spc_t}\n"
               + container("securityContext:\n  seLinuxOptions: {type: container_t}"))
    [f] = found(text, "SL130")
    assert "pod's securityContext" in f.message  # the pod level itself is checked, as PSA does


def test_capabilities_are_normalised_and_odd_spellings_named():
    text = pod(container("securityContext:\n  capabilities:\n    add: [cap_sys_admin, CAP_CHOWN]\n"
                         "    drop: [ALL]"))
    f, g = found(text, "SL122")
    assert "SYS_ADMIN" in f.message and f.severity.name == "HIGH"
    # the admission check compares literally: CAP_CHOWN is not CHOWN to it
    assert "'CAP_CHOWN'" in g.message and "write CHOWN" in g.message and g.severity.name == "LOW"
    assert not found(text, "SL123")
    plain = pod(container("securityContext:\n  capabilities: {add: [CHOWN], drop: [ALL]}"))
    [h] = found(plain, "SL123")  # CHOWN is baseline-allowed but not restricted-allowed
    assert "CHOWN" in h.message and "restricted" in h.message


def test_lowercase_all_is_not_all_for_the_admission_check():
    [f] = found(pod(container("securityContext:\n  capabilities: {drop: [all]}")), "SL123")
    assert "'all'" in f.message and "capital" in f.message


def test_net_raw_add_is_baseline_violation_but_not_in_compose():
    k8s = pod(container("securityContext:\n  capabilities: {add: [NET_RAW], drop: [ALL]}"))
    assert found(k8s, "SL122")
    compose = "services:\n  a:\n    image: a:1\n    cap_add: [NET_RAW]\n"
    assert not found(compose, "SL122", "compose.yaml")


def test_yaml11_booleans_count():
    assert found(pod("hostPID: yes\n" + container()), "SL121")
    assert not found(pod("hostPID: no\n" + container()), "SL121")


# --------------------------------------------------------------- exemptions


@pytest.mark.parametrize("code", ["SL123", "SL127", "SL306"])
def test_windows_pods_are_exempt_from_restricted_linux_controls(code):
    linux = pod(container())
    windows = pod("os: {name: windows}\n" + container())
    assert found(linux, code)
    assert not found(windows, code)


def test_windows_pods_still_get_baseline_checks():
    text = pod("os: {name: windows}\n" + container("securityContext: {privileged: true}"))
    assert found(text, "SL120")


def test_proc_mount_in_user_namespace_is_restricted_only():
    plain = pod(container("securityContext: {procMount: Unmasked}"))
    userns = pod("hostUsers: false\n" + container("securityContext: {procMount: Unmasked}"))
    [a] = found(plain, "SL302")
    [b] = found(userns, "SL302")
    assert "baseline" in a.message and a.severity.name == "HIGH"
    assert "restricted" in b.message and b.severity.name == "MEDIUM"


def test_containers_without_image_are_patches_for_absence_checks():
    patch = deployment("containers:\n- name: app\n  resources: {limits: {memory: 1Gi}}\n")
    for code in ("SL123", "SL126", "SL127", "SL306", "SL308", "SL309"):
        assert not found(patch, code), code


# --------------------------------------------------------------- host paths


def test_host_paths_are_reported_once_by_the_most_specific_rule():
    text = pod(container("volumeMounts:\n- {name: a, mountPath: /a}\n- {name: b, mountPath: /b, readOnly: true}\n"
                         "- {name: c, mountPath: /c}")
               + "volumes:\n- {name: a, hostPath: {path: /run/containerd/containerd.sock}}\n"
                 "- {name: b, hostPath: {path: /var/lib/kubelet/pods}}\n"
                 "- {name: c, hostPath: {path: /srv/cache}}\n")
    [k] = found(text, "SL124")
    assert "'/run/containerd/containerd.sock'" in k.message
    [s] = found(text, "SL125")
    assert "/var/lib/kubelet/pods" in s.message and "read-only" in s.message and s.severity.name == "MEDIUM"
    [h] = found(text, "SL301")
    assert "/srv/cache" in h.message


def test_sysctls_and_volume_types():
    text = pod("securityContext:\n  sysctls:\n  - {name: net.core.somaxconn, value: '1024'}\n"
               "  - {name: net.ipv4.tcp_keepalive_time, value: '60'}\n" + container()
               + "volumes:\n- {name: g, gitRepo: {repository: 'https://example.com/r.git'}}\n")
    [s] = found(text, "SL303")
    assert "net.core.somaxconn" in s.message
    [v] = found(text, "SL305")
    assert "gitRepo" in v.message and v.severity.name == "HIGH"


def test_host_field_in_lifecycle_hook():
    text = pod(container("lifecycle:\n  preStop:\n    httpGet: {host: 10.0.0.1, path: /drain, port: 80}"))
    [f] = found(text, "SL304")
    assert "preStop" in f.message


def test_apparmor_annotation_and_field():
    text = pod(container("securityContext:\n  appArmorProfile: {type: Localhost, localhostProfile: k}"),
               metadata="name: p\nannotations:\n"
                        "  container.apparmor.security.beta.kubernetes.io/app: unconfined")
    [f] = found(text, "SL129")
    assert "container 'app'" in f.message


def test_windows_host_process():
    text = pod("securityContext:\n  windowsOptions: {hostProcess: true}\nhostNetwork: true\n"
               + container())
    assert found(text, "SL300")


# --------------------------------------------------------------- profiles

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
        [f] = found(text, code)
        assert (f.span.line, f.span.column, f.span.end_line) == (7, 11, 7), code
