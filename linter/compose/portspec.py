"""What makes a ``ports`` entry one that Compose refuses, said in words.

The JSON Schema only knows types, so ``published: "127.0.0.1:8080"``, ``host_ip: localhost``,
``target: http``, ``protocol: tcpx``, ``mode: bogus``, a port above 65535, a range that runs
backwards or a short entry ``"8080:"`` all pass it; ``docker compose`` (and the Engine it
hands the mapping to) stops on each. This module judges the values *after* interpolation:
a part that still holds an unknown variable (``${HOST_IP}``) is not judged, a literal default
(``${PORT:-127.0.0.1:8080}``) is.

The functions return reasons, never raise. The tree (``tree._Builder.ports``) keeps the
entries that have one out of ``Service.ports`` (so no rule reads a port that is not one) and
lists them in ``Service.port_errors``, which SL401 compose-schema-error reports.
"""

from __future__ import annotations

from .. import lazyre

#: protocols the Engine publishes (the specification names tcp and udp; the Engine adds sctp)
PROTOCOLS = ("tcp", "udp", "sctp")
#: ``mode`` of a long-syntax port
MODES = ("host", "ingress")

_NUMBER = lazyre.compile(r"^[0-9]+$")
SHORT_SYNTAX = "[HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL], e.g. '127.0.0.1:8080:80'"


def _unknown(text: str | None) -> bool:
    return text is not None and "$" in text


def port_range(text: str, host: bool) -> tuple[tuple[int, int] | None, str | None]:
    """``((lo, hi), None)`` for a port (``"80"``) or a range (``"8080-8081"``), else
    ``(None, what is wrong)``, a predicate: ``"is not a port number"``. A host port may be 0
    (the Engine picks one)."""
    lo, dash, hi = text.partition("-")
    bounds = []
    for part in ((lo, hi) if dash else (lo,)):
        part = part.strip()
        if not _NUMBER.match(part):
            return None, ("is not a port number or a range of them ('8080-8081')" if host
                          else "is not a port number")
        n = int(part)
        if n > 65535 or (n == 0 and not host):
            return None, "is out of range (ports are 1 to 65535)"
        bounds.append(n)
    a, b = bounds[0], bounds[-1]
    if a > b:
        return None, f"runs backwards (write '{b}-{a}')"
    return (a, b), None


def _not_address(text: str) -> str | None:
    h = text.strip()
    if h.startswith("[") and h.endswith("]"):
        h = h[1:-1]
    import ipaddress  # only for a port with a host address (1 ms of start-up, issue #14)

    try:
        ipaddress.ip_address(h)
    except ValueError:
        hint = ": write 127.0.0.1" if h.lower() == "localhost" else ""
        return f"is not an IP address (the Engine publishes ports on addresses only{hint})"
    return None


def _not_protocol(text: str) -> str | None:
    if text.strip().lower() not in PROTOCOLS:
        return f"is not one of {', '.join(PROTOCOLS)}"
    return None



def parse_port(text: str) -> tuple[str | None, str | None, str, str] | None:
    """``[[HOST_IP:]PUBLISHED:]TARGET[/PROTOCOL]`` -> (host_ip, published, target, protocol);
    ``None`` when malformed. IPv6 host addresses may be bracketed (``[::1]:80:80``)."""
    body = text.strip()
    protocol = "tcp"
    slash = body.rfind("/")
    if slash != -1:
        protocol = body[slash + 1:].strip().lower() or "tcp"
        body = body[:slash]
    host_ip: str | None = None
    if body.startswith("["):
        close = body.find("]")
        if close == -1:
            return None
        host_ip = body[1:close]
        rest = body[close + 1:]
        if not rest.startswith(":"):
            return None
        parts = rest[1:].split(":")
        if len(parts) == 1:  # "[::1]:80": lenient, no published port
            published, target = None, parts[0]
        elif len(parts) == 2:
            published, target = parts
        else:
            return None
    else:
        parts = body.split(":")
        if len(parts) == 1:
            published, target = None, parts[0]
        elif len(parts) == 2:
            published, target = parts
        else:
            host_ip = ":".join(parts[:-2])
            published, target = parts[-2], parts[-1]
    if not target:
        return None
    return host_ip or None, published or None, target, protocol


