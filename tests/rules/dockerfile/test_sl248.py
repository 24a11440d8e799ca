"""SL248 archive-copied-then-extracted."""

from __future__ import annotations

from helpers import catches, catches_not


def test_copy_then_unpack_in_the_same_stage():
    for run in ("tar -xzf /tmp/app.tar.gz -C /opt", "cd /tmp && tar xf app.tar.gz",
                "tar --extract --file=/tmp/app.tar.gz"):
        [f] = catches("SL248", "Dockerfile", f"FROM debian:12\nCOPY app.tar.gz /tmp/\nRUN {run}\n")
        assert f.span.line == 2 and "line 3" in f.message


def test_other_cases_are_left_alone():
    for text in ("FROM debian:12\nCOPY app.zip /tmp/\nRUN unzip /tmp/app.zip\n",
                 "FROM debian:12\nCOPY app.tar.gz /srv/\nRUN tar -czf /b.tar.gz /etc\n",
                 "FROM debian:12 AS a\nCOPY app.tar.gz /tmp/\nFROM debian:12\n"
                 "RUN tar -xzf /tmp/app.tar.gz\n"):
        catches_not("SL248", "Dockerfile", text)
