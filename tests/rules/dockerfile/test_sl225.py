"""SL225 user-name-not-uid."""

from __future__ import annotations

from helpers import catches, catches_not


def test_names_are_reported_in_every_stage():
    found = catches("SL225", "Dockerfile", "FROM debian:12 AS b\nUSER builder\n"
                                           "FROM debian:12\nUSER app:app\n")
    assert [f.span.line for f in found] == [2, 4]


def test_uids_variables_root_and_windows_are_not():
    for text in ("FROM debian:12\nUSER 10001:10001\n", "FROM debian:12\nUSER ${APP_UID}\n",
                 "FROM debian:12\nUSER root\n",
                 "FROM mcr.microsoft.com/windows/nanoserver:ltsc2022\nUSER ContainerUser\n"):
        catches_not("SL225", "Dockerfile", text)
