"""SL121 host-namespaces: Container shares the host's network, PID or IPC namespace."""

from __future__ import annotations

import textwrap

import pytest

from helpers import catches, catches_not, compose_service
from linter.rules.kubernetes.examples import container, pod


@pytest.mark.parametrize("key,value", [("network_mode", "host"), ("pid", "host"), ("ipc", "host"),
                                       ("userns_mode", "host")])
def test_host_namespaces(key, value):
    [f] = catches("SL121", "compose.yaml", compose_service(f"{key}: {value}"))
    assert f"{key}: host" in f.message


def test_network_mode_service_is_not_the_host():
    catches_not("SL121", "compose.yaml", compose_service("network_mode: service:db"))


def cronjob(spec: str) -> str:
    return ("apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: nightly}\nspec:\n"
            "  schedule: '0 3 * * *'\n  jobTemplate:\n    spec:\n      template:\n"
            "        spec:\n" + textwrap.indent(spec, "          "))


def test_cronjob_nesting_is_checked_with_exact_position():
    text = cronjob("hostNetwork: true\nrestartPolicy: Never\n" + container())
    [f] = catches("SL121", "k8s.yaml", text)
    assert (f.span.line, f.span.column) == (10, 24)
    assert "CronJob 'nightly'" in f.message and "Host Namespaces" in f.message


def test_yaml11_booleans_count():
    catches("SL121", "k8s.yaml", pod("hostPID: yes\n" + container()))
    catches_not("SL121", "k8s.yaml", pod("hostPID: no\n" + container()))
