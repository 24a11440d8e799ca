"""SL434 secret-without-source: Top-level secret or config without a source."""

from __future__ import annotations

from helpers import catches, lines


def test_secret_without_source():
    text = """\
        secrets:
          a: {file: ./a}
          b: {name: shared}
          c: {external: true}
          d: {driver: vault}
        configs:
          e: {content: "x"}
          f: {labels: {k: v}}
        services: {}
        """
    assert lines(catches("SL434", "compose.yaml", text)) == [3, 8]
