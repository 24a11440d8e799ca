"""SL211 tls-verification-disabled: TLS certificate verification switched off."""

from __future__ import annotations

from helpers import catches, catches_not


def test_powershell_stage_is_not_read_as_posix_shell():
    text = ("FROM mcr.microsoft.com/windows/servercore:ltsc2022\n"
            "RUN curl -k https://x/a.ps1 | powershell -\nCMD powershell -File x.ps1\n")
    catches_not("SL211", "Dockerfile", text)


def test_tls_env_and_flags():
    catches("SL211", "Dockerfile", "FROM alpine:3\nENV GIT_SSL_NO_VERIFY=true\n")
    # git only asks whether the variable exists: empty and false turn verification off too
    for value in ("", "false", "0"):
        catches("SL211", "Dockerfile", f"FROM alpine:3\nENV GIT_SSL_NO_VERIFY={value}\n")
    catches_not("SL211", "Dockerfile", "FROM alpine:3\nARG GIT_SSL_NO_VERIFY\n")
    catches("SL211", "Dockerfile", "FROM alpine:3\nRUN NODE_TLS_REJECT_UNAUTHORIZED=0 npm ci\n")
    catches_not("SL211", "Dockerfile", "FROM alpine:3\nRUN curl -K /etc/curlrc https://x -o /x\n")


def test_tls_off_through_export_and_pip_config():
    catches("SL211", "Dockerfile",
            "FROM node:22\nRUN export NODE_TLS_REJECT_UNAUTHORIZED=0 && npm ci\n")
    catches("SL211", "Dockerfile",
            "FROM python:3.12\nRUN pip config set global.trusted-host pypi.org\n")
    catches("SL211", "Dockerfile",
            "FROM alpine/git:2\nRUN git -c http.sslVerify=false clone https://x/r\n")
