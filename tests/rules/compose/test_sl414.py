"""SL414 invalid-duration: Duration Compose cannot parse."""

from __future__ import annotations

from helpers import catches


def test_durations():
    text = """\
        services:
          a:
            image: a
            stop_grace_period: 1m30s
            healthcheck:
              test: [CMD, x]
              interval: "30"
              timeout: 1.5s
              start_period: ${SP:-10 s}
              start_interval: ${SI}
            deploy:
              restart_policy: {delay: 5sec, window: 0}
        """
    found = catches("SL414", "compose.yaml", text)
    assert [f.span.line for f in found] == [7, 9, 12]
    assert "healthcheck.interval '30'" in found[0].message
