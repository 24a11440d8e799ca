"""SL501 secret-variable-default: literal fallbacks in ${VAR:-default}, in every format."""

from __future__ import annotations

import pytest

from helpers import by_name, lint_text
from linter import secrets


def sl501(filename: str, text: str, name: str = "secret-variable-default"):
    findings = lint_text(filename, text)
    assert not [f for f in findings if f.name in ("parse-error", "internal-error")], findings
    return by_name(findings, name)


def compose(**env: str) -> str:
    lines = "".join(f"      {k}: \"{v}\"\n" for k, v in env.items())
    return f"services:\n  app:\n    image: app:1.0\n    environment:\n{lines}"


def test_variable_defaults_parser():
    assert secrets.variable_defaults("${A:-x}") == [("A", "x")]
    assert secrets.variable_defaults("${A-x} and ${B:-y}") == [("A", "x"), ("B", "y")]
    assert secrets.variable_defaults("${A:-${B:-z}}") == [("A", "${B:-z}"), ("B", "z")]
    assert secrets.variable_defaults("${A:?err} ${B} $C ${D:+alt}") == []
    assert secrets.variable_defaults("$${A:-x}") == []  # $$ is a literal dollar in Compose
    assert secrets.variable_defaults("${A:-unterminated") == []


@pytest.mark.parametrize("env", [
    {"POSTGRES_PASSWORD": "${DB_PASSWORD:-dev_pw}"},
    {"POSTGRES_PASSWORD": "${DB_PASSWORD-dev_pw}"},
    {"CONNECTION": "${DB_PASSWORD:-Xk9-qLr2}"},  # the variable, not the key, is secret-named
    {"API_KEY": "prefix-${API_KEY:-Zq8Lw3}"},
    {"REDIS_PASSWORD": "${REDIS_PASSWORD:-${OTHER_PASSWORD:-fallback-pw}}"},
])
def test_compose_literal_fallbacks_are_reported(env):
    findings = sl501("compose.yaml", compose(**env))
    assert len(findings) == 1
    assert "variable-default" in findings[0].message
    assert not sl501("compose.yaml", compose(**env), "hardcoded-secret")


def test_message_names_variable_and_says_when_the_fallback_is_guessable():
    weak = sl501("compose.yaml", compose(GF_SECURITY_ADMIN_PASSWORD="${ADMIN_PASSWORD:-admin}"))
    strong = sl501("compose.yaml", compose(GF_SECURITY_ADMIN_PASSWORD="${ADMIN_PASSWORD:-Xk9-qLr2}"))
    assert "${ADMIN_PASSWORD}" in weak[0].message and "well-known" in weak[0].message
    assert "literal value" in strong[0].message and "Xk9" not in strong[0].message
    assert "services.app.environment.GF_SECURITY_ADMIN_PASSWORD" in weak[0].message


@pytest.mark.parametrize("env", [
    {"POSTGRES_PASSWORD": "${DB_PASSWORD}"},
    {"POSTGRES_PASSWORD": "${DB_PASSWORD:?set DB_PASSWORD}"},
    {"POSTGRES_PASSWORD": "${DB_PASSWORD:-}"},
    {"POSTGRES_PASSWORD": "${DB_PASSWORD:+set}"},
    {"POSTGRES_PASSWORD": "${DB_PASSWORD:-${VAULT_PASSWORD}}"},
    {"POSTGRES_PASSWORD_FILE": "${DB_PASSWORD_FILE:-/run/secrets/db}"},
    {"POSTGRES_USER": "${DB_USER:-postgres}"},
    {"LOG_LEVEL": "${LOG_LEVEL:-info}"},
    {"ADMIN_PASSWORD_HASH": "${ADMIN_PASSWORD_HASH:-$$2a$$14$$abcdefghijklmnopqrstuv}"},
    {"COMMAND": "$${DB_PASSWORD:-inside-the-container}"},
])
def test_no_literal_fallback_is_not_reported(env):
    assert not sl501("compose.yaml", compose(**env))


def test_token_in_a_fallback_is_sl103():
    token = "glpat-" + "Xy7Zq2Lm9Nv4Bc8Zs1Df"
    text = compose(GITLAB_TOKEN="${GITLAB_TOKEN:-" + token + "}")
    assert not sl501("compose.yaml", text)
    found = sl501("compose.yaml", text, "hardcoded-secret")
    assert len(found) == 1 and "gitlab-token" in found[0].message


def test_dockerfile_env_and_arg_fallbacks():
    text = ("FROM alpine:3.20\nARG API_TOKEN\nENV API_TOKEN=${API_TOKEN:-q7Lr2-Vx9Tz} \\\n"
            "    LOG_LEVEL=${LOG_LEVEL:-info}\nARG DB_PASSWORD=${DB_PASSWORD:-dev}\nUSER app\n")
    findings = sl501("Dockerfile", text)
    assert [f.message.split(" holds")[0] for f in findings] == ["ENV API_TOKEN", "ARG DB_PASSWORD"]


def test_kubernetes_configmap_line_and_secret_value():
    cm = ("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  app.properties: |\n"
          "    db.user=app\n    db.password=${DB_PASSWORD:-s3cr3t-fallback}\n"
          "    db.url=${DB_URL:-jdbc:postgresql://db/app}\n")
    findings = sl501("cm.yaml", cm)
    assert len(findings) == 1 and findings[0].span.line == 7
    assert "entry db.password" in findings[0].message
    secret = ("apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData:\n"
              "  password: ${DB_PASSWORD:-Xk9-qLr2}\n  username: ${DB_USER:-app}\n")
    findings = sl501("secret.yaml", secret)
    assert [f.message.split(" holds")[0] for f in findings] == ["Secret 's' stringData.password"]
