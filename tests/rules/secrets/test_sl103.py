"""SL103 hardcoded-secret: precision on the shapes seen in real repositories, in every file
format and every place a secret can sit."""

from __future__ import annotations

import base64
import functools
import random

import pytest

from helpers import (OTEL_CONFIGMAP, assert_no_value_in_messages, b64, by_name, compose_env,
                     findings_of, k8s_secret, lint_text, pod_env, random_text)


#: token-shaped values come from a fixed seed and token-like literals are assembled from parts,
#: so that this file does not look like it holds credentials
_R = random.Random(20261130)
rnd = functools.partial(random_text, _R)


def test_settings_named_after_credentials_are_not_reported():
    text = compose_env(PEERDB_CLICKHOUSE_AWS_CREDENTIALS_AWS_REGION="us-east-1",
                       PEERDB_CLICKHOUSE_AWS_CREDENTIALS_AWS_ENDPOINT_URL_S3="http://minio:9001",
                       TOKEN_REFRESH_INTERVAL='"60"', password_encryption="scram-sha-256")
    assert not findings_of("SL103", "compose.yaml", text)


def test_run_together_password_names_are_reported():
    findings = findings_of("SL103", "compose.yaml", compose_env(PGPASSWORD="zufsob-kuvtum"))
    assert len(findings) == 1 and "PGPASSWORD" in findings[0].message
    assert_no_value_in_messages(findings, "zufsob-kuvtum")


@pytest.mark.parametrize("value", [
    "__changeme__", "your-api-key", "your-token-here", "yourpassword", "token-goes-here",
    "SECRET", "_", "'-'", "'[EKS_ACCESS_KEY]'", "$$REDIS_PASSWORD",
    "https://vault.example.com/v1/kv", "ENC[AES256_GCM,data:Tr7o,iv:1w==,tag:Aw==,type:str]",
])
def test_placeholders_in_compose_are_not_reported(value):
    assert not findings_of("SL103", "compose.yaml", compose_env(API_TOKEN=value))


@pytest.mark.parametrize("value,severity", [
    ("passRT%^#234", "high"), ("zufsob-kuvtum-bImxa6", "high"),
    ("whalehello", "medium"), ("dbz", "medium"),
])
def test_other_literals_stay_sl103_with_severity_by_entropy(value, severity):
    findings = findings_of("SL103", "compose.yaml", compose_env(MONGODB_PASSWORD=f"'{value}'"))
    assert len(findings) == 1 and str(findings[0].severity) == severity
    assert_no_value_in_messages(findings, value)


def test_dockerfile_sentinel_and_windows_path_are_not_reported():
    text = ('FROM mcr.microsoft.com/windows/servercore\n'
            'ENV sa_password="_" \\\n    sa_password_path="C:\\ProgramData\\Docker\\secrets\\sa"\n'
            'USER app\n')
    assert not findings_of("SL103", "Dockerfile", text)
    assert findings_of("SL103", "Dockerfile", 'FROM alpine:3.20\nENV sa_password="g0rd0n1!"\nUSER app\n')


@pytest.mark.parametrize("name,value", [
    ("DD_API_KEY", "your-api-key"), ("LOGGLY_TOKEN", "your-token-here"),
    ("MYSQL_ROOT_PASSWORD", "yourpassword"), ("OAUTH2_PROXY_COOKIE_SECRET", "SECRET"),
    ("AZUREBLOB_TOKEN_REFRESH_INTERVAL", '"60"'),
])
def test_pod_env_placeholders_are_not_reported(name, value):
    assert not findings_of("SL103", "pod.yaml", pod_env(name, value))


def test_secret_url_with_credentials_is_reported():
    text = k8s_secret({"url": "https://deploy:Zx9-Very-Private@git.example.com/repo.git"})
    findings = findings_of("SL103", "secret.yaml", text)
    assert len(findings) == 1 and "url-credentials" in findings[0].message
    assert_no_value_in_messages(findings, "Zx9-Very-Private")


CERT = ("-----BEGIN CERTIFICATE-----\nMIIBfTCCASKgAwIBAgIRAMAZttlRlkcuSun0yV0z4RwwCgYIKoZIzj0EAwIw\n"
        "-----END CERTIFICATE-----\n")


KEY = ("-----BEGIN EC " + "PRIVATE KEY-----\nMHcCAQEEIOc6wqZmSDmT336K4O26dMk1RCVc0+cmnsO2eK4P5K5y\n"
       "-----END EC " + "PRIVATE KEY-----\n")


