"""SL300 windows-host-process: Windows HostProcess container."""

from __future__ import annotations

from helpers import catches
from linter.rules.kubernetes.examples import container, pod


def test_windows_host_process():
    text = pod("securityContext:\n  windowsOptions: {hostProcess: true}\nhostNetwork: true\n"
               + container())
    catches("SL300", "k8s.yaml", text)
