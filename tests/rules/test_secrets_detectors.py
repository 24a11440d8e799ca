"""The value detectors of ``linter.secrets``: one positive and near-miss negatives per format.

Token bodies are generated at run time from a fixed seed (nothing here is a real credential,
and the file does not look like it holds any). Near misses are the shapes that must stay
quiet: a body one character short, a wrong prefix, a token glued inside a longer word, the
documentation examples issuers publish, a header without a key.
"""

from __future__ import annotations

import base64
import json
import random

import pytest

from helpers import by_name, lint_text
from linter import secrets

_R = random.Random(20261130)
ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
UPPER32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
HEX = "0123456789abcdef"
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def rnd(n: int, alphabet: str = ALNUM) -> str:
    return "".join(_R.choice(alphabet) for _ in range(n))


def b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def _jwt() -> str:
    part = lambda d: base64.urlsafe_b64encode(json.dumps(d).encode()).decode().rstrip("=")  # noqa: E731
    return part({"alg": "HS256"}) + "." + part({"sub": rnd(12)}) + "." + rnd(43)


# detector id -> (a value it must find, near misses it must not)
VECTORS = {
    "aws-access-key-id": ("AKIA" + rnd(16, UPPER32),
                          ["AKIA" + rnd(15, UPPER32), "AKIAIOSFODNN7" + "EXAMPLE",
                           "XAKIA" + rnd(16, UPPER32)]),
    "github-token": ("ghp_" + rnd(36), ["ghp_" + rnd(35), "ghx_" + rnd(36), "xghp_" + rnd(36)]),
    "github-fine-grained-token": ("github_pat_" + rnd(22) + "_" + rnd(59),
                                  ["github_pat_" + rnd(30), "github_pat_example"]),
    "gitlab-token": ("glpat-" + rnd(20), ["glpat-" + rnd(19), "glpatx-" + rnd(20)]),
    "slack-token": ("xoxb-" + rnd(11, "0123456789") + "-" + rnd(24),
                    ["xoxz-" + rnd(24), "xoxb-short"]),
    "slack-webhook": ("https://hooks.slack.com/services/T" + rnd(8, UPPER32) + "/B"
                      + rnd(8, UPPER32) + "/" + rnd(24),
                      ["https://hooks.slack.com/services/", "https://hooks.slack.com/"]),
    "stripe-live-key": ("sk_" + "live_" + rnd(24), ["sk_" + "live_" + rnd(10), "pk_" + "live_" + rnd(24)]),
    "stripe-test-key": ("sk_" + "test_" + rnd(24), ["sk_" + "test_" + rnd(5)]),
    "google-api-key": ("AIza" + rnd(35), ["AIza" + rnd(34), "AIza" + rnd(36)]),
    "npm-token": ("npm_" + rnd(36), ["npm_" + rnd(35), "npm_install_" + rnd(30)]),
    "docker-hub-token": ("dckr_pat_" + rnd(27), ["dckr_pat_" + rnd(10), "dckr_xyz_" + rnd(27)]),
    "pypi-token": ("pypi-AgEIcHlwaS5vcmc" + rnd(60), ["pypi-AgEI" + rnd(60)]),
    "openai-api-key": ("sk-proj-" + rnd(48), ["sk-proj-" + rnd(10), "sk-" + rnd(48)]),
    "anthropic-api-key": ("sk-ant-api03-" + rnd(93), ["sk-ant-api03-" + rnd(20)]),
    "huggingface-token": ("hf_" + rnd(34, LETTERS), ["hf_" + rnd(33, LETTERS), "hf_" + rnd(34, HEX)]),
    "sendgrid-api-key": ("SG." + rnd(22) + "." + rnd(43), ["SG." + rnd(22) + "." + rnd(20)]),
    "vault-token": ("hvs." + rnd(24), ["hvs." + rnd(10), "hvx." + rnd(24)]),
    "digitalocean-token": ("dop_v1_" + rnd(64, HEX), ["dop_v1_" + rnd(63, HEX)]),
    "databricks-token": ("dapi" + rnd(32, HEX), ["dapi" + rnd(31, HEX), "dapi" + rnd(32, LETTERS)]),
    "shopify-token": ("shpat_" + rnd(32, HEX), ["shpat_" + rnd(31, HEX)]),
    "grafana-token": ("glsa_" + rnd(32) + "_" + rnd(8, HEX), ["glsa_" + rnd(32)]),
    "telegram-bot-token": (rnd(10, "123456789") + ":AA" + rnd(33),
                           [rnd(10, "123456789") + ":AB" + rnd(33), "12:AA" + rnd(33)]),
    "azure-storage-key": ("DefaultEndpointsProtocol=https;AccountName=x;AccountKey="
                          + rnd(86, ALNUM + "+/") + "==;EndpointSuffix=core.windows.net",
                          ["AccountKey=" + rnd(20) + "=="]),
    "jwt": (_jwt(), ["eyJhbGciOiJIUzI1NiJ9", "eyJ" + rnd(5) + ".eyJ" + rnd(5) + "." + rnd(5)]),
    "private-key": ("-----BEGIN OPENSSH " + "PRIVATE KEY-----\n" + rnd(70) + "\n-----END OPENSSH "
                    + "PRIVATE KEY-----\n",
                    ["grep -q 'BEGIN RSA " + "PRIVATE KEY' key.pem",
                     "-----BEGIN RSA " + "PRIVATE KEY-----\n...\n-----END RSA " + "PRIVATE KEY-----",
                     "-----BEGIN CERTIFICATE-----\n" + rnd(64) + "\n-----END CERTIFICATE-----"]),
    "url-credentials": ("postgres://app:" + rnd(16) + "@db:5432/app",
                        ["postgres://app:${DB_PASSWORD}@db/app", "postgres://app@db/app",
                         "https://db.example.com:5432/app", "user:pass@host"]),
    "docker-registry-auth": (
        '{"auths": {"registry.example.com": {"auth": "' + b64("deploy:" + rnd(16)) + '"}}}',
        ['{"auths": {"registry.example.com": {}}, "credsStore": "desktop"}',
         '{"auths": {"ghcr.io": {"auth": "${DOCKER_AUTH}"}}}',
         '{"auths": {"ghcr.io": {"auth": "' + b64("no-colon-here") + '"}}}']),
    "npmrc-auth": ("//registry.npmjs.org/:_authToken=" + rnd(36, HEX),
                   ["//registry.npmjs.org/:_authToken=${NPM_TOKEN}"]),
}