def test_certificates_in_a_secret_are_public_but_keys_are_not():
    text = k8s_secret({"ca-bundle.crt": b64(CERT), "certificate.pem": b64("Certificate:\n" + CERT),
                   "tls.key": b64(KEY)}, field="data")
    findings = findings_of("SL103", "secret.yaml", text)
    assert len(findings) == 1 and "tls.key" in findings[0].message
    assert "private-key" in findings[0].message
    block = "|\n" + "".join("    " + line + "\n" for line in CERT.splitlines())
    assert not findings_of("SL103", "secret.yaml", k8s_secret({"server.crt": block}))


@pytest.mark.parametrize("text", [
    # empty, templated, or filled in by the cluster
    k8s_secret({}, field="data"),
    "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata: {}\n",
    k8s_secret({"password": "'{{ .Values.password }}'", "token": "${TOKEN}"}),
    "apiVersion: v1\nkind: Secret\nmetadata:\n  name: sa-token\n  annotations:\n"
    "    kubernetes.io/service-account.name: build-robot\ntype: kubernetes.io/service-account-token\n",
    # SOPS: ciphertext values, with or without the sops metadata block
    k8s_secret({"password": "ENC[AES256_GCM,data:Tr7oqA==,iv:1w==,tag:Aw==,type:str]"}),
    k8s_secret({"password": "ENC[AES256_GCM,data:Tr7oqA==,type:str]"})
    + "sops:\n  version: 3.8.1\n",
])
def test_secrets_without_literal_values_are_not_reported(text):
    assert not findings_of("SL103", "secret.yaml", text)


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
    assert not findings_of("SL103", "secret.yaml", text)


def test_custom_resource_literal_password_is_reported():
    text = ("apiVersion: debezium.io/v1alpha1\nkind: DebeziumServer\nmetadata: {name: d}\n"
            "spec:\n  sink:\n    config:\n      connection.url: jdbc:mysql://mysql:3306/db\n"
            "      connection.username: root\n      connection.password: debezium\n"
            "      connection.token: ${TOKEN}\n")
    findings = findings_of("SL103", "cr.yaml", text)
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
    assert not findings_of("SL103", "cr.yaml", text)


def test_crd_schemas_are_not_reported():
    text = ("apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\n"
            "metadata: {name: x.example.com}\nspec:\n  group: example.com\n  versions:\n"
            "  - name: v1\n    schema:\n      openAPIV3Schema:\n        properties:\n"
            "          password: {type: string, description: the password}\n"
            "          token: {type: string, default: not-a-token}\n")
    assert not findings_of("SL103", "crd.yaml", text)


def test_configmap_embedded_config_literal_is_reported_at_its_line():
    findings = findings_of("SL103", "cm.yaml", OTEL_CONFIGMAP)
    assert len(findings) == 1
    f = findings[0]
    assert "collector.yaml" in f.message and "token" in f.message
    assert f.span.line == 8
    assert_no_value_in_messages(findings, "Kq2vX9-Lm4Rt")


def test_configmap_embedded_placeholders_are_not_reported():
    assert not findings_of("SL103", "cm.yaml", OTEL_CONFIGMAP.replace('"Kq2vX9-Lm4Rt"', "${BEARER_TOKEN}"))


def test_compose_inline_config_with_private_key_is_reported():
    body = "".join("      " + line + "\n" for line in KEY.splitlines())
    text = ("services:\n  app:\n    image: app:1\nconfigs:\n  tls-key:\n    content: |\n" + body
            + "  tls-cert:\n    content: |\n"
            + "".join("      " + line + "\n" for line in CERT.splitlines()))
    findings = findings_of("SL103", "compose.yaml", text)
    assert len(findings) == 1 and "configs.tls-key.content" in findings[0].message
    assert "private-key" in findings[0].message


@pytest.mark.parametrize("snippet", [
    '    healthcheck:\n      test: ["CMD", "mysqladmin", "ping", "-h", "localhost", "-u", "root", '
    '"-pdebezium"]\n',
    '    healthcheck:\n      test: "/usr/bin/mysql --user=root --password=debezium --execute \\"SELECT 1;\\""\n',
    '    command: ["--username", "username", "--password", "Tr4v-9qLz"]\n',
    "    entrypoint: curl -u admin:Zx9-Very-Private https://example.com/\n",
])
def test_compose_command_line_passwords_are_reported(snippet):
    findings = findings_of("SL103", "compose.yaml", "services:\n  db:\n    image: mysql:8\n" + snippet)
    assert len(findings) == 1 and "command-line-password" in findings[0].message
    assert_no_value_in_messages(findings, "debezium", "Zx9-Very-Private", "Tr4v-9qLz")


