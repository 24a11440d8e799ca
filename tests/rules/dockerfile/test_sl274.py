"""SL274 undefined-variable: A variable is used where it is not defined."""

from __future__ import annotations

from helpers import catches, catches_not


def test_undefined_platform_argument_cases():
    bad = "FROM golang:1.23\nRUN GOARCH=$TARGETARCH go build ./...\n"
    catches("SL274", "Dockerfile", bad)
    for ok in ("FROM golang:1.23 AS base\nARG TARGETARCH\nFROM base\n"
               "RUN GOARCH=$TARGETARCH go build ./...\n",
               "FROM golang:1.23\nRUN echo '$TARGETARCH is set by buildx'\n",
               "FROM golang:1.23\nRUN for TARGETARCH in amd64 arm64; do echo $TARGETARCH; done\n",
               "FROM golang:1.23\nENV TARGETARCH=amd64\nRUN echo $TARGETARCH\n"):
        catches_not("SL274", "Dockerfile", ok)


def test_misspelt_variable_only_when_close_to_a_declared_one():
    catches("SL274", "Dockerfile", "FROM alpine:3\nARG APP_HOME=/app\nWORKDIR $APP_HOEM\n")
    catches_not("SL274", "Dockerfile", "FROM alpine:3\nARG APP_HOME=/app\nWORKDIR $JAVA_HOME\n")
