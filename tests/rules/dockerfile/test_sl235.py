"""SL235 relative-workdir: WORKDIR is a relative path before any absolute one."""

from __future__ import annotations

from test_fix import fixed, fixed_everywhere, not_fixed


def test_fix_where_the_base_image_works_in_the_root_directory():
    fixed_everywhere("SL235", "Dockerfile", "FROM debian:12\n# code\nWORKDIR ./app/src\n",
                     "FROM debian:12\n# code\nWORKDIR /app/src\n", unsafe=False)
    assert fixed("SL235", "Dockerfile",
                 "FROM scratch AS base\nCOPY x /x\nFROM base\nWORKDIR srv\n") == \
        "FROM scratch AS base\nCOPY x /x\nFROM base\nWORKDIR /srv\n"


def test_no_fix_where_the_relative_path_depends_on_what_is_not_known():
    # an image that may set its own WORKDIR (golang works in /go)
    not_fixed("SL235", "Dockerfile", "FROM golang:1.23\nWORKDIR app\n")
    not_fixed("SL235", "Dockerfile", "FROM registry.example.com/debian:12\nWORKDIR app\n")
    # the second relative WORKDIR is relative to the first: only the first is fixed
    assert fixed("SL235", "Dockerfile", "FROM debian:12\nWORKDIR app\nWORKDIR src\n") == \
        "FROM debian:12\nWORKDIR /app\nWORKDIR src\n"
