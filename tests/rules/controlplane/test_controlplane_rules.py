"""The control-plane rules beyond their documented examples: the forms flags are written in,
what a finding says and where, configuration files linted in the same run, and the rules of
other families on control-plane pods."""

from __future__ import annotations

import pytest

from helpers import RULES, catches, catches_not, lines
from linter.engine import Engine, select_rules
from linter.rules.controlplane.examples import kubelet_config, static_pod
from linter.runner import lint_paths

API = "kube-apiserver"


def lint_dir(tmp_path, files: dict[str, str], select: list[str]):
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    engine = Engine(select_rules(RULES, select=select))
    report = lint_paths([str(tmp_path)], engine)
    return sorted((f.path.rsplit("/", 1)[-1], f.span.line, f.code, f.message)
                  for f in report.findings)


# ------------------------------------------------------------------------------ flag rules


def test_a_wrong_value_is_reported_on_its_line_and_says_what_to_write():
    f = catches("SL600", "p.yaml", static_pod(API, "--secure-port=6443", "--anonymous-auth=true"))
    assert lines(f) == [15]
    assert "sets --anonymous-auth=true" in f[0].message and "write --anonymous-auth=false" \
        in f[0].message and f[0].fix == "--anonymous-auth=false"


def test_a_missing_flag_is_reported_on_the_program():
    f = catches("SL619", "p.yaml", static_pod(API, "--secure-port=6443"))
    assert lines(f) == [13] and "defaults to true" in f[0].message


def test_flags_in_args_and_in_the_space_form():
    text = static_pod(API).replace("    - kube-apiserver\n", "    - kube-apiserver\n    args:\n"
                                   "    - --profiling\n    - 'false'\n")
    # a boolean flag never takes the next word: --profiling alone is true
    catches("SL619", "p.yaml", text)
    catches_not("SL619", "p.yaml", text.replace("    - --profiling\n    - 'false'\n",
                                                "    - --profiling=false\n"))
    catches("SL620", "p.yaml", static_pod(API, "--audit-policy-file=/a.yaml"))
    catches_not("SL620", "p.yaml", static_pod(API, "--audit-log-path", "/var/log/audit.log"))


def test_the_last_of_repeated_flags_decides():
    catches("SL619", "p.yaml", static_pod(API, "--profiling=false", "--profiling=true"))
    catches_not("SL619", "p.yaml", static_pod(API, "--profiling=true", "--profiling=false"))


def test_silent_on_ordinary_workloads():
    app = ("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api}\nspec:\n"
           "  selector: {matchLabels: {app: api}}\n  template:\n    metadata: {labels: {app: api}}\n"
           "    spec:\n      containers:\n      - name: api\n        image: example.com/api:1\n"
           "        command: [api-server, --profiling=true]\n")
    for code in ("SL600", "SL619", "SL631", "SL651"):
        catches_not(code, "deploy.yaml", app)


def test_authorization_mode_missing_is_one_finding():
    text = static_pod(API, "--secure-port=6443")
    catches("SL607", "p.yaml", text)
    catches_not("SL608", "p.yaml", text)
    catches_not("SL609", "p.yaml", text)
    f = catches("SL608", "p.yaml", static_pod(API, "--authorization-mode=RBAC"))
    assert f[0].fix == "--authorization-mode=Node,RBAC"
    catches_not("SL607", "p.yaml", static_pod(API, "--authorization-config=/etc/authz.yaml"))


def test_admission_plugins_defaults_and_lists():
    catches_not("SL613", "p.yaml", static_pod(API))  # on by default
    f = catches("SL613", "p.yaml", static_pod(API, "--disable-admission-plugins=ServiceAccount,X"))
    assert "remove it from --disable-admission-plugins" in f[0].message
    catches("SL615", "p.yaml", static_pod(API, "--admission-control=NamespaceLifecycle"))
    catches_not("SL615", "p.yaml", static_pod(API, "--enable-admission-plugins=A",
                                              "--enable-admission-plugins=NodeRestriction"))
    f = catches("SL611", "p.yaml", static_pod(API, "--enable-admission-plugins=NodeRestriction,AlwaysAdmit"))
    assert "--enable-admission-plugins=NodeRestriction" in f[0].message
    f = catches("SL610", "p.yaml", static_pod(API, "--enable-admission-plugins=EventRateLimit"))
    assert "without --admission-control-config-file" in f[0].message