@pytest.mark.parametrize("snippet", [
    '    healthcheck:\n      test: ["CMD-SHELL", "mysqladmin ping -uroot -p$$MYSQL_ROOT_PASSWORD"]\n',
    "    command: valkey-server --requirepass $$REDIS_PASSWORD\n",
    "    command: --default-authentication-plugin=mysql_native_password\n",
    "    command: [\"docker\", \"run\", \"-u\", \"1000:1000\", \"busybox\"]\n",
])
def test_compose_command_lines_without_literal_passwords_are_not_reported(snippet):
    assert not findings_of("SL103", "compose.yaml", "services:\n  db:\n    image: mysql:8\n" + snippet)


def test_dockerfile_mysql_path_is_not_a_mysql_password():
    text = ("FROM debian:12\nRUN find /etc/mysql/ -name '*.cnf' -print0 | xargs -0 grep -lZE x\n"
            "RUN mkdir -p /var/lib/mysql && docker run -u 1000:1000 busybox true\nUSER app\n")
    assert not findings_of("SL103", "Dockerfile", text)


AUTHS = '{"auths":{"registry.example.com":{"auth":"' + b64("robot:" + rnd(20)) + '"}}}'


@pytest.mark.parametrize("filename,text", [
    ("secret.yaml", "apiVersion: v1\nkind: Secret\nmetadata: {name: regcred}\n"
     "type: kubernetes.io/dockerconfigjson\ndata:\n  .dockerconfigjson: " + b64(AUTHS) + "\n"),
    ("secret.yaml", "apiVersion: v1\nkind: Secret\nmetadata: {name: regcred}\n"
     "type: kubernetes.io/dockerconfigjson\nstringData:\n  .dockerconfigjson: '" + AUTHS + "'\n"),
    ("cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n"
     "  config.json: '" + AUTHS + "'\n"),
    ("compose.yaml", "services:\n  runner:\n    image: gitlab/gitlab-runner:v17.0.0\n"
     "    environment:\n      DOCKER_AUTH_CONFIG: '" + AUTHS + "'\n"),
    ("Dockerfile", "FROM alpine:3.20\nRUN mkdir -p /root/.docker && cat > /root/.docker/config.json <<EOF\n"
     + AUTHS + "\nEOF\nUSER app\n"),
])
def test_docker_registry_auth_everywhere(filename, text):
    found = by_name(lint_text(filename, text), "hardcoded-secret")
    assert len(found) == 1 and "docker-registry-auth" in found[0].message, found
    assert AUTHS not in found[0].message and b64(AUTHS) not in found[0].message


def test_dockerconfigjson_with_placeholder_auth_is_not_reported():
    auths = '{"auths":{"registry.example.com":{"auth":"{{ .Values.auth }}"}}}'
    text = ("apiVersion: v1\nkind: Secret\nmetadata: {name: regcred}\n"
            "type: kubernetes.io/dockerconfigjson\nstringData:\n  .dockerconfigjson: '" + auths + "'\n")
    assert not by_name(lint_text("secret.yaml", text), "hardcoded-secret")


def test_base64_secret_data_is_decoded_before_detection():
    token = "ghp_" + rnd(36)
    text = ("apiVersion: v1\nkind: Secret\nmetadata: {name: gh}\ndata:\n"
            f"  GITHUB_TOKEN: {b64(token)}\n  README: {b64('just some text')}\n")
    found = by_name(lint_text("secret.yaml", text), "hardcoded-secret")
    assert [f.message.split(" holds ")[0] for f in found] == [
        "Secret 'gh' data.GITHUB_TOKEN", "Secret 'gh' data.README"]
    assert "github-token" in found[0].message and "committed-secret-data" in found[1].message
    assert str(found[0].severity) == "critical"


def test_private_key_in_a_configmap_and_a_heredoc():
    key = ("-----BEGIN OPENSSH " + "PRIVATE KEY-----\n" + rnd(70) + "\n-----END OPENSSH "
           + "PRIVATE KEY-----\n")
    block = "|\n" + "".join("    " + line + "\n" for line in key.splitlines())
    cm = f"apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: c}}\ndata:\n  id_ed25519: {block}"
    found = by_name(lint_text("cm.yaml", cm), "hardcoded-secret")
    assert len(found) == 1 and "private-key" in found[0].message
    df = "FROM alpine:3.20\nRUN <<EOF\ncat > /root/.ssh/id <<KEY\n" + key + "KEY\nEOF\nUSER app\n"
    found = by_name(lint_text("Dockerfile", df), "hardcoded-secret")
    assert len(found) == 1 and "private-key" in found[0].message


