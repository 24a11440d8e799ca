"""SL406 dependency-cycle: Services depend on each other in a cycle."""

from __future__ import annotations

from helpers import catches


def test_cycles():
    text = """\
        services:
          a: {image: x, depends_on: [b]}
          b: {image: x, links: ["c:see"]}
          c: {image: x, depends_on: {a: {condition: service_started}}}
          d: {image: x, depends_on: [d]}
          e: {image: x, depends_on: [a]}
        """
    found = catches("SL406", "compose.yaml", text)
    assert [f.message for f in found] == [
        "services depend on each other in a cycle: a -> b -> c -> a",
        "services depend on each other in a cycle: d -> d",
    ]
