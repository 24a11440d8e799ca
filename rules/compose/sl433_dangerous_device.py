"""SL433 dangerous-device: Service gets a host device that exposes host memory, disks or the kernel
log.
"""

from __future__ import annotations

from linter import lazyre
from linter.compose import Service
from linter.engine import Example, Hit, Rule
from linter.findings import Severity

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

_SPEC = "https://docs.docker.com/reference/compose-file/"


RULE = Rule(
    code="SL433",
    name="dangerous-device",
    severity=Severity.HIGH,
    summary="Service gets a host device that exposes host memory, disks or the kernel log",
    rationale=(
        "`devices:` hands a host device node to the container. `/dev/mem`, `/dev/kmem` and "
        "`/dev/port` give raw access to host memory and I/O ports; a raw disk (`/dev/sda`, "
        "`/dev/nvme0n1`, `/dev/dm-0`, ...) lets the container read and rewrite the host's "
        "filesystems, bypassing every mount restriction; `/dev/kmsg` reads and forges kernel "
        "log entries. `device_cgroup_rules: ['a *:* rwm']` allows every device at once. Peer "
        "tools do not check Compose devices at all."),
    remediation=(
        "Pass only the device the service needs (a GPU, a serial adapter), read-only where "
        "possible (`/dev/ttyUSB0:/dev/ttyUSB0:r`), or give it a file or volume instead of a "
        "raw disk."),
    references=[_SPEC + "services/#devices", _SPEC + "services/#device_cgroup_rules",
                "CIS Docker Benchmark 5.17: Ensure that host devices are not directly exposed "
                "to containers"],
    tags=["security", "isolation"],
    failing=lambda: [
        Example("compose.yaml", "services:\n  tool:\n    image: tool:1\n"
                                "    devices: ['/dev/sda:/dev/sda']\n"),
        Example("compose.yaml", "services:\n  tool:\n    image: tool:1\n"
                                "    device_cgroup_rules: ['a *:* rwm']\n"),
    ],
    passing=lambda: [Example("compose.yaml", "services:\n  tool:\n    image: tool:1\n"
                                     "    devices: ['/dev/ttyUSB0:/dev/ttyUSB0:r', '/dev/dri']\n"
                                     "    device_cgroup_rules: ['c 188:* rmw']\n")],
)


_RAW_DISK = lazyre.compile(r"^/dev/(?:sd[a-z]+|hd[a-z]+|vd[a-z]+|xvd[a-z]+|nvme\d+(?:n\d+)?|"
                       r"dm-\d+|mapper/.+|md\d+|loop\d+|mmcblk\d+|disk/.+)(?:p?\d+)?$")


_MEMORY = {"/dev/mem": "host physical memory", "/dev/kmem": "kernel memory",
           "/dev/port": "host I/O ports", "/dev/kmsg": "the kernel log"}


def device_risk(host_path: str) -> str | None:
    p = host_path.strip().rstrip("/")
    if p in ("/dev", ""):
        return "every host device"
    if p in _MEMORY:
        return _MEMORY[p]
    if _RAW_DISK.match(p):
        return "a raw host disk"
    return None


@RULE.check(Service)
def devices(s: Service) -> Iterator[Hit]:
    for d in s.devices:
        if not d.known or d.value is None:
            continue
        host = d.value.strip().split(":", 1)[0]
        risk = device_risk(host)
        if risk:
            yield Hit(d, f"service '{s.name}' gets host device '{host}' ({risk})",
                      severity=Severity.MEDIUM if risk == "the kernel log" else None,
                      fix="pass only the device the service needs, or a file or volume "
                          "instead of a raw device")
    for rule in s.values("device_cgroup_rules"):
        if rule.known and rule.value is not None:
            parts = rule.value.split()
            if len(parts) >= 2 and parts[0] in ("a", "b") and parts[1] in ("*:*", "*"):
                what = "every device" if parts[0] == "a" else "every block device"
                yield Hit(rule, f"service '{s.name}' allows {what} through "
                                f"device_cgroup_rules '{rule.value.strip()}'")