def test_binary_secret_data_is_committed_data_but_truststores_are_public():
    blob = base64.b64encode(bytes([0x30, 0x82, 0x0A, 0xFF, 0xFE]) + bytes(range(128, 200))).decode()
    text = ("apiVersion: v1\nkind: Secret\nmetadata: {name: ks}\ndata:\n"
            f"  keystore.p12: {blob}\n  truststore.jks: {blob}\n  ca.der: {blob}\n")
    found = by_name(lint_text("secret.yaml", text), "hardcoded-secret")
    assert [f.message.split(" holds ")[0] for f in found] == ["Secret 'ks' data.keystore.p12"]
    assert "binary data" in found[0].message and blob[:12] not in found[0].message


def test_probe_and_lifecycle_credentials_are_read():
    token = rnd(32)
    text = ("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n"
            "  - name: app\n    image: app:1.0\n    livenessProbe:\n      httpGet:\n"
            "        path: /health\n        port: 8080\n        httpHeaders:\n"
            f"        - name: Authorization\n          value: Bearer {token}\n"
            "    readinessProbe:\n      exec:\n        command: [curl, -u, 'admin:" + rnd(14) + "', 'http://localhost']\n"
            "    lifecycle:\n      preStop:\n        exec:\n"
            "          command: [sh, -c, 'curl -H \"X-API-Key: " + rnd(24) + "\" http://x/drain']\n"
            "    startupProbe:\n      httpGet:\n        path: /\n        port: 8080\n"
            "        httpHeaders:\n        - name: Authorization\n          value: Bearer $(TOKEN)\n")
    found = by_name(lint_text("pod.yaml", text), "hardcoded-secret")
    assert [f.message.split(" holds ")[0] for f in found] == [
        "container 'app' livenessProbe httpGet header Authorization",
        "container 'app' readinessProbe exec command",
        "container 'app' lifecycle.preStop exec command"]
    assert found[0].span.line == 14 and token not in found[0].message


def test_dockerfile_onbuild_cmd_and_healthcheck_are_read():
    text = ("FROM alpine:3.20\nONBUILD ENV API_TOKEN=" + rnd(24) + "\n"
            "HEALTHCHECK CMD curl -fs -u admin:" + rnd(14) + " http://localhost/ || exit 1\n"
            "CMD [\"app\", \"--password=" + rnd(14) + "\"]\nUSER app\n")
    found = by_name(lint_text("Dockerfile", text), "hardcoded-secret")
    assert [f.message.split(" holds ")[0] for f in found] == [
        "ONBUILD ENV API_TOKEN", "HEALTHCHECK", "CMD"]


def test_variable_expressions_after_dash_u_are_not_credentials():
    text = ('FROM python:3.12-alpine\nUSER app\nENTRYPOINT locust --host="http://${FRONTEND_ADDR}" '
            '--headless -u "${USERS:-10}" -r "${RATE:-1}" 2>&1\n')
    assert not by_name(lint_text("Dockerfile", text), "hardcoded-secret")


def test_compose_labels_are_read_like_dockerfile_labels():
    token = "ghp_" + rnd(36)
    text = ("services:\n  app:\n    image: app:1.0\n    labels:\n"
            f"      com.example.deploy-token: {token}\n"
            "      traefik.http.middlewares.auth.basicauth.users: admin:$$apr1$$H6uskkkW$$IgXLP6ewTrSuBkTrqE8wj/\n")
    found = by_name(lint_text("compose.yaml", text), "hardcoded-secret")
    assert [f.message.split(" holds ")[0] for f in found] == [
        "services.app.labels.com.example.deploy-token"]


def test_json_config_in_a_configmap_is_read_line_by_line():
    text = ("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  config.json: |\n"
            "    {\n      \"db\": {\n        \"user\": \"app\",\n"
            f"        \"password\": \"{rnd(16)}\",\n        \"token\": \"${{TOKEN}}\"\n      }}\n    }}\n")
    found = by_name(lint_text("cm.yaml", text), "hardcoded-secret")
    assert [(f.message.split(" holds ")[0], f.span.line) for f in found] == [
        ("ConfigMap 'c' key config.json entry password", 9)]
