"""SL125 sensitive-host-mount: Sensitive host directory mounted into a container."""

from __future__ import annotations

import re

from helpers import catches, compose_service


def test_sensitive_mounts():
    text = compose_service("volumes:\n  - /:/host:ro\n  - /etc:/host-etc\n  - /etc/localtime:/etc/localtime:ro\n"
                           "  - ./data:/data\n  - ${HOST_DIR}:/x")
    got = {(re.search(r"'(/[^']*)'", f.message).group(1), f.severity.name)
           for f in catches("SL125", "compose.yaml", text)}
    assert got == {("/", "MEDIUM"), ("/etc", "HIGH")}
