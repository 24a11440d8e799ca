"""SL103 hardcoded-secret: precision on the shapes seen in real repositories.

Each case is a small snippet modelled on a pattern found in the shared corpus: the false
positives the rule must stay quiet on, and the literal credentials (weak dev ones included) it
must keep reporting. Token-like values are assembled from parts so that this file does not look
like it holds credentials.
"""

from __future__ import annotations

import base64

import pytest

from helpers import by_name, lint_text
from linter import secrets


def sl103(filename: str, text: str):
    findings = lint_text(filename, text)
    assert not [f for f in findings if f.name in ("parse-error", "internal-error")], findings
    return by_name(findings, "hardcoded-secret")


def compose_env(**env: str) -> str:
    lines = "".join(f"      {k}: {v}\n" for k, v in env.items())
    return f"services:\n  app:\n    image: app:1\n    environment:\n{lines}"


def pod_env(name: str, value: str) -> str:
    return ("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n"
            f"  - name: app\n    image: app:1\n    env:\n    - name: {name}\n"
            f"      value: {value}\n")


def secret(entries: dict[str, str], field: str = "stringData", extra: str = "") -> str:
    body = "".join(f"  {k}: {v}\n" for k, v in entries.items())
    return f"apiVersion: v1\nkind: Secret\nmetadata: {{name: s}}\n{extra}{field}:\n{body}"


def b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def assert_no_value_in_messages(findings, *values: str) -> None:
    for f in findings:
        for v in values:
            assert v not in f.message, f.message


# ------------------------------------------------------------------------- secret-looking names

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


def test_settings_named_after_credentials_are_not_reported():
    text = compose_env(PEERDB_CLICKHOUSE_AWS_CREDENTIALS_AWS_REGION="us-east-1",
                       PEERDB_CLICKHOUSE_AWS_CREDENTIALS_AWS_ENDPOINT_URL_S3="http://minio:9001",
                       TOKEN_REFRESH_INTERVAL='"60"', password_encryption="scram-sha-256")
    assert not sl103("compose.yaml", text)


def test_run_together_password_names_are_reported():
    findings = sl103("compose.yaml", compose_env(PGPASSWORD="zufsob-kuvtum"))
    assert len(findings) == 1 and "PGPASSWORD" in findings[0].message
    assert_no_value_in_messages(findings, "zufsob-kuvtum")


# ------------------------------------------------------------------------------------ values

@pytest.mark.parametrize("value", [
    "__changeme__", "your-api-key", "your-token-here", "yourpassword", "token-goes-here",
    "SECRET", "_", "'-'", "'[EKS_ACCESS_KEY]'", "$$REDIS_PASSWORD",
    "https://vault.example.com/v1/kv", "ENC[AES256_GCM,data:Tr7o,iv:1w==,tag:Aw==,type:str]",
])
def test_placeholders_in_compose_are_not_reported(value):
    assert not sl103("compose.yaml", compose_env(API_TOKEN=value))


@pytest.mark.parametrize("value", [
    "postgres", "password", "changeme", "my-password", "mysecretpassword", "top-secret",
    "Password!",
])
def test_weak_literal_passwords_are_reported_by_sl500_not_sl103(value):
    # well-known defaults moved to SL500 well-known-default-secret: one rule per value
    text = compose_env(POSTGRES_PASSWORD=f"'{value}'")
    assert not sl103("compose.yaml", text)
    findings = by_name(lint_text("compose.yaml", text), "well-known-default-secret")
    assert len(findings) == 1
    assert_no_value_in_messages(findings, value)


@pytest.mark.parametrize("value,severity", [
    ("passRT%^#234", "high"), ("zufsob-kuvtum-bImxa6", "high"),
    ("whalehello", "medium"), ("dbz", "medium"),
])
def test_other_literals_stay_sl103_with_severity_by_entropy(value, severity):
    findings = sl103("compose.yaml", compose_env(MONGODB_PASSWORD=f"'{value}'"))
    assert len(findings) == 1 and str(findings[0].severity) == severity
    assert_no_value_in_messages(findings, value)


def test_url_with_credentials_or_token_parameter_is_not_a_plain_url():
    assert not secrets.is_placeholder("https://admin:hunter2x@db.example.com/")
    assert not secrets.is_placeholder("https://api.example.com/v1?api_key=f00ba4")
    assert secrets.is_placeholder("https://api.example.com/v1?page=2")
    assert secrets.is_placeholder("jdbc:mysql://mysql:3306/target_db")


