"""Which secret rule reports a value: SL103, SL500, SL501 (and SL270) never report one twice."""

from __future__ import annotations

import random

import pytest

from helpers import (OTEL_CONFIGMAP, assert_no_value_in_messages, b64, by_name, compose_env,
                     compose_env_quoted, findings_of, k8s_secret, lint_text, pod_env, random_text)


@pytest.mark.parametrize("value", [
    "postgres", "password", "changeme", "my-password", "mysecretpassword", "top-secret",
    "Password!",
])
def test_weak_literal_passwords_are_reported_by_sl500_not_sl103(value):
    # well-known defaults moved to SL500 well-known-default-secret: one rule per value
    text = compose_env(POSTGRES_PASSWORD=f"'{value}'")
    assert not findings_of("SL103", "compose.yaml", text)
    findings = by_name(lint_text("compose.yaml", text), "well-known-default-secret")
    assert len(findings) == 1
    assert_no_value_in_messages(findings, value)


def test_pod_env_weak_password_is_reported_by_sl500():
    text = pod_env("FLUENT_ELASTICSEARCH_PASSWORD", '"changeme"')
    assert not findings_of("SL103", "pod.yaml", text)
    findings = by_name(lint_text("pod.yaml", text), "well-known-default-secret")
    assert len(findings) == 1 and "FLUENT_ELASTICSEARCH_PASSWORD" in findings[0].message


def test_secret_reports_credentials_but_not_their_plain_fields():
    text = k8s_secret({
        "url": "https://github.com/org/private-repo", "type": "git", "name": "private-repo",
        "project": "default", "username": "my-username", "POSTGRES_DB": "n8n",
        "POSTGRES_USER": "changeUser", "INFLUXDB_HOST": "influxdb",
        "CRYPTO_KEY_PROVIDER": "secret", "password": "my-password", "bearerToken": "tok-3x4mpl",
        "session": "unsecure_session_secret",
    })
    findings = findings_of("SL103", "secret.yaml", text)
    reported = sorted(f.message.split("stringData.")[1].split(" ")[0] for f in findings)
    assert reported == ["bearerToken", "session"]
    assert_no_value_in_messages(findings, "my-password", "tok-3x4mpl", "unsecure_session_secret")
    weak = by_name(lint_text("secret.yaml", text), "well-known-default-secret")
    assert [f.message.split("stringData.")[1].split(" ")[0] for f in weak] == ["password"]


def test_secret_base64_user_is_not_reported_but_password_is():
    text = k8s_secret({"RABBITMQ_DEFAULT_USER": b64("username"),
                   "RABBITMQ_DEFAULT_PASS": b64("Rq7-vLx2-Tz9")}, field="data")
    findings = findings_of("SL103", "secret.yaml", text)
    assert len(findings) == 1 and "RABBITMQ_DEFAULT_PASS" in findings[0].message
    assert "base64 is an encoding" in findings[0].message
    # the well-known default goes to SL500 instead
    text = text.replace(b64("Rq7-vLx2-Tz9"), b64("password"))
    assert not findings_of("SL103", "secret.yaml", text)
    assert len(by_name(lint_text("secret.yaml", text), "well-known-default-secret")) == 1


def test_configmap_embedded_weak_default_goes_to_sl500_at_its_line():
    text = OTEL_CONFIGMAP.replace('"Kq2vX9-Lm4Rt"', '"somerandomtoken"')
    assert not findings_of("SL103", "cm.yaml", text)
    weak = by_name(lint_text("cm.yaml", text), "well-known-default-secret")
    assert len(weak) == 1 and weak[0].span.line == 8


@pytest.mark.parametrize("snippet", [
    '    command: ["--username", "username", "--password", "password"]\n',
    "    entrypoint: curl -u admin:hunter2 https://example.com/\n",
    '    healthcheck:\n      test: "mysqladmin ping -uroot -proot"\n',
])
def test_compose_command_line_weak_passwords_go_to_sl500(snippet):
    text = "services:\n  db:\n    image: mysql:8\n" + snippet
    assert not findings_of("SL103", "compose.yaml", text)
    weak = by_name(lint_text("compose.yaml", text), "well-known-default-secret")
    assert len(weak) == 1 and "command line" in weak[0].message


def test_container_args_password_is_reported():
    text = ("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n"
            "  - name: documentdb\n    image: documentdb:1\n    args:\n"
            '    - "--username"\n    - "username"\n    - "--password"\n    - "password"\n')
    findings = findings_of("SL103", "pod.yaml", text.replace('- "password"', '- "Tr4v-9qLz"'))
    assert len(findings) == 1 and "command-line-password" in findings[0].message
    assert not findings_of("SL103", "pod.yaml", text)  # a well-known default: SL500
    assert by_name(lint_text("pod.yaml", text), "well-known-default-secret")
    text = text.replace('- "password"', '- "$(DOCUMENTDB_PASSWORD)"')
    assert not findings_of("SL103", "pod.yaml", text)
    assert not by_name(lint_text("pod.yaml", text), "well-known-default-secret")


def compose(service: str, image: str, **env: str) -> str:
    lines = "".join(f"      {k}: {v}\n" for k, v in env.items())
    return f"services:\n  {service}:\n    image: {image}\n    environment:\n{lines}"


