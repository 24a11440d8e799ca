"""Rules of the controlplane family: the CIS Kubernetes Benchmark's controls on control-plane
components (kube-apiserver, kube-controller-manager, kube-scheduler, etcd, kubelet) and the
configuration files they read (KubeletConfiguration, EncryptionConfiguration, audit Policy),
recognised by content (see ``flags``)."""

#: the kinds of file this family's rules check: a run over other kinds does not import it
FORMATS = ("kubernetes",)

#: what a file must hold (lower case) for any rule of this family to judge it: a component's
#: program (``kube-apiserver``, ``hyperkube apiserver``, ``etcd``, ``kubelet``...) or a
#: configuration file's kind or API group. A run over named files none of which holds one
#: does not import the family (start-up, issue #14; tests/test_startup.py checks that every
#: failing example of the family holds one)
MARKERS = ("apiserver", "controller-manager", "scheduler", "etcd", "kubelet", "hyperkube",
           "audit.k8s.io", "encryptionconfig", "authenticationconfiguration")

#: the rules a run without configuration does not run, by code: opt-in (``opt_in``,
#: ``enabled_by_default=False``) or not released yet (``since="next"``). A run that names no
#: rule anywhere does not import them (``rules_for``); tests/test_startup.py checks this
#: holds every such rule of the family and no other.
OFF_BY_DEFAULT = frozenset({
    "SL610", "SL612", "SL640", "SL665", "SL668"})