def test_dockerfile_sentinel_and_windows_path_are_not_reported():
    text = ('FROM mcr.microsoft.com/windows/servercore\n'
            'ENV sa_password="_" \\\n    sa_password_path="C:\\ProgramData\\Docker\\secrets\\sa"\n'
            'USER app\n')
    assert not sl103("Dockerfile", text)
    assert sl103("Dockerfile", 'FROM alpine:3.20\nENV sa_password="g0rd0n1!"\nUSER app\n')


@pytest.mark.parametrize("name,value", [
    ("DD_API_KEY", "your-api-key"), ("LOGGLY_TOKEN", "your-token-here"),
    ("MYSQL_ROOT_PASSWORD", "yourpassword"), ("OAUTH2_PROXY_COOKIE_SECRET", "SECRET"),
    ("AZUREBLOB_TOKEN_REFRESH_INTERVAL", '"60"'),
])
def test_pod_env_placeholders_are_not_reported(name, value):
    assert not sl103("pod.yaml", pod_env(name, value))


def test_pod_env_weak_password_is_reported_by_sl500():
    text = pod_env("FLUENT_ELASTICSEARCH_PASSWORD", '"changeme"')
    assert not sl103("pod.yaml", text)
    findings = by_name(lint_text("pod.yaml", text), "well-known-default-secret")
    assert len(findings) == 1 and "FLUENT_ELASTICSEARCH_PASSWORD" in findings[0].message


# ---------------------------------------------------------------------------- Kubernetes Secret

def test_secret_reports_credentials_but_not_their_plain_fields():
    text = secret({
        "url": "https://github.com/org/private-repo", "type": "git", "name": "private-repo",
        "project": "default", "username": "my-username", "POSTGRES_DB": "n8n",
        "POSTGRES_USER": "changeUser", "INFLUXDB_HOST": "influxdb",
        "CRYPTO_KEY_PROVIDER": "secret", "password": "my-password", "bearerToken": "tok-3x4mpl",
        "session": "unsecure_session_secret",
    })
    findings = sl103("secret.yaml", text)
    reported = sorted(f.message.split("stringData.")[1].split(" ")[0] for f in findings)
    assert reported == ["bearerToken", "session"]
    assert_no_value_in_messages(findings, "my-password", "tok-3x4mpl", "unsecure_session_secret")
    weak = by_name(lint_text("secret.yaml", text), "well-known-default-secret")
    assert [f.message.split("stringData.")[1].split(" ")[0] for f in weak] == ["password"]


def test_secret_base64_user_is_not_reported_but_password_is():
    text = secret({"RABBITMQ_DEFAULT_USER": b64("username"),
                   "RABBITMQ_DEFAULT_PASS": b64("Rq7-vLx2-Tz9")}, field="data")
    findings = sl103("secret.yaml", text)
    assert len(findings) == 1 and "RABBITMQ_DEFAULT_PASS" in findings[0].message
    assert "base64 is an encoding" in findings[0].message
    # the well-known default goes to SL500 instead
    text = text.replace(b64("Rq7-vLx2-Tz9"), b64("password"))
    assert not sl103("secret.yaml", text)
    assert len(by_name(lint_text("secret.yaml", text), "well-known-default-secret")) == 1


def test_secret_url_with_credentials_is_reported():
    text = secret({"url": "https://deploy:Zx9-Very-Private@git.example.com/repo.git"})
    findings = sl103("secret.yaml", text)
    assert len(findings) == 1 and "url-credentials" in findings[0].message
    assert_no_value_in_messages(findings, "Zx9-Very-Private")


CERT = ("-----BEGIN CERTIFICATE-----\nMIIBfTCCASKgAwIBAgIRAMAZttlRlkcuSun0yV0z4RwwCgYIKoZIzj0EAwIw\n"
        "-----END CERTIFICATE-----\n")
KEY = ("-----BEGIN EC " + "PRIVATE KEY-----\nMHcCAQEEIOc6wqZmSDmT336K4O26dMk1RCVc0+cmnsO2eK4P5K5y\n"
       "-----END EC " + "PRIVATE KEY-----\n")


def test_certificates_in_a_secret_are_public_but_keys_are_not():
    text = secret({"ca-bundle.crt": b64(CERT), "certificate.pem": b64("Certificate:\n" + CERT),
                   "tls.key": b64(KEY)}, field="data")
    findings = sl103("secret.yaml", text)
    assert len(findings) == 1 and "tls.key" in findings[0].message
    assert "private-key" in findings[0].message
    block = "|\n" + "".join("    " + line + "\n" for line in CERT.splitlines())
    assert not sl103("secret.yaml", secret({"server.crt": block}))


