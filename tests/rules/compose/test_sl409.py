"""SL409 duplicate-mount-target: Two mounts of a service use the same container path."""

from __future__ import annotations

from helpers import catches


def test_duplicate_mount_targets():
    text = """\
        services:
          a:
            image: a
            volumes:
              - ./a:/data/
              - type: volume
                source: v
                target: /data
              - ./b:/other
        volumes: {v: {}}
        """
    (f,) = catches("SL409", "compose.yaml", text)
    assert f.span.line == 6 and "'/data' (the first on line 5)" in f.message