@pytest.mark.parametrize("service,image,env", [
    # the service's own name, with a suffix
    ("order-db", "postgres:16", {"POSTGRES_PASSWORD": "orderpw"}),
    # the user name beside it
    ("db", "postgres:16", {"POSTGRES_USER": "acmeshop", "POSTGRES_PASSWORD": "acmeshop"}),
    # the image's project name
    ("mysql", "quay.io/debezium/example-mysql:2.7", {"MYSQL_ROOT_PASSWORD": "debezium"}),
    # glued to a well-known default
    ("flow", "ghcr.io/peerdb-io/flow-api:v1", {"AWS_SECRET_ACCESS_KEY": "_peerdb_minioadmin"}),
])
def test_context_words_make_a_default_guessable(service, image, env):
    findings = findings_of("SL500", "compose.yaml", compose(service, image, **env))
    assert len(findings) == 1
    assert not findings_of("SL103", "compose.yaml", compose(service, image, **env))
    if "minioadmin" not in str(env):  # guessable through its context only
        assert findings[0].message.endswith("(same-as-name)"), findings[0].message


def test_context_of_another_service_does_not_count():
    text = compose("payments", "postgres:16", POSTGRES_PASSWORD="orderpw")
    assert not findings_of("SL500", "compose.yaml", text)
    assert len(findings_of("SL103", "compose.yaml", text)) == 1


def test_one_rule_per_value_and_lower_severity():
    text = compose("db", "postgres:16", POSTGRES_PASSWORD="postgres", API_TOKEN="Xk9-qLr2-Tz7v")
    weak = findings_of("SL500", "compose.yaml", text)
    hard = findings_of("SL103", "compose.yaml", text)
    assert [f.message.split(" holds")[0] for f in weak] == [
        "services.db.environment.POSTGRES_PASSWORD"]
    assert [f.message.split(" holds")[0] for f in hard] == ["services.db.environment.API_TOKEN"]
    assert str(weak[0].severity) == "medium" and str(hard[0].severity) == "high"
    assert "well-known-default" in weak[0].message


def test_token_formats_are_never_weak():
    # a token is reported by SL103 even when the key's value otherwise looks like a demo
    token = "ghp_" + "Ab1" * 12
    text = compose("github", "app:1", GITHUB_TOKEN=token)
    assert not findings_of("SL500", "compose.yaml", text)
    assert "github-token" in findings_of("SL103", "compose.yaml", text)[0].message


def test_weak_url_password():
    text = compose("app", "app:1", DATABASE_URL="postgres://postgres:postgres@db:5432/app",
                   CACHE_URL="redis://default:redis@cache:6379")
    findings = findings_of("SL500", "compose.yaml", text)
    assert len(findings) == 2 and all("URL" in f.message for f in findings)
    assert not findings_of("SL103", "compose.yaml", text)


def test_messages_name_the_key_not_the_value():
    text = compose("db", "postgres:16", POSTGRES_PASSWORD="Winter2024!")
    findings = findings_of("SL500", "compose.yaml", text) + findings_of("SL103", "compose.yaml", text)
    assert findings and all("Winter" not in f.message and "2024" not in f.message for f in findings)


@pytest.mark.parametrize("env", [
    {"POSTGRES_PASSWORD": "${DB_PASSWORD:-dev_pw}"},
    {"POSTGRES_PASSWORD": "${DB_PASSWORD-dev_pw}"},
    {"CONNECTION": "${DB_PASSWORD:-Xk9-qLr2}"},  # the variable, not the key, is secret-named
    {"API_KEY": "prefix-${API_KEY:-Zq8Lw3}"},
    {"REDIS_PASSWORD": "${REDIS_PASSWORD:-${OTHER_PASSWORD:-fallback-pw}}"},
])
def test_compose_literal_fallbacks_are_reported(env):
    findings = findings_of("SL501", "compose.yaml", compose_env_quoted(**env))
    assert len(findings) == 1
    assert "variable-default" in findings[0].message
    assert not findings_of("SL103", "compose.yaml", compose_env_quoted(**env))


def test_token_in_a_fallback_is_sl103():
    token = "glpat-" + "Xy7Zq2Lm9Nv4Bc8Zs1Df"
    text = compose_env_quoted(GITLAB_TOKEN="${GITLAB_TOKEN:-" + token + "}")
    assert not findings_of("SL501", "compose.yaml", text)
    found = findings_of("SL103", "compose.yaml", text)
    assert len(found) == 1 and "gitlab-token" in found[0].message


def test_compose_inline_dockerfile_is_read():
    text = ("services:\n  app:\n    build:\n      context: .\n      dockerfile_inline: |\n"
            "        FROM alpine:3.20\n        ENV API_TOKEN=" + random_text(random.Random(20261130), 24) + "\n"
            "        ENV DB_PASSWORD=changeme\n        USER app\n")
    findings = lint_text("compose.yaml", text)
    hard = by_name(findings, "hardcoded-secret")
    weak = by_name(findings, "well-known-default-secret")
    assert [(f.message.split(" holds ")[0], f.span.line) for f in hard] == [
        ("services.app.build.dockerfile_inline ENV API_TOKEN", 7)]
    assert [(f.message.split(" holds ")[0], f.span.line) for f in weak] == [
        ("services.app.build.dockerfile_inline ENV DB_PASSWORD", 8)]


def test_secret_named_arg_without_value_is_reported_once():
    found = lint_text("Dockerfile", "FROM node:22\nARG GITHUB_TOKEN\n")
    assert [f.code for f in found if f.name in ("secret-in-build-variable",
                                                 "hardcoded-secret")] == ["SL270"]
