"""Published ports: all-interface bindings (SL410), clashes (SL411), base-60 traps (SL412).
"""

from __future__ import annotations

from linter.compose import Port

ALL = frozenset({"0.0.0.0", "::", "[::]", "*"})


def host_address(port: Port) -> str | None:
    h = port.host_ip
    if h is None:
        return None
    h = h.strip()
    return h[1:-1] if h.startswith("[") and h.endswith("]") else h