def short_port_error(text: str) -> str | None:
    """Why the short-syntax entry ``text`` (interpolated) is not a valid port mapping, as a
    sentence naming the part at fault, or ``None``. Parts holding an unknown variable are not
    judged."""
    body = text.strip()
    parsed = parse_port(body)
    if parsed is None:
        if not body:
            return f"the entry is empty; write {SHORT_SYNTAX}"
        if body.endswith(":"):
            return f"'{body}' has no container port; write {SHORT_SYNTAX}"
        return f"'{body}' is not a port mapping; write {SHORT_SYNTAX}"
    host_ip, published, target, protocol = parsed
    if "/" in body and not _unknown(protocol):
        reason = _not_protocol(protocol)
        if reason:
            return f"protocol '{protocol}' {reason}"
    if host_ip is not None and not _unknown(host_ip):
        reason = _not_address(host_ip)
        if reason:
            if _NUMBER.match(host_ip):  # 8080:80:90
                return f"'{body}' has one part too many; write {SHORT_SYNTAX}"
            return f"host address '{host_ip}' {reason}"
    container = host = None
    if not _unknown(target):
        container, reason = port_range(target, host=False)
        if reason:
            return f"container port '{target}' {reason}"
    if published is not None and not _unknown(published):
        host, reason = port_range(published, host=True)
        if reason:
            return f"host port '{published}' {reason}"
    if container and host and container[0] != container[1] \
            and container[1] - container[0] != host[1] - host[0]:
        return (f"container ports '{target}' and host ports '{published}' are ranges of "
                "different lengths (a container range needs a host range as long)")
    return None


def long_port_errors(fields: dict[str, str | None]) -> list[tuple[str, str]]:
    """``(field, what is wrong)`` for each field of a long-syntax entry (interpolated values,
    ``None`` when absent) that Compose refuses; the reason is a predicate of the field:
    ``("host_ip", "is 'localhost', not an IP address ...")``."""
    out: list[tuple[str, str]] = []
    target, published = fields.get("target"), fields.get("published")
    if target is not None and not _unknown(target):
        if "-" in target and port_range(target, host=False)[1] is None:
            out.append(("target", f"is the range '{target}': in long syntax it is one "
                                  "container port (a range needs the short syntax)"))
        else:
            reason = port_range(target, host=False)[1]
            if reason:
                out.append(("target", f"'{target}' {reason}" + (
                    " (target is the number of the container port)" if "number" in reason
                    else "")))
    if published is not None and not _unknown(published):
        head, colon, tail = published.rpartition(":")
        if colon and port_range(tail.strip(), host=True)[1] is None:
            out.append(("published", f"must be a port or a range of ports, not an address "
                                     f"with a port: write host_ip: '{head.strip('[]')}' and "
                                     f"published: '{tail.strip()}'"))
        else:
            reason = port_range(published, host=True)[1]
            if reason:
                out.append(("published", f"'{published}' {reason}"))
    host_ip = fields.get("host_ip")
    if host_ip is not None and not _unknown(host_ip) and host_ip.strip():
        reason = _not_address(host_ip)
        if reason:
            out.append(("host_ip", f"'{host_ip}' {reason}"))
    protocol = fields.get("protocol")
    if protocol is not None and not _unknown(protocol) and protocol.strip():
        reason = _not_protocol(protocol)
        if reason:
            out.append(("protocol", f"'{protocol}' {reason}"))
    mode = fields.get("mode")
    if mode is not None and not _unknown(mode) and mode.strip() not in MODES:
        out.append(("mode", f"'{mode}' is not one of {', '.join(MODES)}"))
    return out
