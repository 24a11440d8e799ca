"""SL436 invalid-size: Memory or storage size Compose cannot parse."""

from __future__ import annotations

import re

from linter import lazyre
from linter.compose import Service, make_value
from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.yaml import YMapping, YScalar

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

_SPEC = "https://docs.docker.com/reference/compose-file/services/"


RULE = Rule(
    code="SL436",
    name="invalid-size",
    severity=Severity.HIGH,
    summary="Memory or storage size Compose cannot parse",
    rationale=(
        "Sizes (`mem_limit`, `mem_reservation`, `memswap_limit`, `shm_size`, "
        "`deploy.resources.*.memory`, tmpfs `size`) are a number with an optional unit "
        "(`512m`, `1.5g`, `2GiB`). The schema accepts any string, so `512 megabytes` or `1G "
        "RAM` pass validation and stop Compose when it loads the file."),
    remediation="Write a number followed by b, k, m, g, t or p (optionally with `i`/`b`, as "
                "in `512MiB`), e.g. `mem_limit: 512m`.",
    references=[_SPEC + "#mem_limit", "https://docs.docker.com/reference/compose-file/"
                "extension/#specifying-byte-values"],
    aliases={},  # Docker Compose itself rejects this; no linter has an ID for it
    tags=["correctness"],
    failing=lambda: [Example("compose.yaml", "services:\n  web:\n    image: nginx:1.27\n"
                                     "    mem_limit: 512 megabytes\n")],
    passing=lambda: [Example("compose.yaml", "services:\n  web:\n    image: nginx:1.27\n"
                                     "    mem_limit: 512m\n    memswap_limit: -1\n"
                                     "    shm_size: 2gb\n    deploy:\n      resources:\n"
                                     "        limits: {memory: '${MEM:-1.5GiB}'}\n")],
    security=False,
)


_SIZE = lazyre.compile(r"^\d+(?:\.\d+)*\s?(?:[kmgtp]?i?b?)$", re.IGNORECASE)


_SIZE_KEYS = (
    ((), ("mem_limit", "mem_reservation", "memswap_limit", "shm_size")),
    (("build",), ("shm_size",)),
    (("deploy", "resources", "limits"), ("memory",)),
    (("deploy", "resources", "reservations"), ("memory",)),
)


def valid_size(text: str) -> bool:
    t = text.strip()
    return t == "-1" or bool(_SIZE.match(t))


@RULE.check(Service)
def sizes(s: Service) -> Iterator[Hit]:
    candidates = []
    for path, keys in _SIZE_KEYS:
        m = s.node.path(*path) if path else s.node
        if isinstance(m, YMapping):
            candidates += [(".".join(path + (k,)), m.get(k)) for k in keys]
    for vm in s.volumes:
        if vm.tmpfs is not None:
            candidates.append((f"volumes '{vm.target}' tmpfs.size", vm.tmpfs.get("size")))
    for where, v in candidates:
        if not isinstance(v, YScalar) or not isinstance(v.value, str) or v.tag == "!reset":
            continue
        val = make_value(v)
        if val.known and val.value is not None and not valid_size(val.value):
            yield Hit(v, f"service '{s.name}': {where} '{val.value.strip()}' is not a size "
                         "Compose understands", fix="write e.g. '512m' or '2g'")
