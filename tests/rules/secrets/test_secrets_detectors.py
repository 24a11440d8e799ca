"""The value detectors of ``linter.secrets``: one positive and near-miss negatives per format.

Token bodies are generated at run time from a fixed seed (nothing here is a real credential,
and the file does not look like it holds any). Near misses are the shapes that must stay
quiet: a body one character short, a wrong prefix, a token glued inside a longer word, the
documentation examples issuers publish, a header without a key.
"""

from __future__ import annotations

import base64
import functools
import json
import random

import pytest

from helpers import ALNUM, b64, random_text
from linter import secrets

_R = random.Random(20261130)
rnd = functools.partial(random_text, _R)
UPPER32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
HEX = "0123456789abcdef"
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


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


# ------------------------------------------------------------------ in longer texts

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


def test_docker_auth_needs_a_docker_config_shape():
    other = '{"db": {"host": "db", "password": "' + rnd(16) + '"}}'
    assert "docker-registry-auth" not in detectors(other)
    auths = '{"auths": {"r.example.com": {"username": "ci", "password": "' + rnd(16) + '"}}}'
    assert "docker-registry-auth" in detectors(auths)
    legacy = '{"r.example.com": {"auth": "' + b64("ci:" + rnd(16)) + '", "email": "ci@example.com"}}'
    assert "docker-registry-auth" in detectors(legacy)
