"""SL122 added-capabilities (Kubernetes and Compose) and SL123 capabilities-not-dropped
(Kubernetes): Linux capabilities.
"""

from __future__ import annotations

from ..kubernetes.pss import (
                                   PSS_DOC,
)

REFS = [
    PSS_DOC,
    "https://kubernetes.io/docs/tasks/configure-pod-container/security-context/"
    "#set-capabilities-for-a-container",
    "https://docs.docker.com/reference/compose-file/services/#cap_add",
    "https://man7.org/linux/man-pages/man7/capabilities.7.html",
    "CIS Docker Benchmark 5.3: Ensure that Linux kernel capabilities are restricted within "
    "containers",
]


