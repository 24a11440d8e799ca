"""SL413 obsolete-version-key: Top-level 'version' is obsolete."""

from __future__ import annotations

from helpers import catches, lines


def test_version_key():
    assert lines(catches("SL413", "compose.yaml",
                         "version: '2.4'\nservices:\n  a:\n    image: a\n")) == [1]


# ---------------------------------------------------------------------------------- fixes

from test_fix import fixed, fixed_everywhere, not_fixed  # noqa: E402


def test_fix_deletes_the_version_line_and_nothing_else():
    fixed_everywhere("SL413", "compose.yaml",
                     "# the shop\nversion: \"3.8\"  # old\nservices:\n    web:\n"
                     "        image: nginx:1.27\n",
                     "# the shop\nservices:\n    web:\n        image: nginx:1.27\n",
                     unsafe=False)
    assert fixed("SL413", "compose.yaml", "services:\n  web:\n    image: a:1\nversion: '2'",
                 unsafe=False) == "services:\n  web:\n    image: a:1\n"


def test_no_fix_in_a_flow_mapping():
    not_fixed("SL413", "compose.yaml", "{version: '3', services: {web: {image: a:1}}}\n")
