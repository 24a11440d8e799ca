"""SL143 compose-user-undoes-dockerfile-user: a Compose `user:` runs as root an image whose
Dockerfile ends with a non-root USER."""

from __future__ import annotations

from helpers import RULES, catches, catches_not, lint_text
from linter.engine import Engine, select_rules
from linter.rules.crossformat.examples import COMPOSE, dockerfile

NON_ROOT = {"api/Dockerfile": dockerfile("RUN useradd -r app", "USER app")}


def test_user_root_undoes_the_dockerfile_user():
    [f] = catches("SL143", "compose.yaml", COMPOSE + "    user: root\n", files=NON_ROOT)
    assert f.path == "compose.yaml" and f.span.line == 5
    assert "undoing the USER app that " in f.message
    assert f.message.endswith("/api/Dockerfile ends with (line 3)")
    for user in ('"0"', '"0:0"', "root:root"):
        catches("SL143", "compose.yaml", COMPOSE + f"    user: {user}\n", files=NON_ROOT)


def test_it_replaces_sl101_on_the_same_line():
    engine = Engine(select_rules(RULES, select=["SL101", "SL143"]))
    found = lint_text("compose.yaml", COMPOSE + "    user: root\n", engine, NON_ROOT)
    assert [(f.code, f.path, f.span.line) for f in found] == [("SL143", "compose.yaml", 5)]
    # without the Dockerfile's USER, SL101 says it alone
    found = lint_text("compose.yaml", COMPOSE + "    user: root\n", engine,
                      {"api/Dockerfile": dockerfile("RUN true")})
    assert [f.code for f in found if f.path == "compose.yaml"] == ["SL101"]


def test_the_stage_a_build_targets_and_the_dockerfile_it_names():
    compose = ("services:\n  api:\n    build:\n      context: api\n"
               "      dockerfile: prod.Dockerfile\n      target: run\n    user: root\n")
    df = "FROM python:3.12-slim AS run\nUSER app\nFROM run AS test\nUSER root\n"
    catches("SL143", "compose.yaml", compose, files={"api/prod.Dockerfile": df})
    catches_not("SL143", "compose.yaml", compose.replace("target: run", "target: test"),
                files={"api/prod.Dockerfile": df})


def test_an_override_file_that_sets_user_root():
    found = catches("SL143", "compose.override.yaml", "services:\n  api:\n    user: root\n",
                    files={"compose.yaml": COMPOSE, **NON_ROOT})
    assert [(f.path, f.span.line) for f in found] == [("compose.override.yaml", 3)]


def test_a_non_root_user_or_a_root_dockerfile_says_nothing():
    catches_not("SL143", "compose.yaml", COMPOSE + "    user: app\n", files=NON_ROOT)
    catches_not("SL143", "compose.yaml", COMPOSE + "    user: root\n",
                files={"api/Dockerfile": dockerfile("USER root")})
    catches_not("SL143", "compose.yaml", COMPOSE + "    user: ${RUN_AS}\n", files=NON_ROOT)