@pytest.mark.parametrize("text", [
    # empty, templated, or filled in by the cluster
    secret({}, field="data"),
    "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata: {}\n",
    secret({"password": "'{{ .Values.password }}'", "token": "${TOKEN}"}),
    "apiVersion: v1\nkind: Secret\nmetadata:\n  name: sa-token\n  annotations:\n"
    "    kubernetes.io/service-account.name: build-robot\ntype: kubernetes.io/service-account-token\n",
    # SOPS: ciphertext values, with or without the sops metadata block
    secret({"password": "ENC[AES256_GCM,data:Tr7oqA==,iv:1w==,tag:Aw==,type:str]"}),
    secret({"password": "ENC[AES256_GCM,data:Tr7oqA==,type:str]"})
    + "sops:\n  version: 3.8.1\n",
])
def test_secrets_without_literal_values_are_not_reported(text):
    assert not sl103("secret.yaml", text)


@pytest.mark.parametrize("text", [
    "apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nmetadata: {name: s}\nspec:\n"
    "  encryptedData:\n    password: AgBy3i4OJSWK+PiTySYZZA9rO43cGDEq\n",
    "apiVersion: external-secrets.io/v1beta1\nkind: ExternalSecret\nmetadata: {name: s}\nspec:\n"
    "  secretStoreRef: {name: vault, kind: ClusterSecretStore}\n  data:\n"
    "  - secretKey: password\n    remoteRef: {key: db, property: password}\n",
    "apiVersion: isindir.github.com/v1alpha3\nkind: SopsSecret\nmetadata: {name: s}\nspec:\n"
    "  secretTemplates:\n  - name: db\n    stringData:\n      password: ENC[AES256_GCM,data:x,type:str]\n",
])
def test_encrypted_and_external_secret_kinds_are_not_reported(text):
    assert not sl103("secret.yaml", text)


# ------------------------------------------------------------------ custom resources, ConfigMaps

def test_custom_resource_literal_password_is_reported():
    text = ("apiVersion: debezium.io/v1alpha1\nkind: DebeziumServer\nmetadata: {name: d}\n"
            "spec:\n  sink:\n    config:\n      connection.url: jdbc:mysql://mysql:3306/db\n"
            "      connection.username: root\n      connection.password: debezium\n"
            "      connection.token: ${TOKEN}\n")
    findings = sl103("cr.yaml", text)
    assert len(findings) == 1
    assert "spec.sink.config.connection.password" in findings[0].message
    assert findings[0].span.line == 9
    assert_no_value_in_messages(findings, "debezium")


def test_custom_resource_secret_references_are_not_reported():
    text = ("apiVersion: kafka.strimzi.io/v1beta2\nkind: KafkaMirrorMaker2\nmetadata: {name: m}\n"
            "spec:\n  target:\n    authentication:\n      type: scram-sha-512\n"
            "      username: cluster-b-user\n      passwordSecret:\n"
            "        secretName: cluster-b-user\n        password: password\n"
            "  config:\n    config.providers.secrets.class: io.strimzi.kafka.KubernetesSecretConfigProvider\n"
            "    kubernetes-config.secrets: postgresql-credentials,pubsub-credentials\n")
    assert not sl103("cr.yaml", text)


def test_crd_schemas_are_not_reported():
    text = ("apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\n"
            "metadata: {name: x.example.com}\nspec:\n  group: example.com\n  versions:\n"
            "  - name: v1\n    schema:\n      openAPIV3Schema:\n        properties:\n"
            "          password: {type: string, description: the password}\n"
            "          token: {type: string, default: not-a-token}\n")
    assert not sl103("crd.yaml", text)


CONFIGMAP = """apiVersion: v1
kind: ConfigMap
metadata: {name: otel}
data:
  collector.yaml: |
    extensions:
      bearertokenauth:
        token: "Kq2vX9-Lm4Rt"
      other:
        password: ${PASSWORD}
        custom_secrets: []
        secret_key: [EKS_SECRET_KEY]
        api_key_file: /run/secrets/key
"""


def test_configmap_embedded_config_literal_is_reported_at_its_line():
    findings = sl103("cm.yaml", CONFIGMAP)
    assert len(findings) == 1
    f = findings[0]
    assert "collector.yaml" in f.message and "token" in f.message
    assert f.span.line == 8
    assert_no_value_in_messages(findings, "Kq2vX9-Lm4Rt")