def detectors(value: str, name: str = "value") -> list[str]:
    return [d.detector for d in secrets.check(name, value)]


@pytest.mark.parametrize("detector", list(VECTORS))
def test_detector_finds_its_format(detector):
    value, _ = VECTORS[detector]
    assert detector in detectors(value)
    # also inside a longer text (a command line, a config file)
    assert detector in detectors(f"run --flag {value} --other x\n")


@pytest.mark.parametrize("detector,near_miss", [
    (d, miss) for d, (_, misses) in VECTORS.items() for miss in misses])
def test_detector_ignores_near_misses(detector, near_miss):
    assert detector not in detectors(near_miss)


def test_detections_carry_no_value():
    for value, _ in VECTORS.values():
        for d in secrets.check("API_TOKEN", value):
            assert value not in repr(d) and value[:8] not in d.description


# --------------------------------------------------------------- key-dependent detectors

def test_aws_secret_access_key_needs_an_aws_secret_name_and_a_random_body():
    body = rnd(40, ALNUM + "/+")
    assert detectors(body, "AWS_SECRET_ACCESS_KEY") == ["aws-secret-access-key"]
    assert detectors(body, "aws_secret_key") == ["aws-secret-access-key"]
    assert detectors(body, "GITHUB_SECRET") == ["secret-named-key"]  # not AWS: generic
    assert detectors(body, "BUILD_ID") == []  # not a secret name, no format
    assert detectors("a" * 40, "AWS_SECRET_ACCESS_KEY") != ["aws-secret-access-key"]


def test_secret_named_key_severity_follows_entropy():
    strong = secrets.check("API_TOKEN", rnd(24))
    simple = secrets.check("API_TOKEN", "whalehello")
    assert [d.detector for d in strong] == [d.detector for d in simple] == ["secret-named-key"]
    assert str(strong[0].severity) == "high" and str(simple[0].severity) == "medium"


def test_url_query_parameter_secret():
    assert detectors("https://api.example.com/v1?page=2&api_key=" + rnd(20)) == ["url-credentials"]
    assert detectors("https://api.example.com/v1?page=2&api_key=${KEY}") == []
    assert detectors("https://api.example.com/v1?page=2&sort=name") == []


def test_url_credentials_severity_and_weak_passwords():
    strong = secrets.check("DSN", "mysql://root:" + rnd(20) + "@db/app")
    assert str(strong[0].severity) == "high"
    simple = secrets.check("DSN", "mysql://root:whalehello@db/app")
    assert str(simple[0].severity) == "medium" and simple[0].family == "secret"
    weak = secrets.check("DSN", "postgres://postgres:postgres@db/app")
    assert weak[0].family == "weak"


