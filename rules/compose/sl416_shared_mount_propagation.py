"""SL416 shared-mount-propagation: Bind mount uses shared or slave propagation."""

from __future__ import annotations

from linter.compose import Service
from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.yaml import YScalar

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

_SPEC = "https://docs.docker.com/reference/compose-file/services/"


RULE = Rule(
    code="SL416",
    name="shared-mount-propagation",
    severity=Severity.MEDIUM,
    summary="Bind mount uses shared or slave propagation",
    rationale=(
        "With `shared`/`rshared` propagation, mounts the container makes under the bind mount "
        "appear on the host (and in other containers), and with `slave`/`rslave` host mounts "
        "flow in: the container is no longer isolated from the host's mount table. Only "
        "storage and CSI-like agents need this."),
    remediation="Drop the propagation option (the default is `rprivate`) unless the service is "
                "a storage agent that must publish mounts to the host.",
    references=[_SPEC + "#volumes",
                "https://docs.docker.com/engine/storage/bind-mounts/#configure-bind-propagation",
                "CIS Docker Benchmark 5.19: Ensure that mount propagation mode is not set to "
                "shared"],
    aliases={"kics": "Volume Mounted In Multiple Containers"},
    tags=["security", "isolation"],
    failing=lambda: [
        Example("compose.yaml", "services:\n  agent:\n    image: agent:1\n"
                                "    volumes: ['/mnt/data:/data:rshared']\n"),
        Example("compose.yaml", "services:\n  agent:\n    image: agent:1\n    volumes:\n"
                                "      - type: bind\n        source: /mnt/data\n        target: /data\n"
                                "        bind: {propagation: shared}\n"),
    ],
    passing=lambda: [Example("compose.yaml", "services:\n  agent:\n    image: agent:1\n"
                                     "    volumes: ['/mnt/data:/data:ro,rprivate', 'data:/cache']\n"
                                     "volumes:\n  data: {}\n")],
)


_SHARED = frozenset({"shared", "rshared", "slave", "rslave"})


@RULE.check(Service)
def propagation(s: Service) -> Iterator[Hit]:
    for vm in s.volumes:
        modes = [o.strip() for o in vm.options]
        if vm.bind is not None:
            p = vm.bind.get("propagation")
            if isinstance(p, YScalar) and p.value is not None:
                modes.append(p.as_str().strip())
        bad = [m for m in modes if m in _SHARED]
        if bad:
            yield Hit(vm, f"service '{s.name}' mounts '{vm.target}' with '{bad[0]}' propagation: "
                          "mounts cross between the container and the host",
                      fix="drop the propagation option (default rprivate)")