def test_configmap_embedded_placeholders_are_not_reported():
    assert not sl103("cm.yaml", CONFIGMAP.replace('"Kq2vX9-Lm4Rt"', "${BEARER_TOKEN}"))


def test_configmap_embedded_weak_default_goes_to_sl500_at_its_line():
    text = CONFIGMAP.replace('"Kq2vX9-Lm4Rt"', '"somerandomtoken"')
    assert not sl103("cm.yaml", text)
    weak = by_name(lint_text("cm.yaml", text), "well-known-default-secret")
    assert len(weak) == 1 and weak[0].span.line == 8


def test_compose_inline_config_with_private_key_is_reported():
    body = "".join("      " + line + "\n" for line in KEY.splitlines())
    text = ("services:\n  app:\n    image: app:1\nconfigs:\n  tls-key:\n    content: |\n" + body
            + "  tls-cert:\n    content: |\n"
            + "".join("      " + line + "\n" for line in CERT.splitlines()))
    findings = sl103("compose.yaml", text)
    assert len(findings) == 1 and "configs.tls-key.content" in findings[0].message
    assert "private-key" in findings[0].message


# ------------------------------------------------------------------------ command lines

@pytest.mark.parametrize("snippet", [
    '    healthcheck:\n      test: ["CMD", "mysqladmin", "ping", "-h", "localhost", "-u", "root", '
    '"-pdebezium"]\n',
    '    healthcheck:\n      test: "/usr/bin/mysql --user=root --password=debezium --execute \\"SELECT 1;\\""\n',
    '    command: ["--username", "username", "--password", "Tr4v-9qLz"]\n',
    "    entrypoint: curl -u admin:Zx9-Very-Private https://example.com/\n",
])
def test_compose_command_line_passwords_are_reported(snippet):
    findings = sl103("compose.yaml", "services:\n  db:\n    image: mysql:8\n" + snippet)
    assert len(findings) == 1 and "command-line-password" in findings[0].message
    assert_no_value_in_messages(findings, "debezium", "Zx9-Very-Private", "Tr4v-9qLz")


@pytest.mark.parametrize("snippet", [
    '    command: ["--username", "username", "--password", "password"]\n',
    "    entrypoint: curl -u admin:hunter2 https://example.com/\n",
    '    healthcheck:\n      test: "mysqladmin ping -uroot -proot"\n',
])
def test_compose_command_line_weak_passwords_go_to_sl500(snippet):
    text = "services:\n  db:\n    image: mysql:8\n" + snippet
    assert not sl103("compose.yaml", text)
    weak = by_name(lint_text("compose.yaml", text), "well-known-default-secret")
    assert len(weak) == 1 and "command line" in weak[0].message


@pytest.mark.parametrize("snippet", [
    '    healthcheck:\n      test: ["CMD-SHELL", "mysqladmin ping -uroot -p$$MYSQL_ROOT_PASSWORD"]\n',
    "    command: valkey-server --requirepass $$REDIS_PASSWORD\n",
    "    command: --default-authentication-plugin=mysql_native_password\n",
    "    command: [\"docker\", \"run\", \"-u\", \"1000:1000\", \"busybox\"]\n",
])
def test_compose_command_lines_without_literal_passwords_are_not_reported(snippet):
    assert not sl103("compose.yaml", "services:\n  db:\n    image: mysql:8\n" + snippet)


def test_dockerfile_mysql_path_is_not_a_mysql_password():
    text = ("FROM debian:12\nRUN find /etc/mysql/ -name '*.cnf' -print0 | xargs -0 grep -lZE x\n"
            "RUN mkdir -p /var/lib/mysql && docker run -u 1000:1000 busybox true\nUSER app\n")
    assert not sl103("Dockerfile", text)


def test_container_args_password_is_reported():
    text = ("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n"
            "  - name: documentdb\n    image: documentdb:1\n    args:\n"
            '    - "--username"\n    - "username"\n    - "--password"\n    - "password"\n')
    findings = sl103("pod.yaml", text.replace('- "password"', '- "Tr4v-9qLz"'))
    assert len(findings) == 1 and "command-line-password" in findings[0].message
    assert not sl103("pod.yaml", text)  # a well-known default: SL500
    assert by_name(lint_text("pod.yaml", text), "well-known-default-secret")
    text = text.replace('- "password"', '- "$(DOCUMENTDB_PASSWORD)"')
    assert not sl103("pod.yaml", text)
    assert not by_name(lint_text("pod.yaml", text), "well-known-default-secret")
