"""SL429 service-healthy-without-healthcheck: waits for the health of a service without one."""

from __future__ import annotations

from helpers import catches


def test_healthy_dependencies():
    text = """\
        services:
          app:
            image: a
            depends_on:
              built: {condition: service_healthy}
              off: {condition: service_healthy}
              plain: {condition: service_healthy}
              fine: {condition: service_completed_successfully}
          built: {build: ./b}
          off: {image: a, healthcheck: {disable: true}}
          plain: {image: a}
          fine: {image: a}
        """
    found = catches("SL429", "compose.yaml", text)
    assert [f.span.line for f in found] == [6, 7]
    assert "'off' disables its healthcheck" in found[0].message
