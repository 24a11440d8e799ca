"""The text format's code frames (``show_source``) and ``statistics``."""

from __future__ import annotations

import re

import pytest

from helpers import RULES as ALL_RULES, lint_text
from linter.findings import Finding, Severity, Span
from linter.report import render, statistics
from linter.report.text import REDACTED, is_secret_rule
from test_report import ANSI, BY_CODE, FINDINGS, RULES, finding, make_rule

SOURCES = {
    "Dockerfile": "FROM python:3.12-slim AS build\nRUN pip install x\n" + "\n" * 6
                  + "FROM python\n\n\n\tRUN\tmake all\n",
    "deploy/k8s/app.yaml": "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n"
                           "  - name: app\n    image: app\n" + "\n" * 13 + "x" * 40 + "\n",
    "my dir/compose.yaml": "services:\n  app:\n    image: app\n",
}


def frames(findings, rules=RULES, sources=SOURCES, **kw):
    return render("text", findings, rules, files_checked=3, show_source=True, sources=sources,
                  **kw)


def block_of(text, header_start):
    for block in text.split("\n\n"):
        if block.startswith(header_start):
            return block.rstrip("\n").split("\n")
    raise AssertionError(f"no block {header_start!r} in\n{text}")


def test_frame_shape():
    text = frames(FINDINGS)
    assert text.endswith("\n")
    # every finding's first line is the concise line, unchanged
    concise = render("text", FINDINGS, RULES, files_checked=3).splitlines()
    headers = [b.split("\n")[0] for b in text.split("\n\n")]
    assert headers == [line for line in concise if line]
    block = block_of(text, "Dockerfile:1:6: SL101")
    assert block == [
        "Dockerfile:1:6: SL101 [medium] Summary of unpinned-image here.",
        "1 | FROM python:3.12-slim AS build",
        "  |      ^^^^^^^^^^^",
        "  = help: Fix unpinned-image like `this`.",
        "  = suggestion: pin it",
    ]
    # an empty span gets one caret; wider line numbers widen the gutter
    assert block_of(text, "Dockerfile:9:1: SL102")[1:3] == ["9 | FROM python", "  | ^"]
    # a line that does not parse is never shown (nothing on it is known not to be a secret)
    core = block_of(text, "Dockerfile:12:3: SL001")
    assert core[1:] == ["   = help: Fix the syntax error at the reported line."]


def test_frame_multi_line_span_and_past_the_end():
    text = frames(FINDINGS)
    block = block_of(text, "deploy/k8s/app.yaml:4:7: SL201")
    assert block[1:4] == ["4 |   containers:", "  |       ^^^^^^^", "  | ... to line 6"]
    # a line past the end of the file: no frame, still the help
    assert block_of(text, "deploy/k8s/app.yaml:20:1: SL301")[1:3] == \
        ["20 | " + "x" * 40, "   | " + "^" * 29]
    gone = frames([finding("SL101", "Dockerfile", Span(99, 1, 99, 3))])
    assert gone.splitlines()[1:] == ["   = help: Fix unpinned-image like `this`."]


def test_frame_colour_is_only_decoration():
    plain = frames(FINDINGS)
    coloured = frames(FINDINGS, color=True)
    assert coloured != plain and ANSI.sub("", coloured) == plain
    assert "\x1b[31m^" in coloured or "\x1b[1;35m^" in coloured


def test_frame_reads_files_and_survives_missing_ones(tmp_path):
    path = tmp_path / "Dockerfile"
    path.write_text("FROM alpine\n", encoding="utf-8")
    f = finding("SL101", str(path), Span(1, 6, 1, 12))
    lines = frames([f], sources=None).splitlines()
    assert lines[1:3] == ["1 | FROM alpine", "  |      ^^^^^^"]
    for p in (str(tmp_path / "missing"), "-"):
        lines = frames([finding("SL101", p)], sources={}).splitlines()
        assert lines[1:] == ["  = help: Fix unpinned-image like `this`."]


def test_frame_escapes_control_characters():
    src = {"Dockerfile": "FROM a\x1b[2J \u202eb\n"}
    text = frames([finding("SL101", "Dockerfile", Span(1, 6, 1, 14))], sources=src)
    assert "\x1b" not in text and "\u202e" not in text
    assert text.splitlines()[1:3] == ["1 | FROM a\\x1b[2J \\u202eb", "  |      " + "^" * 16]


# --- secrets ----------------------------------------------------------------------------

LONG = "Zq8-" + "Very-Long-Private-Value-" * 4
SHORT = "hunter2x"


def secret_frames(text, name="Dockerfile"):
    findings = lint_text(name, text)
    return render("text", findings, ALL_RULES, files_checked=1, show_source=True,
                  sources={name: text})


@pytest.mark.parametrize("name, template", [
    ("Dockerfile", "FROM alpine:3.20\nENV DB_PASSWORD={}\nUSER app\n"),
    ("Dockerfile", "FROM alpine:3.20\nRUN curl -u admin:{} https://example.com/x\nUSER app\n"),
    ("compose.yaml", "services:\n  db:\n    image: postgres:16\n    environment:\n"
                     "      POSTGRES_PASSWORD: {}\n"),
    ("compose.yaml", "services:\n  db:\n    image: postgres:16\n    environment:\n"
                     "      - POSTGRES_PASSWORD={}\n"),
    ("secret.yaml", "apiVersion: v1\nkind: Secret\nmetadata: {{name: s}}\nstringData:\n"
                    "  password: {}\n"),
    ("cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: c}}\ndata:\n"
                "  api_token: {}\n"),
])
def test_secret_frames_never_show_the_value_or_its_length(name, template):
    short = secret_frames(template.format(SHORT), name)
    long = secret_frames(template.format(LONG), name)
    assert "SL103" in short and REDACTED in short
    assert SHORT not in short and LONG not in long and LONG[:8] not in long
    # not even the length shows (the severity may differ: a long value looks more random)
    assert [line for line in short.splitlines() if "SL103" not in line] == \
        [line for line in long.splitlines() if "SL103" not in line]


