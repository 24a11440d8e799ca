"""SL433 dangerous-device: Service gets a host device exposing memory, disks or the kernel log."""

from __future__ import annotations

import pytest

from helpers import catches, catches_not, lines


@pytest.mark.parametrize("device, severity", [
    ("/dev/mem", "high"), ("/dev/nvme0n1p2:/dev/disk", "high"), ("/dev/mapper/vg-root", "high"),
    ("/dev/kmsg", "medium"), ("/dev/ttyUSB0", None), ("/dev/dri/renderD128", None),
    ("/dev/net/tun", None), ("${DEVICE}", None), ("${DEVICE:-/dev/sdb}", "high"),
])
def test_dangerous_devices(device, severity):
    text = f"services:\n  a:\n    image: a\n    devices: ['{device}']\n"
    if severity is None:
        catches_not("SL433", "compose.yaml", text)
    else:
        assert [str(f.severity) for f in catches("SL433", "compose.yaml", text)] == [severity]


def test_dangerous_devices_long_syntax_and_cgroup_rules():
    text = """\
        services:
          a:
            image: a
            devices: [{source: /dev/sda, target: /dev/xvda, permissions: r}]
            device_cgroup_rules: ['b *:* rwm', 'c 1:3 mr']
        """
    assert lines(catches("SL433", "compose.yaml", text)) == [4, 5]
