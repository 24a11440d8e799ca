"""SL213 curl-and-wget: Both curl and wget used in one stage."""

from __future__ import annotations

from helpers import catches, catches_not


def test_curl_and_wget_in_different_stages_are_fine_in_one_stage_not():
    two = ("FROM debian:12 AS a\nRUN curl -fsSLo /a https://x/a\n"
           "FROM debian:12\nRUN wget -q https://x/b\n")
    catches_not("SL213", "Dockerfile", two)
    one = "FROM debian:12\nRUN curl -fsSLo /a https://x/a && wget -q https://x/b\n"
    [f] = catches("SL213", "Dockerfile", one)
    assert "wget" in f.message