def test_audit_rotation_only_for_a_log_file():
    catches_not("SL621", "p.yaml", static_pod(API))
    catches_not("SL621", "p.yaml", static_pod(API, "--audit-log-path=-"))
    f = catches("SL621", "p.yaml", static_pod(API, "--audit-log-path=/var/log/a.log",
                                              "--audit-log-maxage=7"))
    assert "--audit-log-maxage=7" in f[0].message and f[0].fix == "--audit-log-maxage=30"


def test_certificates_name_the_missing_half():
    f = catches("SL627", "p.yaml", static_pod(API, "--etcd-certfile=/a.crt"))
    assert "runs without --etcd-keyfile" in f[0].message
    f = catches("SL628", "p.yaml", static_pod(API, "--tls-cert-file=", "--tls-private-key-file=/k"))
    assert lines(f) == [14] and "sets an empty --tls-cert-file" in f[0].message


def test_ciphers_name_the_weak_suites_only():
    f = catches("SL633", "p.yaml", static_pod(
        API, "--tls-cipher-suites=TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_RSA_WITH_RC4_128_SHA"))
    assert "TLS_RSA_WITH_RC4_128_SHA" in f[0].message
    assert "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256" not in f[0].message.split(":")[0]


def test_bind_address_loopback():
    for ok in ("127.0.0.1", "::1"):
        catches_not("SL646", "p.yaml", static_pod("kube-controller-manager", f"--bind-address={ok}"))
    catches_not("SL646", "p.yaml", static_pod("kube-controller-manager", "--bind-address=$(HOST_IP)"))


def test_etcd_environment_and_config_file():
    env = static_pod("etcd", extra="env:\n- {name: ETCD_CLIENT_CERT_AUTH, value: 'true'}")
    catches_not("SL651", "etcd.yaml", env)
    catches_not("SL651", "etcd.yaml", static_pod("etcd", "--config-file=/etc/etcd/etcd.conf.yml"))
    f = catches("SL652", "etcd.yaml", static_pod("etcd", extra="env:\n- {name: ETCD_AUTO_TLS, value: 'true'}"))
    assert "ETCD_AUTO_TLS=true" in f[0].message


def test_removed_flags_only_when_written():
    catches_not("SL618", "p.yaml", static_pod(API))
    catches("SL618", "p.yaml", static_pod(API, "--insecure-port=8080"))
    catches_not("SL617", "p.yaml", static_pod(API, "--insecure-bind-address=127.0.0.1"))


# --------------------------------------------------------------------- configuration objects


def test_encryption_configuration_first_provider():
    base = ("apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\nresources:\n"
            "- resources: [secrets, configmaps]\n  providers:\n  - {provider}\n  - identity: {{}}\n")
    f = catches("SL632", "enc.yaml", base.format(provider="aesgcm: {keys: [{name: k, secret: x}]}"))
    assert lines(f) == [6] and f[0].severity.name == "MEDIUM"
    catches_not("SL632", "enc.yaml", base.format(provider="secretbox: {keys: [{name: k, secret: x}]}"))
    wild = base.replace("[secrets, configmaps]", "['*.*']").format(provider="identity: {}")
    f = catches("SL632", "enc.yaml", wild)
    assert "plain text" in f[0].message


def test_audit_policy_levels():
    pol = "apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n"
    f = catches("SL635", "audit.yaml", pol + "- level: Metadata\n  users: [admin]\n"
                "- level: Request\n  resources: [{group: '', resources: ['secrets']}]\n")
    assert lines(f) == [6] and "Secret values" in f[0].message
    # TokenReviews carry bearer tokens
    f = catches("SL635", "audit.yaml", pol + "- level: Metadata\n  resources: [{group: '', "
                "resources: [secrets]}]\n- level: RequestResponse\n")
    assert "tokenreviews" in f[0].message
    f = catches("SL635", "audit.yaml", pol + "- level: Metadata\n  resources: [{group: apps}]\n")
    assert "not audited" in f[0].message
    catches_not("SL635", "audit.yaml", pol + "- level: Metadata\n")


# -------------------------------------------------------------------- kubelet and cross-file


KUBELET_POD = static_pod("kubelet", "--config=/var/lib/kubelet/config.yaml")


