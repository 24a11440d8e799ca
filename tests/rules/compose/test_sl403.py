"""SL403 duplicate-container-name: Two services use the same container_name."""

from __future__ import annotations

from helpers import catches, lines


def test_container_names():
    text = """\
        services:
          a: {image: a, container_name: web}
          b: {image: a, container_name: web}
          c: {image: a, container_name: "${NAME}"}
          d: {image: a, container_name: "${NAME}"}
          e: {image: a, container_name: w2, scale: "${N:-3}"}
          f: {image: a, container_name: w3, deploy: {replicas: 1}}
        """
    assert lines(catches("SL403", "compose.yaml", text)) == [3]
