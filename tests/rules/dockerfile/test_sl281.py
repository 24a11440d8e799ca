"""SL281 invalid-label-key: LABEL keys against Docker's naming guidelines."""

from __future__ import annotations

import pytest

from helpers import catches, catches_not


@pytest.mark.parametrize("key", ["Version", "build_id", "org..example", "-x", "x.", "a b"])
def test_keys_docker_refuses(key):
    quoted = f'"{key}"' if " " in key else key
    catches("SL281", "Dockerfile", f"FROM alpine:3.20\nLABEL {quoted}=1\n")


@pytest.mark.parametrize("key", ["version", "org.opencontainers.image.version",
                                 "com.example.team-a", "a1", "${PREFIX}.version"])
def test_keys_docker_accepts(key):
    catches_not("SL281", "Dockerfile", f"FROM alpine:3.20\nLABEL {key}=1\n")


def test_message_says_what_to_write_and_stays_on_the_key():
    (f,) = catches("SL281", "Dockerfile", "FROM alpine:3.20\nLABEL a=1 \\\n      Vendor=acme\n")
    assert f.span.line == 3
    assert f.message == "LABEL key 'Vendor' is not in lower case; write 'vendor'"
    (g,) = catches("SL281", "Dockerfile", "FROM alpine:3.20\nLABEL build_id=7\n")
    assert g.message.endswith("write 'build-id'")


def test_reserved_namespaces_and_onbuild():
    (f,) = catches("SL281", "Dockerfile", "FROM alpine:3.20\nLABEL io.docker.thing=1\n")
    assert "reserves" in f.message
    catches("SL281", "Dockerfile", "FROM alpine:3.20\nONBUILD LABEL Version=1\n")
    catches_not("SL281", "Dockerfile", "FROM alpine:3.20\nENV Version=1\n")