def test_secret_frame_keeps_a_safe_prefix_only():
    text = "FROM alpine:3.20\nLABEL a=1 \\\n  token=\"ghp_" + "R8x2Kq9Lm4Nv7Bc1Zs6Df3Gh5Jk0Pw2Ty8Ue" \
           + "\"\nUSER app\n"
    out = secret_frames(text)
    assert "ghp_" not in out
    block = block_of(out, "Dockerfile:3:3: SL103")
    assert block[1:3] == ["3 |   [REDACTED]", "  |   ^^^^^^^^^^"]
    # a prefix that is more than a keyword or a key is dropped (it could hold another value)
    f = Finding("SL103", "hardcoded-secret", Severity.HIGH, "m", "x.yaml", Span(1, 30, 1, 40))
    src = {"x.yaml": "    env: {A: hunter2-secret, B: other-secret-value}\n"}
    lines = render("text", [f], ALL_RULES, files_checked=1, show_source=True,
                   sources=src).splitlines()
    assert lines[1:3] == ["1 |     [REDACTED]", "  |     ^^^^^^^^^^"]


def test_other_frames_hide_lines_holding_secrets():
    text = ("FROM alpine:3.20\nRUN curl -u admin:" + SHORT + " https://x.example/ && make\n"
            "USER app\n")
    findings = lint_text("Dockerfile", text)
    # a finding of another rule on the secret's line
    other = Finding("SL999", "something-else", Severity.LOW, "m", "Dockerfile", Span(2, 1, 2, 4))
    blob = Finding("SL999", "something-else", Severity.LOW, "m", "x.yaml", Span(2, 1, 2, 4))
    src = {"Dockerfile": text,
           "x.yaml": "k: |\n  MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun\n"}
    out = render("text", sorted(findings + [other, blob], key=lambda f: f.sort_key),
                 ALL_RULES, files_checked=2, show_source=True, sources=src)
    assert SHORT not in out and "MIIEow" not in out
    assert block_of(out, "Dockerfile:2:1: SL999")[1] == "2 | [REDACTED]"
    assert block_of(out, "x.yaml:2:1: SL999")[1] == "2 |   [REDACTED]"
    # digests, URLs and paths are not secrets
    for line in ["FROM alpine@sha256:" + "0123456789abcdef" * 4,
                 "ADD https://github.com/Org/Repo-Name2/releases/download/v1.2.3/x.tgz /x",
                 "COPY /app/Build123/Output/Release-x64 /usr/local/bin/Python3Script-Runner"]:
        f = Finding("SL999", "something-else", Severity.LOW, "m", "Dockerfile", Span(1, 1, 1, 5))
        out = render("text", [f], ALL_RULES, files_checked=1, show_source=True,
                     sources={"Dockerfile": line + "\n"})
        assert out.splitlines()[1] == "1 | " + line


def test_secret_rules_by_flag_or_name():
    tagged = make_rule("SL501", "leaked-credential", Severity.HIGH, masks_source=True)
    assert not is_secret_rule(f := Finding("SL501", "leaked-credential", Severity.HIGH, "m",
                                           "Dockerfile"),
                              make_rule("SL501", "leaked-credential", Severity.HIGH,
                                        tags=["secrets"]))  # a tag changes nothing
    f = Finding("SL501", "leaked-credential", Severity.HIGH, "m", "Dockerfile")
    assert is_secret_rule(f, tagged)
    assert not is_secret_rule(f, BY_CODE["SL101"])
    assert is_secret_rule(Finding("SL502", "aws-secret-key", Severity.HIGH, "m", "Dockerfile"))
    src = {"Dockerfile": "ENV X=plain-looking-value\n"}
    g = Finding("SL501", "leaked-credential", Severity.HIGH, "m", "Dockerfile", Span(1, 5, 1, 26))
    out = render("text", [g], [tagged], files_checked=1, show_source=True, sources=src)
    assert "plain-looking" not in out and out.splitlines()[1] == "1 | ENV [REDACTED]"


# --- statistics -------------------------------------------------------------------------

def test_statistics():
    more = FINDINGS + [finding("SL101", "x/Dockerfile") for _ in range(10)]
    lines = statistics(more, RULES).splitlines()
    assert lines[0] == "11  SL101  unpinned-image"
    assert lines[1] == " 2  SL102  root-user"
    rows = [re.match(r"^ *(\d+)  (\S+) +(\S+)$", line).groups() for line in lines]
    counts = [int(n) for n, _, _ in rows]
    assert counts == sorted(counts, reverse=True) and sum(counts) == len(more)
    assert [c for n, c, _ in rows if n == "1"] == ["SL001", "SL201", "SL301", "SL302"]
    assert statistics([], RULES) == ""
    stray = Finding("XX1234", "mystery", Severity.LOW, "m", "f")
    assert statistics([stray], RULES) == "1  XX1234  mystery\n"
