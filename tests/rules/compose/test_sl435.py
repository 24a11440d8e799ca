"""SL435 invalid-interpolation: Malformed ${...} variable reference."""

from __future__ import annotations

from helpers import catches


def test_invalid_interpolation_positions_and_no_values():
    text = """\
        services:
          a:
            image: "app:${TAG"
            environment:
              PASSWORD: "pa$${x}ss-${}"
              OK: "${A:-${B:-c}} $$ $1"
            command: ["sh", "-c", "echo ${VAR:x}"]
        """
    found = catches("SL435", "compose.yaml", text)
    assert [(f.span.line, f.span.column) for f in found] == [(3, 17), (5, 28), (7, 33)]
    assert not [f for f in found if "pa$" in f.message or "ss-" in f.message]
    assert found[1].message == ("service 'a' environment.PASSWORD: invalid interpolation: "
                                "'${' is not followed by a variable name")
