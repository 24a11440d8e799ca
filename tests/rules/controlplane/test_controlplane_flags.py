"""The shared helper of the control-plane family: components recognised by what their
containers run, and flags read the way the components read them (rules/controlplane/flags.py)."""

from __future__ import annotations

import textwrap

from linter.kubernetes import build
from linter.rules.controlplane.flags import command, commands, is_control_plane
from linter.yaml import load


def template(text: str):
    docs, _ = load(textwrap.dedent(text))
    objects, _ = build("x.yaml", docs)
    return next(o.pod_template for o in objects if o.pod_template is not None)


def pod(containers: str, namespace: str = "kube-system", labels: str = "") -> str:
    meta = f"  namespace: {namespace}\n" if namespace else ""
    meta += f"  labels: {labels}\n" if labels else ""
    return ("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n" + meta + "spec:\n  containers:\n"
            + textwrap.indent(textwrap.dedent(containers).strip("\n"), "  ") + "\n")


def first(text: str):
    cmds = list(commands(template(text)))
    assert cmds, "no control-plane command recognised"
    return cmds[0]


# ------------------------------------------------------------------------------ recognition


def test_recognised_by_the_program_whatever_the_path_or_names():
    cmd = first(pod("- name: x\n  image: example.com/whatever:1\n"
                    "  command: [/usr/local/bin/kube-apiserver, --profiling=false]",
                    namespace="", labels=""))
    assert cmd.component == "kube-apiserver"
    assert cmd.program.span.line == 9


def test_args_carry_the_flags_after_command():
    cmd = first(pod("- name: x\n  image: i\n  command: [kube-controller-manager]\n"
                    "  args: [--bind-address=0.0.0.0, --profiling=false]"))
    assert cmd.component == "kube-controller-manager"
    assert cmd.get("bind-address").value == "0.0.0.0"
    assert cmd.get("profiling").node.span.line == 11


def test_hyperkube_and_shell_wrappers():
    assert first(pod("- name: x\n  image: i\n  command: [/hyperkube, apiserver, --secure-port=0]")
                 ).get("secure-port").value == "0"
    cmd = first(pod("- name: x\n  image: i\n  command: [/bin/sh, -c]\n"
                    "  args: ['exec kube-scheduler --bind-address=0.0.0.0 --profiling=false && echo']"))
    assert cmd.component == "kube-scheduler"
    assert [f.name for f in cmd.flags] == ["bind-address", "profiling"]


def test_other_programs_are_not_components():
    pt = template(pod("- name: x\n  image: i\n  command: [my-kube-apiserver-proxy, --x]\n"
                      "- name: y\n  image: i\n  command: [sh, -c, 'echo kube-apiserver']"))
    assert not is_control_plane(pt)


def test_an_application_etcd_is_not_the_cluster_s_etcd():
    app = pod("- name: etcd\n  image: quay.io/coreos/etcd:v3.5.15\n  command: [etcd]",
              namespace="shop")
    assert not is_control_plane(template(app))
    for ns, labels in (("kube-system", ""), ("", "{tier: control-plane}")):
        cp = pod("- name: etcd\n  image: registry.k8s.io/etcd:3.5.15-0\n  command: [etcd]",
                 namespace=ns, labels=labels)
        assert is_control_plane(template(cp))


# ----------------------------------------------------------------------------------- flags


def test_equals_and_space_forms():
    cmd = first(pod("- name: x\n  image: i\n  command:\n  - kube-apiserver\n"
                    "  - --audit-log-path\n  - /var/log/audit.log\n  - --secure-port=6443"))
    flag = cmd.get("audit-log-path")
    assert flag.value == "/var/log/audit.log" and flag.span.line == 13  # the value's line
    assert cmd.get("secure-port").value == "6443"


def test_a_boolean_flag_alone_is_true_and_takes_no_value():
    cmd = first(pod("- name: x\n  image: i\n  command: [kube-apiserver, --profiling, --secure-port=6443]"))
    assert cmd.get("profiling").value == "true"
    assert cmd.get("secure-port").value == "6443"


def test_the_last_of_repeated_flags_wins_and_lists_add_up():
    cmd = first(pod("- name: x\n  image: i\n  command: [kube-apiserver, --profiling=true,\n"
                    "    '--enable-admission-plugins=NodeRestriction, EventRateLimit',\n"
                    "    --profiling=false, --enable-admission-plugins=AlwaysPullImages]"))
    assert cmd.get("profiling").value == "false"
    assert [n for n, _ in cmd.items("enable-admission-plugins")] == [
        "NodeRestriction", "EventRateLimit", "AlwaysPullImages"]


def test_feature_gates():
    cmd = first(pod("- name: x\n  image: i\n  command: [kube-controller-manager,\n"
                    "    '--feature-gates=A=true,RotateKubeletServerCertificate=false']"))
    value, flag = cmd.feature_gate("RotateKubeletServerCertificate")
    assert value is False and flag.name == "feature-gates"
    assert cmd.feature_gate("Other") is None


def test_etcd_reads_single_dash_flags_and_its_environment():
    cmd = first(pod("- name: etcd\n  image: i\n  command: [etcd, -client-cert-auth=true]\n"
                    "  env:\n  - {name: ETCD_AUTO_TLS, value: 'true'}\n"
                    "  - {name: ETCD_CLIENT_CERT_AUTH, value: 'false'}"))
    assert cmd.get("client-cert-auth").value == "true"  # the command line wins
    assert cmd.get("auto-tls").value == "true" and cmd.get("auto-tls").span.line == 12


def test_etcd_with_a_config_file_ignores_flags():
    cmd = first(pod("- name: etcd\n  image: i\n  command: [etcd, --config-file=/etc/etcd/etcd.yaml]"))
    assert cmd.unknowable


def test_values_resolved_at_run_time_are_unknown():
    cmd = first(pod("- name: x\n  image: i\n  command: [kube-apiserver, '--bind-address=$(POD_IP)']"))
    assert cmd.get("bind-address").unresolved


def test_a_container_whose_command_is_not_a_list_of_words():
    c = template(pod("- name: x\n  image: i\n  command: [kube-apiserver, {a: b}]")).containers[0]
    assert command(c) is None
