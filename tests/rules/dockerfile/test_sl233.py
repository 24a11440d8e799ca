"""SL233 shell-form-entrypoint: CMD or ENTRYPOINT in shell form."""

from __future__ import annotations

from helpers import catches_not


def test_powershell_stage_is_not_read_as_posix_shell():
    text = ("FROM mcr.microsoft.com/windows/servercore:ltsc2022\n"
            "RUN curl -k https://x/a.ps1 | powershell -\nCMD powershell -File x.ps1\n")
    catches_not("SL233", "Dockerfile", text)
