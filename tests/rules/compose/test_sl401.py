"""SL401 compose-schema-error: Compose file does not follow the Compose Specification."""

from __future__ import annotations

import textwrap

from helpers import lint_text


def test_schema_error_is_not_reported_twice_with_the_tree_problem():
    found = lint_text("compose.yaml", "services:\n  web:\n    image: a:1\n    ports: '80:80'\n")
    assert [f.code for f in found if f.code in ("SL001", "SL401")] == ["SL001"]


def test_schema_findings_never_show_values():
    found = lint_text("compose.yaml", textwrap.dedent("""\
        services:
          web:
            image: a:1
            environment: {API_TOKEN: {nested: s3cr3t-value}}
            healthcheck: {test: [CMD, {x: s3cr3t-value}]}
        """))
    assert not [f for f in found if "s3cr3t" in f.message or "s3cr3t" in (f.fix or "")]
    (f,) = [f for f in found if f.code == "SL401"]
    assert f.message == "service 'web' healthcheck.test[1] must be a string, not a mapping"


# ------------------------------------------------------------------------------------ ports
# Values of `ports` entries the schema's types let through and Compose refuses: each is one
# SL401 finding, on the line of the value at fault, saying what is wrong in words, and never
# an SL410/SL411 finding (a port that is not one is open on no interface).

import pytest  # noqa: E402

from helpers import catches, catches_not, compose_service  # noqa: E402

BAD_LONG = [
    ("target: 80\npublished: '127.0.0.1:8080'", "published", "host_ip: '127.0.0.1'"),
    ("target: 80\npublished: '[::1]:8080'", "published", "host_ip: '::1'"),
    ("target: http\npublished: 8080", "target", "not a port number"),
    ("target: 99999\npublished: 8080", "target", "out of range"),
    ("target: 80-81\npublished: 8080-8081", "target", "one container port"),
    ("target: 80\npublished: 70000", "published", "out of range"),
    ("target: 80\npublished: 8085-8084", "published", "runs backwards (write '8084-8085')"),
    ("target: 80\npublished: 8080\nhost_ip: localhost", "host_ip", "write 127.0.0.1"),
    ("target: 80\npublished: 8080\nhost_ip: 300.1.1.1", "host_ip", "not an IP address"),
    ("target: 80\npublished: 8080\nprotocol: tcpx", "protocol", "tcp, udp, sctp"),
    ("target: 80\npublished: 8080\nmode: bogus", "mode", "host, ingress"),
    # interpolation: a literal default is the value Compose uses when the variable is unset
    ("target: 80\npublished: ${PORT:-127.0.0.1:8080}", "published", "host_ip: '127.0.0.1'"),
    ("target: ${TARGET:-http}\npublished: 8080", "target", "not a port number"),
]


def _long(fields: str) -> str:
    body = "ports:\n  - " + fields.replace("\n", "\n    ")
    return compose_service(body)


@pytest.mark.parametrize("fields, key, words", BAD_LONG)
def test_a_long_syntax_port_field_compose_refuses(fields, key, words):
    text = _long(fields)
    (f,) = catches("SL401", "compose.yaml", text)
    line = next(i for i, ln in enumerate(text.splitlines(), 1) if ln.strip().lstrip("- ")
                .startswith(f"{key}:"))
    assert f.span.line == line and f"ports[0].{key} " in f.message and words in f.message
    catches_not("SL410", "compose.yaml", text)


BAD_SHORT = [
    ("127.0.0.1:8080:80/tcpx", "protocol 'tcpx'"),
    ("abc:80", "host port 'abc' is not a port number"),
    ("8080:http", "container port 'http' is not a port number"),
    ("300.1.1.1:8080:80", "host address '300.1.1.1' is not an IP address"),
    ("localhost:8080:80", "write 127.0.0.1"),
    ("8092:80:90", "one part too many"),
    ("80000:80", "host port '80000' is out of range"),
    ("8093-8095:80-81", "ranges of different lengths"),
    ("127.0.0.1:8097-8096:80", "runs backwards"),
    ("8098:", "has no container port"),
    ("${HOST:-localhost}:8080:80", "host address 'localhost'"),
]


@pytest.mark.parametrize("entry, words", BAD_SHORT)
def test_a_short_syntax_port_compose_refuses(entry, words):
    text = compose_service(f"ports:\n  - '{entry}'")
    (f,) = catches("SL401", "compose.yaml", text)
    assert f.span.line == 5 and "service 'app' ports[0]: " in f.message and words in f.message
    catches_not("SL410", "compose.yaml", text)
    catches_not("SL411", "compose.yaml", text + "  b:\n    image: b:1\n    ports: ['" + entry + "']\n")


GOOD = ["80", "8080:80", "127.0.0.1:8080:80/udp", "[::1]:8080:80", "::1:8080:80",
        "8080-8081:80-81", "8000-8010:80", ":80", "127.0.0.1::80", "53:53/sctp",
        "${HOST_IP}:8080:80", "${PORT}:80", "127.0.0.1:${PORT:-8080}:80"]


@pytest.mark.parametrize("entry", GOOD)
def test_valid_short_ports_and_unknown_parts_are_not_schema_errors(entry):
    catches_not("SL401", "compose.yaml", compose_service(f"ports:\n  - '{entry}'"))


def test_valid_long_ports_and_unknown_fields_are_not_schema_errors():
    catches_not("SL401", "compose.yaml", _long(
        "target: 80\npublished: '8080-8081'\nhost_ip: '::1'\nprotocol: UDP\nmode: host"))
    catches_not("SL401", "compose.yaml", _long(
        "target: ${TARGET}\npublished: ${PUBLISHED}\nhost_ip: ${HOST_IP}\nmode: ingress"))
    catches_not("SL401", "compose.yaml", _long("target: 80\npublished: 0"))


def test_a_bad_port_in_an_anchor_is_one_finding():
    text = ("x-ports: &ports\n  - 'localhost:8080:80'\nservices:\n"
            "  a:\n    image: a:1\n    ports: *ports\n  b:\n    image: b:1\n    ports: *ports\n")
    (f,) = catches("SL401", "compose.yaml", text)
    assert f.span.line == 2
