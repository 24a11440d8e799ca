"""Host paths in Compose volumes and Kubernetes hostPath volumes: which of SL124 (runtime
socket), SL125 (sensitive directory) and SL301 (any hostPath) reports each."""

from __future__ import annotations

from helpers import catches
from linter.rules.kubernetes.examples import container, pod


def test_named_volume_binding_a_host_path():
    text = ("services:\n  ci:\n    image: ci:1\n    volumes:\n      - dockersock:/var/run/docker.sock\n"
            "      - hostetc:/host/etc:ro\n      - data:/data\n"
            "volumes:\n  dockersock:\n    driver: local\n"
            "    driver_opts: {type: none, o: bind, device: /var/run/docker.sock}\n"
            "  hostetc:\n    driver_opts: {type: none, o: bind, device: /etc}\n"
            "  data:\n    driver_opts: {type: none, o: bind, device: /srv/data}\n")
    [s] = catches("SL124", "compose.yaml", text)
    assert "volume 'dockersock'" in s.message and s.span.line == 5
    [e] = catches("SL125", "compose.yaml", text)
    assert "'/etc' read-only" in e.message and e.severity.name == "MEDIUM"


def test_host_paths_are_reported_once_by_the_most_specific_rule():
    text = pod(container("volumeMounts:\n- {name: a, mountPath: /a}\n- {name: b, mountPath: /b, readOnly: true}\n"
                         "- {name: c, mountPath: /c}")
               + "volumes:\n- {name: a, hostPath: {path: /run/containerd/containerd.sock}}\n"
                 "- {name: b, hostPath: {path: /var/lib/kubelet/pods}}\n"
                 "- {name: c, hostPath: {path: /srv/cache}}\n")
    [k] = catches("SL124", "k8s.yaml", text)
    assert "'/run/containerd/containerd.sock'" in k.message
    [s] = catches("SL125", "k8s.yaml", text)
    assert "/var/lib/kubelet/pods" in s.message and "read-only" in s.message and s.severity.name == "MEDIUM"
    [h] = catches("SL301", "k8s.yaml", text)
    assert "/srv/cache" in h.message
