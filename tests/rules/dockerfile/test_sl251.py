"""SL251 copy-from-unknown-stage: COPY --from names no earlier stage."""

from __future__ import annotations

from helpers import catches_not


def test_copy_from_stage_given_by_a_build_argument():
    text = ("ARG FROM_STAGE=build\nFROM golang:1.23 AS build\nFROM alpine:3.20\n"
            "ARG FROM_STAGE\nCOPY --from=$FROM_STAGE /a /a\n")
    catches_not("SL251", "Dockerfile", text)
