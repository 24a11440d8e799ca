"""SL324 invalid-port-name: Port name is not a valid IANA service name."""

from __future__ import annotations

from helpers import catches, catches_not
from linter.rules.kubernetes.examples import container, pod


def test_port_names():
    bad = pod(container("ports:\n- {name: Http_Admin, containerPort: 80}\n- {name: '8080', containerPort: 8080}"))
    msgs = [f.message for f in catches("SL324", "k8s.yaml", bad)]
    assert len(msgs) == 2 and "lower-case" in msgs[0] and "at least one letter" in msgs[1]
    placeholder = pod(container("ports:\n- {name: PORT, containerPort: 80}"))
    catches_not("SL324", "k8s.yaml", placeholder)
    svc = ("apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  ports:\n"
           "  - {port: 80, targetPort: http-metrics-port}\n")
    [f] = catches("SL324", "k8s.yaml", svc)
    assert "longer than 15" in f.message
