"""SL436 invalid-size: Memory or storage size Compose cannot parse."""

from __future__ import annotations

import pytest

from helpers import catches, catches_not


@pytest.mark.parametrize("value, fires", [
    ("512m", False), ("1.5GiB", False), ("2gb", False), ("1024", False), ("'100 M'", False),
    ("-1", False), ("${M}", False), ("512 megabytes", True), ("1G RAM", True),
    ("${M:-lots}", True), ("'-2'", True),
])
def test_sizes(value, fires):
    text = f"services:\n  a:\n    image: a\n    memswap_limit: {value}\n"
    (catches if fires else catches_not)("SL436", "compose.yaml", text)


def test_tmpfs_size_in_long_volume_syntax():
    text = "services:\n  a:\n    image: a\n    volumes:\n      - type: tmpfs\n" \
           "        target: /tmp\n        tmpfs: {size: 10 megs}\n"
    (f,) = catches("SL436", "compose.yaml", text)
    assert f.span.line == 7 and "volumes '/tmp' tmpfs.size" in f.message
