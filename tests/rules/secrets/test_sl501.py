"""SL501 secret-variable-default: literal fallbacks in ${VAR:-default}, in every format."""

from __future__ import annotations

import pytest

from helpers import compose_env_quoted, findings_of


def test_message_names_variable_and_says_when_the_fallback_is_guessable():
    weak = findings_of("SL501", "compose.yaml",
                       compose_env_quoted(GF_SECURITY_ADMIN_PASSWORD="${ADMIN_PASSWORD:-admin}"))
    strong = findings_of("SL501", "compose.yaml",
                         compose_env_quoted(GF_SECURITY_ADMIN_PASSWORD="${ADMIN_PASSWORD:-Xk9-qLr2}"))
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
    assert not findings_of("SL501", "compose.yaml", compose_env_quoted(**env))


def test_dockerfile_env_and_arg_fallbacks():
    text = ("FROM alpine:3.20\nARG API_TOKEN\nENV API_TOKEN=${API_TOKEN:-q7Lr2-Vx9Tz} \\\n"
            "    LOG_LEVEL=${LOG_LEVEL:-info}\nARG DB_PASSWORD=${DB_PASSWORD:-dev}\nUSER app\n")
    findings = findings_of("SL501", "Dockerfile", text)
    assert [f.message.split(" holds")[0] for f in findings] == ["ENV API_TOKEN", "ARG DB_PASSWORD"]


def test_kubernetes_configmap_line_and_secret_value():
    cm = ("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  app.properties: |\n"
          "    db.user=app\n    db.password=${DB_PASSWORD:-s3cr3t-fallback}\n"
          "    db.url=${DB_URL:-jdbc:postgresql://db/app}\n")
    findings = findings_of("SL501", "cm.yaml", cm)
    assert len(findings) == 1 and findings[0].span.line == 7
    assert "entry db.password" in findings[0].message
    secret = ("apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData:\n"
              "  password: ${DB_PASSWORD:-Xk9-qLr2}\n  username: ${DB_USER:-app}\n")
    findings = findings_of("SL501", "secret.yaml", secret)
    assert [f.message.split(" holds")[0] for f in findings] == ["Secret 's' stringData.password"]
