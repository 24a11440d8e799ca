"""Builders for the small control-plane manifests the rules show as examples (and tests lint):
static Pods as kubeadm writes them, and the configuration objects the components read."""

from __future__ import annotations

from .flags import ETCD

#: the image each component's example runs
_IMAGES = {"etcd": "registry.k8s.io/etcd:3.5.15-0", "kubelet": "registry.k8s.io/kubelet:v1.31.0"}


def static_pod(component: str, *flags: str, extra: str = "") -> str:
    """A kubeadm-style static Pod (namespace kube-system, ``tier: control-plane``) whose one
    container runs ``component`` with ``flags`` (``--name=value`` strings), each on its own
    line of ``command``; ``extra``: more keys of the container."""
    from textwrap import dedent, indent  # examples only: not on a run's path

    image = _IMAGES.get(component, f"registry.k8s.io/{component}:v1.31.0")
    lines = "".join(f"    - {f}\n" for f in flags)
    more = indent(dedent(extra).strip("\n"), "    ") + "\n" if extra else ""
    return (f"apiVersion: v1\nkind: Pod\nmetadata:\n  name: {component}\n"
            f"  namespace: kube-system\n  labels: {{component: {component}, tier: control-plane}}\n"
            f"spec:\n  hostNetwork: true\n  containers:\n  - name: {component}\n"
            f"    image: {image}\n    command:\n    - {component}\n{lines}{more}")


def kubelet_config(body: str = "") -> str:
    """A ``KubeletConfiguration`` with ``body`` (YAML at column 0) after its kind."""
    from textwrap import dedent  # examples only: not on a run's path

    return ("apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n"
            + dedent(body).strip("\n") + ("\n" if body.strip() else ""))


def etcd_pod(*flags: str) -> str:
    """kubeadm's etcd static Pod with ``flags``."""
    return static_pod(ETCD, *flags)


AUDIT_LOG = "--audit-log-path=/var/log/kubernetes/audit/audit.log"


def audit_rotation(flag: str, bad: int, good: int) -> tuple[list, list]:
    """The failing and passing examples of an audit-log rotation flag (``maxage``...): an
    audit log file without the flag or with ``bad``; the flag at ``good``, and a log on
    standard output (which has no rotation)."""
    from linter.engine import Example

    def pod(*flags: str):
        return Example("kube-apiserver.yaml", static_pod("kube-apiserver", AUDIT_LOG, *flags))

    return ([pod(), pod(f"--audit-log-{flag}={bad}")],
            [pod(f"--audit-log-{flag}={good}"),
             Example("kube-apiserver.yaml", static_pod("kube-apiserver", "--audit-log-path=-"))])
