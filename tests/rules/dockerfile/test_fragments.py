"""A Dockerfile without FROM (a fragment: a snippet, a part included elsewhere) is reported once
by SL001 and read as one stage built from an unknown image: every rule that judges what is
written runs on it as on a final stage; rules that judge what a stage lacks (no USER, no
HEALTHCHECK, a missing label) or the base image have nothing to judge
(docs/coverage/dockerfile.md, "Files without FROM")."""

from __future__ import annotations

from helpers import ALL, catches, catches_not, lint_text

FRAGMENT = ("RUN apt-get update && apt-get install -y curl\n"
            "RUN pip install flask\n"
            "CMD python app.py\n")


def test_the_missing_from_is_reported_once():
    found = [f for f in lint_text("Dockerfile", FRAGMENT, ALL) if f.code == "SL001"]
    assert len(found) == 1 and found[0].span.line == 1
    assert "no FROM" in found[0].message


def test_rules_that_judge_what_is_written_run():
    for code in ("SL201", "SL202", "SL203", "SL205", "SL233"):
        catches(code, "Dockerfile", FRAGMENT)
    catches("SL235", "Dockerfile", "WORKDIR app\n")
    catches("SL232", "Dockerfile", "HEALTHCHECK CMD a\nHEALTHCHECK CMD b\n")
    catches("SL218", "Dockerfile", "RUN curl -fsSL https://x | tar -xz\n")
    catches_not("SL218", "Dockerfile", 'SHELL ["/bin/bash", "-o", "pipefail", "-c"]\n'
                                       "RUN curl -fsSL https://x | tar -xz\n")
    catches("SL101", "Dockerfile", "RUN adduser -D app\nUSER root\n")


def test_rules_that_judge_what_is_missing_do_not():
    for code in ("SL101", "SL102", "SL239"):
        catches_not(code, "Dockerfile", FRAGMENT)
    catches_not("SL280", "Dockerfile", FRAGMENT,
                options={"label-schema": {"required-labels": {"maintainer": "text"}}})
