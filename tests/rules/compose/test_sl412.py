"""SL412 unquoted-base60-port: Unquoted port mapping that YAML 1.1 reads as a base-60 number."""

from __future__ import annotations

from helpers import catches, lines


def test_base60_ports():
    text = "services:\n  a:\n    image: a:1\n    ports:\n      - 22:22\n      - 8080:22\n" \
           "      - 8080:80\n      - 127.0.0.1:22:22\n      - '22:22'\n"
    assert lines(catches("SL412", "compose.yaml", text)) == [5, 6]
