"""SL124 container-runtime-socket and SL125 sensitive-host-mount: host paths in containers.
"""

from __future__ import annotations

from ..kubernetes.pss import (
    PSS_DOC,
    host_path_risk,
    mapping,
    scalar,
)

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:  # the models are named by their modules: a run imports only its kinds'
    from linter.compose import ComposeFile, Service

REFS = [
    PSS_DOC + "#baseline",
    "https://kubernetes.io/docs/concepts/storage/volumes/#hostpath",
    "https://docs.docker.com/engine/security/#docker-daemon-attack-surface",
]


def compose_binds(service: Service):
    for vm in service.volumes:
        if vm.type not in ("bind", "npipe") or not vm.source or not vm.known:
            continue
        yield vm, host_path_risk(vm.source)


def bound_volumes(cf: ComposeFile) -> dict[str, str]:
    """Top-level named volumes that are host directories in disguise (the local driver with
    ``driver_opts: {type: none, o: bind, device: /path}``): name -> host path."""
    out: dict[str, str] = {}
    if cf.volumes is None:
        return out
    for e in cf.volumes.entries:
        opts = mapping(e.value, "driver_opts")
        device, o = scalar(opts, "device"), scalar(opts, "o")
        if device is not None and o is not None and "bind" in o.as_str().split(","):
            out[str(e.name)] = device.as_str()
    return out


def named_binds(cf: ComposeFile, risk: str):
    bound = bound_volumes(cf)
    if not bound:
        return
    for service in cf.services:
        for vm in service.volumes:
            if vm.type == "volume" and vm.source in bound and host_path_risk(bound[vm.source]) == risk:
                yield service, vm, bound[vm.source]


