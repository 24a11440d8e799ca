"""Host devices (SL433), top-level secrets/configs without a source (SL434) and broken
variable references (SL435)."""

from __future__ import annotations

import re
from typing import Iterator

from linter.compose import ComposeFile, Service
from linter.compose.interpolation import syntax_errors
from linter.compose.schema import describe_path
from linter.compose.tree import _sub_span
from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.yaml import YMapping, YScalar, walk_scalars

_SPEC = "https://docs.docker.com/reference/compose-file/"

DEVICES = Rule(
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
    aliases={"kics": "Volume Has Sensitive Host Directory"},
    tags=["security", "isolation"],
    failing=[
        Example("compose.yaml", "services:\n  tool:\n    image: tool:1\n"
                                "    devices: ['/dev/sda:/dev/sda']\n"),
        Example("compose.yaml", "services:\n  tool:\n    image: tool:1\n"
                                "    device_cgroup_rules: ['a *:* rwm']\n"),
    ],
    passing=[Example("compose.yaml", "services:\n  tool:\n    image: tool:1\n"
                                     "    devices: ['/dev/ttyUSB0:/dev/ttyUSB0:r', '/dev/dri']\n"
                                     "    device_cgroup_rules: ['c 188:* rmw']\n")],
)

NO_SOURCE = Rule(
    code="SL434",
    name="secret-without-source",
    severity=Severity.HIGH,
    summary="Top-level secret or config says neither where its content comes from nor that it "
            "is external",
    rationale=(
        "A top-level secret needs `file`, `environment` or `external: true` (a config may also "
        "give `content`); without one, Compose has nothing to mount and refuses the project."),
    remediation="Add `file: ./path`, `environment: VAR_NAME` or `external: true`.",
    references=[_SPEC + "secrets/", _SPEC + "configs/"],
    aliases={},  # Docker Compose itself rejects this; no linter has an ID for it
    tags=["correctness"],
    failing=[Example("compose.yaml", "services:\n  web:\n    image: a:1\n    secrets: [pw]\n"
                                     "secrets:\n  pw:\n    name: prod_pw\n")],
    passing=[Example("compose.yaml",
                     "services:\n  web:\n    image: a:1\n    secrets: [pw, token]\n"
                     "    configs: [site]\nsecrets:\n  pw: {file: ./pw.txt}\n"
                     "  token: {environment: API_TOKEN}\n  other: {external: true, name: x}\n"
                     "configs:\n  site: {content: 'hello'}\n")],
)

INTERPOLATION = Rule(
    code="SL435",
    name="invalid-interpolation",
    severity=Severity.HIGH,
    summary="Malformed ${...} variable reference",
    rationale=(
        "Compose interpolates `${...}` in every value of the file and stops with 'invalid "
        "interpolation format' on an unclosed `${`, on `${1}` or `${}` and on an unknown "
        "operator (`${VAR:x}`). A shell snippet in `command:` or `healthcheck` that uses "
        "`${1}` or `${#VAR}` for the container's shell hits this: it must be written `$${1}`."),
    remediation="Close the brace, use a variable name with a valid operator (`:-`, `-`, "
                "`:?`, `?`, `:+`, `+`), or double the `$` (`$${VAR}`) when the shell inside "
                "the container, not Compose, must expand it.",
    references=[_SPEC + "interpolation/"],
    aliases={},  # Docker Compose itself rejects this; no linter has an ID for it
    tags=["correctness"],
    failing=[Example("compose.yaml", "services:\n  web:\n    image: a:1\n"
                                     "    command: [sh, -c, 'echo ${1:-none}']\n")],
    passing=[Example("compose.yaml", "services:\n  web:\n    image: a:${TAG:-1}\n"
                                     "    command: [sh, -c, 'echo $${1:-none} $$HOME $1']\n"
                                     "    environment: {A: '${B:-${C}}', P: '${D:?set D}'}\n")],
)


# ------------------------------------------------------------------------ SL433

_RAW_DISK = re.compile(r"^/dev/(?:sd[a-z]+|hd[a-z]+|vd[a-z]+|xvd[a-z]+|nvme\d+(?:n\d+)?|"
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


@DEVICES.check(Service)
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


# ------------------------------------------------------------------------ SL434


@NO_SOURCE.check(ComposeFile)
def no_source(cf: ComposeFile) -> Iterator[Hit]:
    for kind, keys in (("secrets", ("file", "environment", "external", "driver")),
                       ("configs", ("file", "environment", "external", "content"))):
        m = cf.node.get(kind)
        if not isinstance(m, YMapping):
            continue
        for e in m.entries:
            if e.merged or not isinstance(e.key, YScalar):
                continue
            v = e.value
            if isinstance(v, YMapping) and v.tag != "!reset" and not any(k in v for k in keys):
                if any(x.startswith("x-") for x in v.keys() if isinstance(x, str)):
                    continue
                word = kind[:-1]
                yield Hit(e.key, f"{word} '{e.key.as_str()}' has no "
                                 f"{', '.join(keys[:-1])} or {keys[-1]}",
                          fix="add `file: ./path`, `environment: VAR` or `external: true`")


# ------------------------------------------------------------------------ SL435


@INTERPOLATION.check(ComposeFile)
def interpolation(cf: ComposeFile) -> Iterator[Hit]:
    seen: set[int] = set()
    for path, node in walk_scalars(cf.node):
        if not isinstance(node.value, str) or "${" not in node.text or id(node) in seen:
            continue
        seen.add(id(node))
        for start, end, why in syntax_errors(node.text):
            where = describe_path([p for p in path if p is not None])
            yield Hit(_sub_span(node, start, end),
                      f"{where}: invalid interpolation: {why}",
                      fix="write '$$' for a '$' that Compose must leave alone")
