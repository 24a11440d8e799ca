"""SL270 secret-in-build-variable: ARG or ENV named like a secret."""

from __future__ import annotations

from helpers import catches_not


def test_secret_names_that_are_not_secrets():
    text = ("FROM node:22\nARG DB_PASSWORD_FILE\nARG TOKEN_VERSION\nARG NEXT_PUBLIC_API_KEY\n"
            "ENV SECRET_PATH=/run/secrets\n")
    catches_not("SL270", "Dockerfile", text)