# ------------------------------------------------------------------- in every file format

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
    key = VECTORS["private-key"][0]
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


@pytest.mark.parametrize("text", [
    "-----BEGIN RSA " + "PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,"
    + rnd(32, "0123456789ABCDEF") + "\n\n" + rnd(64) + "\n-----END RSA " + "PRIVATE KEY-----\n",
    "-----BEGIN ENCRYPTED " + "PRIVATE KEY-----\n" + rnd(64) + "\n-----END ENCRYPTED PRIVATE KEY-----",
    "-----BEGIN PGP " + "PRIVATE KEY BLOCK-----\nVersion: GnuPG v2\n\n" + rnd(64) + "\n=abcd\n"
    "-----END PGP " + "PRIVATE KEY BLOCK-----",
    "PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nComment: k\nPublic-Lines: 6\n"
    + "\n".join(rnd(64) for _ in range(6)) + "\nPrivate-Lines: 1\n" + rnd(44) + "\n",
    '{"type": "service_account", "private_key": "-----BEGIN ' + 'PRIVATE KEY-----\\n'
    + rnd(64) + '\\n-----END PRIVATE KEY-----\\n"}',
])
def test_private_key_variants(text):
    assert "private-key" in detectors(text)


@pytest.mark.parametrize("text,found", [
    ("curl -H 'Authorization: Bearer " + rnd(32) + "' https://api.example.com", True),
    ('curl -H "authorization: Basic ' + b64("admin:" + rnd(12)) + '" https://x', True),
    ("curl -H 'X-API-Key: " + rnd(24) + "' https://x", True),
    ("curl -H 'PRIVATE-TOKEN: " + rnd(24) + "' https://gitlab.example.com/api/v4", True),
    ("curl -H \"Authorization: Bearer $TOKEN\" https://x", False),
    ("curl -H \"Authorization: Bearer $(cat /var/run/secrets/token)\" https://x", False),
    ("curl -H 'Authorization: Bearer ${API_TOKEN}' https://x", False),
    ("echo 'RewriteRule .* - [E=HTTP_AUTHORIZATION:%{HTTP:Authorization}]'", False),
    ("authResponseHeaders: Authorization,Proxy-Authorization,Remote-User", False),
])
def test_http_authorization_headers(text, found):
    assert ("http-auth-header" in detectors(text)) is found


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


def test_compose_inline_dockerfile_is_read():
    text = ("services:\n  app:\n    build:\n      context: .\n      dockerfile_inline: |\n"
            "        FROM alpine:3.20\n        ENV API_TOKEN=" + rnd(24) + "\n"
            "        ENV DB_PASSWORD=changeme\n        USER app\n")
    findings = lint_text("compose.yaml", text)
    hard = by_name(findings, "hardcoded-secret")
    weak = by_name(findings, "well-known-default-secret")
    assert [(f.message.split(" holds ")[0], f.span.line) for f in hard] == [
        ("services.app.build.dockerfile_inline ENV API_TOKEN", 7)]
    assert [(f.message.split(" holds ")[0], f.span.line) for f in weak] == [
        ("services.app.build.dockerfile_inline ENV DB_PASSWORD", 8)]


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


def test_docker_auth_needs_a_docker_config_shape():
    other = '{"db": {"host": "db", "password": "' + rnd(16) + '"}}'
    assert "docker-registry-auth" not in detectors(other)
    auths = '{"auths": {"r.example.com": {"username": "ci", "password": "' + rnd(16) + '"}}}'
    assert "docker-registry-auth" in detectors(auths)
    legacy = '{"r.example.com": {"auth": "' + b64("ci:" + rnd(16)) + '", "email": "ci@example.com"}}'
    assert "docker-registry-auth" in detectors(legacy)


def test_json_config_in_a_configmap_is_read_line_by_line():
    text = ("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  config.json: |\n"
            "    {\n      \"db\": {\n        \"user\": \"app\",\n"
            f"        \"password\": \"{rnd(16)}\",\n        \"token\": \"${{TOKEN}}\"\n      }}\n    }}\n")
    found = by_name(lint_text("cm.yaml", text), "hardcoded-secret")
    assert [(f.message.split(" holds ")[0], f.span.line) for f in found] == [
        ("ConfigMap 'c' key config.json entry password", 9)]