def test_kubelet_configuration_defaults_differ_from_the_flags():
    catches_not("SL663", "k.yaml", kubelet_config("clusterDomain: cluster.local\n"))
    f = catches("SL663", "k.yaml", static_pod("kubelet", "--kubeconfig=/etc/kubernetes/kubelet.conf"))
    assert "uses 10255" in f[0].message
    # kubeadm writes zero durations, which the kubelet reads as its defaults
    catches_not("SL664", "k.yaml", kubelet_config("streamingConnectionIdleTimeout: 0s\n"))
    catches("SL664", "k.yaml", static_pod("kubelet", "--streaming-connection-idle-timeout=0"))


def test_a_kubelet_config_finding_is_on_the_value_or_its_parent(tmp_path):
    f = catches("SL660", "k.yaml", kubelet_config("authentication:\n  anonymous:\n    enabled: true\n"))
    assert lines(f) == [5]
    f = catches("SL662", "k.yaml", kubelet_config("authentication:\n  webhook: {enabled: true}\n"))
    assert lines(f) == [3]


def test_the_config_file_a_kubelet_loads_is_read_in_the_same_run(tmp_path):
    files = {"kubelet.yaml": KUBELET_POD, "config.yaml": kubelet_config("readOnlyPort: 10255\n")}
    found = lint_dir(tmp_path, files, ["SL663"])
    assert [(p, line) for p, line, *_ in found] == [("config.yaml", 3)]
    # the flag wins over the file: the file is not what runs, the flag is judged
    files["kubelet.yaml"] = static_pod("kubelet", "--config=/var/lib/kubelet/config.yaml",
                                       "--read-only-port=0")
    assert lint_dir(tmp_path, files, ["SL663"]) == []


def test_a_kubelet_whose_config_file_was_not_linted_is_not_judged(tmp_path):
    assert lint_dir(tmp_path, {"kubelet.yaml": KUBELET_POD}, ["SL660", "SL663", "SL669"]) == []


def test_scheduler_profiling_from_its_config_file(tmp_path):
    sched = static_pod("kube-scheduler", "--config=/etc/kubernetes/scheduler-config.yaml",
                       "--profiling=false")  # ignored with --config
    cfg = ("apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\n"
           "enableProfiling: true\n")
    found = lint_dir(tmp_path, {"sched.yaml": sched, "scheduler-config.yaml": cfg}, ["SL647"])
    assert [(p, line) for p, line, *_ in found] == [("scheduler-config.yaml", 3)]
    assert lint_dir(tmp_path / "alone", {"sched.yaml": sched}, ["SL647"]) == []


def test_etcd_shared_ca_compares_host_paths(tmp_path):
    mounts = ("volumeMounts:\n- {{name: pki, mountPath: {m}}}\n")
    api = static_pod(API, "--client-ca-file=/pki/ca.crt", extra=mounts.format(m="/pki")) + \
        "  volumes:\n  - {name: pki, hostPath: {path: /etc/kubernetes/pki}}\n"
    etcd = static_pod("etcd", "--trusted-ca-file=/certs/ca.crt", extra=mounts.format(m="/certs")) + \
        "  volumes:\n  - {name: pki, hostPath: {path: /etc/kubernetes/pki}}\n"
    found = lint_dir(tmp_path, {"api.yaml": api, "etcd.yaml": etcd}, ["SL656"])
    assert [(p, c) for p, _, c, _ in found] == [("etcd.yaml", "SL656")]
    other = etcd.replace("/etc/kubernetes/pki}", "/etc/kubernetes/pki/etcd}")
    assert lint_dir(tmp_path / "b", {"api.yaml": api, "etcd.yaml": other}, ["SL656"]) == []


def test_rotate_kubelet_server_certificate_gate():
    f = catches("SL645", "kcm.yaml", static_pod(
        "kube-controller-manager", "--feature-gates=A=true,RotateKubeletServerCertificate=false"))
    assert lines(f) == [14]
    catches_not("SL645", "kcm.yaml", static_pod("kube-controller-manager"))


# ----------------------------------------------------------- workload rules on control planes


@pytest.mark.parametrize("code", ["SL104", "SL121", "SL125", "SL301", "SL304", "SL309"])
def test_workload_rules_that_do_not_fit_a_control_plane_pod_stay_silent(code):
    text = static_pod(API, extra=(
        "livenessProbe: {httpGet: {host: 10.0.0.10, path: /livez, port: 6443, scheme: HTTPS}}\n"
        "volumeMounts:\n- {name: pki, mountPath: /etc/kubernetes/pki, readOnly: true}\n"
        "- {name: ssl, mountPath: /etc/ssl/certs, readOnly: true}")) + \
        "  volumes:\n  - {name: pki, hostPath: {path: /etc/kubernetes/pki}}\n" \
        "  - {name: ssl, hostPath: {path: /etc/ssl/certs}}\n"
    catches_not(code, "kube-apiserver.yaml", text)
    # the same pod running anything else is judged as usual
    catches(code, "pod.yaml", text.replace("- kube-apiserver\n", "- my-server\n"))


