"""linter.secrets on names and values alone: secret-looking names, placeholders, well-known
defaults and ${VAR:-default} fallbacks."""

from __future__ import annotations

import pytest

from linter import secrets


@pytest.mark.parametrize("name", [
    "DB_PASSWORD", "PGPASSWORD", "MYSQLPASSWORD", "SECRET_KEY_BASE", "AWS_SECRET_ACCESS_KEY",
    "connection.password", "bearerToken", "FLUENT_OPENSEARCH_CLIENT_KEY_PASS", "jwt_secret",
])
def test_secret_names(name):
    assert secrets.is_secret_name(name)


@pytest.mark.parametrize("name", [
    # a setting or location after the secret word
    "PEERDB_CLICKHOUSE_AWS_CREDENTIALS_AWS_REGION", "AWS_CREDENTIALS_ENDPOINT_URL_S3",
    "AZUREBLOB_TOKEN_REFRESH_INTERVAL", "ACCESS_TOKEN_EXPIRE_MINUTES", "password_encryption",
    "PASSWORD_MIN_LENGTH", "SECRET_BACKEND", "config.providers.secrets.class",
    # references and lists of secrets' names
    "kubernetes-config.secrets", "image_pull_secrets", "secretKeyRef", "api_key_env",
    "PASSWORD_FILE", "NEXT_PUBLIC_TOKEN",
])
def test_not_secret_names(name):
    assert not secrets.is_secret_name(name)


def test_url_with_credentials_or_token_parameter_is_not_a_plain_url():
    assert not secrets.is_placeholder("https://admin:hunter2x@db.example.com/")
    assert not secrets.is_placeholder("https://api.example.com/v1?api_key=f00ba4")
    assert secrets.is_placeholder("https://api.example.com/v1?page=2")
    assert secrets.is_placeholder("jdbc:mysql://mysql:3306/target_db")


@pytest.mark.parametrize("value", [
    "password", "Password!", "P@ssw0rd1", "Pa$$w0rd", "passw0rd", "s3cr3t", "changeme",
    "CHANGEME00000000", "changePassword", "admin", "admin123", "root", "toor", "123456",
    "examplerootPW", "example_123", "mysecretpassword", "top-secret", "supersecret",
    "minio123", "minioadminpassword", "postgrespw", "Mssql_Password123", "my-token",
    "letmein", "guest", "test1234", "ThisIsASuperLongToken",
])
def test_well_known_defaults(value):
    assert secrets.is_weak_default(value)


@pytest.mark.parametrize("value", [
    "zufsob-kuvtum-bImxa6", "Corr3ct-Horse-Battery", "passRT%^#234", "whalehello", "g0rd0n1!",
    "orderpw", "Xk9-qLr2-Tz7v", "a" * 40, "passwordpasswordpasswordpassword1", "12345678901",
])
def test_not_well_known_defaults(value):
    assert not secrets.is_weak_default(value)


def test_variable_defaults_parser():
    assert secrets.variable_defaults("${A:-x}") == [("A", "x")]
    assert secrets.variable_defaults("${A-x} and ${B:-y}") == [("A", "x"), ("B", "y")]
    assert secrets.variable_defaults("${A:-${B:-z}}") == [("A", "${B:-z}"), ("B", "z")]
    assert secrets.variable_defaults("${A:?err} ${B} $C ${D:+alt}") == []
    assert secrets.variable_defaults("$${A:-x}") == []  # $$ is a literal dollar in Compose
    assert secrets.variable_defaults("${A:-unterminated") == []
