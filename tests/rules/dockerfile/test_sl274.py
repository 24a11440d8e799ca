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


def test_buildkits_examples():
    [f] = catches("SL274", "Dockerfile", "FROM alpine AS base\nCOPY $foo .\n")
    assert "$foo is not defined" in f.message
    [f] = catches("SL274", "Dockerfile", "FROM alpine\nENV PATH=$PAHT:/app/bin\n")
    assert "did you mean $PATH" in f.message
    catches_not("SL274", "Dockerfile", "FROM alpine\nARG foo\nCOPY $foo .\n")


def test_certain_cases_without_the_base_image():
    # a global ARG is not visible in a stage that does not declare it again
    catches("SL274", "Dockerfile", "ARG version=1\nFROM alpine:3\nLABEL v=$version\n")
    # used before the stage defines it
    catches("SL274", "Dockerfile", "FROM alpine:3\nWORKDIR $app_home\nENV app_home=/app\n")
    # FROM scratch: no image ENV at all
    catches("SL274", "Dockerfile", "FROM scratch\nCOPY app $DEST\n")


def test_names_the_base_image_may_set_are_not_reported():
    for text in ("FROM tomcat:10\nCOPY app.war $CATALINA_HOME/webapps/\n",
                 "ARG NODE_VERSION=22\nFROM node:${NODE_VERSION}\nLABEL v=$NODE_VERSION\n",
                 "FROM alpine:3\nWORKDIR $HOME\n", "FROM alpine:3\nCOPY a ${dest:-/x}\n",
                 "FROM alpine:3\nCOPY a '$literal'\n"):
        catches_not("SL274", "Dockerfile", text)