def test_host_pid_is_still_reported_on_a_control_plane_pod():
    text = static_pod(API).replace("  hostNetwork: true\n", "  hostNetwork: true\n  hostPID: true\n")
    f = catches("SL121", "p.yaml", text)
    assert len(f) == 1 and "hostPID" in f[0].message


# -------------------------------------------------------------------------------- profile


def test_the_cis_profile_selects_the_family_and_section_5():
    chosen = {r.code for r in select_rules(RULES, select=["cis"])}
    family = {r.code for r in RULES if r.module.startswith("linter.rules.controlplane.")}
    assert family <= chosen
    assert {"SL101", "SL120", "SL121", "SL127", "SL306", "SL310", "SL311", "SL339"} <= chosen
    assert "SL102" not in chosen  # image tags are not a CIS control
    apiserver = {r.code for r in select_rules(RULES, select=["cis:1.2"])}
    assert "SL600" in apiserver and "SL651" not in apiserver and "SL120" not in apiserver


def test_every_rule_of_the_family_names_its_cis_section():
    for r in RULES:
        if r.module.startswith("linter.rules.controlplane."):
            assert r.cis_sections, r.code
            assert any(ref.startswith("CIS Kubernetes Benchmark") for ref in r.references), r.code


# ------------------------------------------------------------------------ examples/kubeadm


def _findings(path: str, select: list[str] | None):
    from helpers import ROOT
    engine = Engine(select_rules(RULES, select=select or []))
    report = lint_paths([str(ROOT / "examples" / "kubeadm" / path)], engine)
    return sorted((f.path.rsplit("/", 1)[-1], f.code) for f in report.findings)


def test_the_hardened_kubeadm_control_plane_passes_the_cis_profile():
    assert _findings("hardened", ["cis"]) == []
    assert _findings("hardened", None) == []


def test_what_kubeadm_writes_by_default():
    # a default run: root everywhere (kubeadm's rootless mode is opt-in), and the API server
    # flags kubeadm leaves to the administrator
    assert _findings("default", None) == [
        ("etcd.yaml", "SL101"),
        ("kube-apiserver.yaml", "SL101"), ("kube-apiserver.yaml", "SL600"),
        ("kube-apiserver.yaml", "SL606"), ("kube-apiserver.yaml", "SL619"),
        ("kube-apiserver.yaml", "SL620"), ("kube-apiserver.yaml", "SL631"),
        ("kube-apiserver.yaml", "SL634"),
        ("kube-controller-manager.yaml", "SL101"), ("kube-controller-manager.yaml", "SL641"),
        ("kube-scheduler.yaml", "SL101"), ("kube-scheduler.yaml", "SL647"),
        ("kubelet-config.yaml", "SL669"),
    ]


# ------------------------------------------------------------- more forms and configuration


def test_a_lone_dash_is_a_value_standard_output():
    # --audit-log-path - : the audit log goes to standard output, which has no rotation
    catches_not("SL621", "p.yaml", static_pod(API, "--audit-log-path", "-"))
    catches_not("SL620", "p.yaml", static_pod(API, "--audit-log-path", "-"))


def test_flags_split_between_command_and_args_and_repeated_lists():
    text = static_pod(API, "--enable-admission-plugins=NodeRestriction").replace(
        "    - kube-apiserver\n", "    - kube-apiserver\n    - --authorization-mode\n    - Node\n"
    ) + "    args: [--authorization-mode=RBAC, --profiling=false]\n"
    # --authorization-mode is a list flag: Node (command) and RBAC (args) add up
    for code in ("SL607", "SL608", "SL609", "SL615", "SL619"):
        catches_not(code, "p.yaml", text)


def test_a_missing_file_flag_names_the_file_to_write():
    f = catches("SL631", "p.yaml", static_pod(API))
    assert "an EncryptionConfiguration" in f[0].message
    assert f[0].fix == "--encryption-provider-config=/etc/kubernetes/enc/encryption-config.yaml"
    f = catches("SL634", "p.yaml", static_pod(API))
    assert "certificate" not in f[0].message and "audit Policy" in f[0].message


