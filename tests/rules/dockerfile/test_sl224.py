"""SL224 secret-mount-persisted: A secret from RUN --mount=type=secret is written into the image."""

from __future__ import annotations

from helpers import catches, catches_not


def test_secret_mount_used_in_place_is_fine_but_copied_is_not():
    ok = ("FROM node:22\nRUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci\n")
    catches_not("SL224", "Dockerfile", ok)
    bad = ("FROM node:22\nRUN --mount=type=secret,id=tok "
           "cat /run/secrets/tok > /app/.token && npm ci\n")
    catches("SL224", "Dockerfile", bad)
