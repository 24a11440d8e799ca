"""SL500 well-known-default-secret: guessable defaults, and how they are told from SL103's."""

from __future__ import annotations

import base64

import pytest

from helpers import by_name, lint_text
from linter import secrets


def sl(filename: str, text: str, name: str = "well-known-default-secret"):
    findings = lint_text(filename, text)
    assert not [f for f in findings if f.name in ("parse-error", "internal-error")], findings
    return by_name(findings, name)


def compose(service: str, image: str, **env: str) -> str:
    lines = "".join(f"      {k}: {v}\n" for k, v in env.items())
    return f"services:\n  {service}:\n    image: {image}\n    environment:\n{lines}"


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
    findings = sl("compose.yaml", compose(service, image, **env))
    assert len(findings) == 1
    assert not sl("compose.yaml", compose(service, image, **env), "hardcoded-secret")
    if "minioadmin" not in str(env):  # guessable through its context only
        assert findings[0].message.endswith("(same-as-name)"), findings[0].message


def test_context_of_another_service_does_not_count():
    text = compose("payments", "postgres:16", POSTGRES_PASSWORD="orderpw")
    assert not sl("compose.yaml", text)
    assert len(sl("compose.yaml", text, "hardcoded-secret")) == 1


def test_kubernetes_container_and_secret_context():
    pod = ("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n"
           "  - name: inventory\n    image: registry.example.com/inventory:1.0\n    env:\n"
           "    - name: DB_PASSWORD\n      value: inventory123\n")
    assert len(sl("pod.yaml", pod)) == 1
    b64 = lambda v: base64.b64encode(v.encode()).decode()  # noqa: E731
    secret = ("apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata:\n"
              f"  username: {b64('acmeshop')}\n  password: {b64('acmeshop')}\n")
    findings = sl("secret.yaml", secret)
    assert [f.message.split(" holds")[0] for f in findings] == ["Secret 's' data.password"]


def test_dockerfile_base_image_context():
    text = "FROM registry.example.com/acme/storefront:1.0\nENV STORE_PASSWORD=storefront1\nUSER app\n"
    assert len(sl("Dockerfile", text)) == 1


def test_one_rule_per_value_and_lower_severity():
    text = compose("db", "postgres:16", POSTGRES_PASSWORD="postgres", API_TOKEN="Xk9-qLr2-Tz7v")
    weak = sl("compose.yaml", text)
    hard = sl("compose.yaml", text, "hardcoded-secret")
    assert [f.message.split(" holds")[0] for f in weak] == [
        "services.db.environment.POSTGRES_PASSWORD"]
    assert [f.message.split(" holds")[0] for f in hard] == ["services.db.environment.API_TOKEN"]
    assert str(weak[0].severity) == "medium" and str(hard[0].severity) == "high"
    assert "well-known-default" in weak[0].message


def test_token_formats_are_never_weak():
    # a token is reported by SL103 even when the key's value otherwise looks like a demo
    token = "ghp_" + "Ab1" * 12
    text = compose("github", "app:1", GITHUB_TOKEN=token)
    assert not sl("compose.yaml", text)
    assert "github-token" in sl("compose.yaml", text, "hardcoded-secret")[0].message


def test_weak_url_password():
    text = compose("app", "app:1", DATABASE_URL="postgres://postgres:postgres@db:5432/app",
                   CACHE_URL="redis://default:redis@cache:6379")
    findings = sl("compose.yaml", text)
    assert len(findings) == 2 and all("URL" in f.message for f in findings)
    assert not sl("compose.yaml", text, "hardcoded-secret")


def test_messages_name_the_key_not_the_value():
    text = compose("db", "postgres:16", POSTGRES_PASSWORD="Winter2024!")
    findings = sl("compose.yaml", text) + sl("compose.yaml", text, "hardcoded-secret")
    assert findings and all("Winter" not in f.message and "2024" not in f.message for f in findings)
