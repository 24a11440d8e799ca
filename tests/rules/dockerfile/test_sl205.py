"""SL205 apt-install-recommends: apt-get install without --no-install-recommends."""

from __future__ import annotations

from test_fix import fixed_everywhere, not_fixed


def test_the_fix_is_unsafe_a_recommended_package_may_be_needed():
    text = "FROM debian:12\nRUN apt-get update && apt-get install -y curl=7.88.1-10\n"
    not_fixed("SL205", "Dockerfile", text, unsafe=False)
    fixed_everywhere("SL205", "Dockerfile", text,
                     "FROM debian:12\nRUN apt-get update && apt-get install "
                     "--no-install-recommends -y curl=7.88.1-10\n")
