"""The Compose style rules (SL423, SL425, SL431) on services built with `<<:` merge keys."""

from __future__ import annotations

from helpers import catches, catches_not, lines


def test_style_rules_ignore_merge_keys():
    text = """\
        x-base: &base
          restart: always
          zzz_label: 1
        services:
          b:
            <<: *base
            image: a
            depends_on: [a]
          a:
            image: a
        """
    catches_not("SL431", "compose.yaml", text)
    assert lines(catches("SL423", "compose.yaml", text)) == [9]
    catches_not("SL425", "compose.yaml", text)
