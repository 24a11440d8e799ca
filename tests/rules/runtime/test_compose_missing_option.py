"""The compose-missing option of SL126 writable-root-filesystem and SL127 privilege-escalation:
off by default, on through the engine options or a configuration file."""

from __future__ import annotations

import pytest

from helpers import catches, catches_not, compose_service


@pytest.mark.parametrize("rule,code", [("writable-root-filesystem", "SL126"),
                                       ("privilege-escalation", "SL127")])
def test_missing_hardening_in_compose_only_when_asked(rule, code):
    catches_not(code, "compose.yaml", compose_service(""))
    options = {rule: {"compose-missing": True}}
    [f] = catches(code, "compose.yaml", compose_service(""), options=options)
    assert f.severity.name == "LOW"
    # an override fragment (no image, no build) is left to the file it extends
    catches_not(code, "compose.yaml", "services:\n  app:\n    restart: always\n", options=options)


def test_compose_missing_option_from_a_configuration_file(tmp_path):
    from linter.runner import lint_paths

    (tmp_path / "compose.yaml").write_text(compose_service(""))
    before = {f.code for f in lint_paths([str(tmp_path)]).findings}
    (tmp_path / ".shiplint.yaml").write_text(
        "extend-select: [hardening]\n"
        "options:\n  writable-root-filesystem: {compose-missing: true}\n")
    after = {f.code for f in lint_paths([str(tmp_path)]).findings}
    assert "SL126" not in before and "SL126" in after and "SL127" not in after
    # the snake_case spelling of 0.1 is still read
    (tmp_path / ".shiplint.yaml").write_text(
        "extend-select: [hardening]\n"
        "options:\n  writable-root-filesystem: {compose_missing: true}\n")
    assert "SL126" in {f.code for f in lint_paths([str(tmp_path)]).findings}