def test_the_kubelet_config_file_is_found_by_its_name_among_several(tmp_path):
    files = {"kubelet.yaml": static_pod("kubelet", "--config=/var/lib/kubelet/node-a.yaml",
                                        "--read-only-port=0"),
             "node-a.yaml": kubelet_config("readOnlyPort: 10255\n"),
             "node-b.yaml": kubelet_config("readOnlyPort: 10255\n")}
    # node-a is the file this kubelet loads, and its flag overrides it; node-b is judged alone
    found = lint_dir(tmp_path, files, ["SL663"])
    assert [(p, line) for p, line, *_ in found] == [("node-b.yaml", 3)]


def test_a_kubelet_without_config_file_is_judged_by_the_flags_defaults(tmp_path):
    kubelet = static_pod("kubelet", "--anonymous-auth=false", "--authorization-mode=Webhook",
                         "--client-ca-file=/etc/kubernetes/pki/ca.crt", "--read-only-port=0")
    assert lint_dir(tmp_path, {"kubelet.yaml": kubelet}, ["SL660", "SL661", "SL662", "SL663"]) == []
    found = lint_dir(tmp_path / "b", {"kubelet.yaml": static_pod("kubelet")}, ["SL661"])
    assert len(found) == 1 and "uses AlwaysAllow" in found[0][3]


def test_the_scheduler_config_file_does_not_silence_its_bind_address(tmp_path):
    # --bind-address stays a flag with --config (KubeSchedulerConfiguration v1 has no address)
    sched = static_pod("kube-scheduler", "--config=/etc/kubernetes/scheduler-config.yaml")
    cfg = ("apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\n"
           "enableProfiling: false\n")
    found = lint_dir(tmp_path, {"sched.yaml": sched, "scheduler-config.yaml": cfg},
                     ["SL647", "SL648"])
    assert [(p, c) for p, _, c, _ in found] == [("sched.yaml", "SL648")]


def test_anonymous_auth_through_the_authentication_configuration(tmp_path):
    api = static_pod(API, "--authentication-config=/etc/kubernetes/authn/authn.yaml")
    cfg = ("apiVersion: apiserver.config.k8s.io/v1beta1\nkind: AuthenticationConfiguration\n"
           "anonymous:\n  enabled: true\n  conditions:\n  - path: /livez\n  - path: {p}\n")
    assert lint_dir(tmp_path / "a", {"api.yaml": api, "authn.yaml": cfg.format(p="/readyz")},
                    ["SL600"]) == []
    found = lint_dir(tmp_path / "b", {"api.yaml": api, "authn.yaml": cfg.format(p="/api")},
                     ["SL600"])
    assert [(p, line) for p, line, *_ in found] == [("authn.yaml", 7)]
    assert "reach /api" in found[0][3]
    # a file without an anonymous section leaves it to --anonymous-auth (default true)
    plain = "apiVersion: apiserver.config.k8s.io/v1beta1\nkind: AuthenticationConfiguration\njwt: []\n"
    found = lint_dir(tmp_path / "c", {"api.yaml": api, "authn.yaml": plain}, ["SL600"])
    assert [(p, c) for p, _, c, _ in found] == [("api.yaml", "SL600")]
    # the file not linted: unknown, unless the flag is written
    assert lint_dir(tmp_path / "d", {"api.yaml": api}, ["SL600"]) == []
    written = static_pod(API, "--authentication-config=/a.yaml", "--anonymous-auth=true")
    assert len(lint_dir(tmp_path / "e", {"api.yaml": written}, ["SL600"])) == 1


def test_kubelet_ciphers_of_a_file_the_flag_overrides_are_not_judged(tmp_path):
    weak = kubelet_config("tlsCipherSuites: [TLS_RSA_WITH_AES_128_CBC_SHA]\n")
    kubelet = static_pod("kubelet", "--config=/var/lib/kubelet/config.yaml",
                         "--tls-cipher-suites=TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256")
    assert lint_dir(tmp_path / "a", {"kubelet.yaml": kubelet, "config.yaml": weak},
                    ["SL671"]) == []
    found = lint_dir(tmp_path / "b", {"config.yaml": weak}, ["SL671"])
    assert [(p, line) for p, line, *_ in found] == [("config.yaml", 3)]
