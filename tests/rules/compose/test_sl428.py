"""SL428 invalid-healthcheck-test: healthcheck test does not start with CMD, CMD-SHELL or NONE."""

from __future__ import annotations

from helpers import catches, catches_not, lines


def test_healthcheck_test():
    assert lines(catches("SL428", "compose.yaml",
                         "services:\n  a:\n    image: a\n    healthcheck: {test: []}\n")) == [4]
    catches_not("SL428", "compose.yaml",
                "services:\n  a:\n    image: a\n    healthcheck: {test: ['${T}', x]}\n")
