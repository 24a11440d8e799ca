"""No false alarms: the traps of issue #5 item 5, in every format a secret rule reads.

None of SL103 hardcoded-secret, SL500 well-known-default-secret and SL501
secret-variable-default may report any of these.
"""

from __future__ import annotations

import pytest

from helpers import lint_text

SECRET_RULES = ("hardcoded-secret", "well-known-default-secret", "secret-variable-default")


def secret_findings(filename: str, text: str):
    findings = lint_text(filename, text)
    assert not [f for f in findings if f.name in ("parse-error", "internal-error")], findings
    return [f for f in findings if f.name in SECRET_RULES]


# values that are not literal secrets, as written in YAML (quoted where YAML needs it)
PLACEHOLDERS = [
    '"${DB_PASSWORD}"', '"${DB_PASSWORD:?set it}"', '"$(DB_PASSWORD)"', "'{{ .Values.db.password }}'",
    '"%DB_PASSWORD%"', '"<password>"', '"<your-password>"', '"__DB_PASSWORD__"', "'[DB_PASSWORD]'",
    '"$DB_PASSWORD"', '"${DB_PASSWORD:-}"', '"${DB_PASSWORD:-${FALLBACK_PASSWORD}}"',
    '"$${DB_PASSWORD:-not-a-compose-default}"',
    # names of other variables or secrets used as values
    "OTHER_SERVICE_PASSWORD", "DB_PASSWORD",
    # booleans and well-known empties
    '"yes"', '"true"', "false", '"1"', '""', "null", "~", '"****"', '"-"',
    # files and vault references
    "/run/secrets/db_password", "vault:secret/data/db#password", "file:///etc/app/pw",
    # SOPS ciphertext
    '"ENC[AES256_GCM,data:Tr7oqA==,iv:1wVR2x7=,tag:AwQ==,type:str]"',
]


def compose(value: str, name: str = "DB_PASSWORD") -> str:
    return f"services:\n  app:\n    image: app:1.0\n    environment:\n      {name}: {value}\n"


def pod(value: str, name: str = "DB_PASSWORD") -> str:
    return ("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n"
            f"  - name: app\n    image: app:1.0\n    env:\n    - name: {name}\n      value: {value}\n")


def secret(value: str, name: str = "password") -> str:
    return f"apiVersion: v1\nkind: Secret\nmetadata: {{name: s}}\nstringData:\n  {name}: {value}\n"


def configmap(value: str, name: str = "db_password") -> str:
    return f"apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: c}}\ndata:\n  {name}: {value}\n"


def embedded(value: str) -> str:
    return ("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  app.yaml: |\n"
            f"    database:\n      user: app\n      password: {value}\n")


@pytest.mark.parametrize("value", PLACEHOLDERS)
@pytest.mark.parametrize("where", [compose, pod, secret, configmap, embedded])
def test_placeholders_are_not_secrets(where, value):
    if where in (secret, configmap, embedded) and value in ("null", "~"):
        pytest.skip("null data values are not strings")
    assert not secret_findings("compose.yaml" if where is compose else "k8s.yaml", where(value))


@pytest.mark.parametrize("value", [
    "${DB_PASSWORD}", "$DB_PASSWORD", "${DB_PASSWORD:-}", "<password>", "%DB_PASSWORD%",
    "OTHER_PASSWORD", "/run/secrets/db", "yes",
])
def test_dockerfile_placeholders_are_not_secrets(value):
    assert not secret_findings("Dockerfile", f"FROM alpine:3.20\nENV DB_PASSWORD={value}\n"
                               f"ARG API_TOKEN\nUSER app\n")


@pytest.mark.parametrize("name,value", [
    ("MYSQL_ALLOW_EMPTY_PASSWORD", '"yes"'), ("MYSQL_RANDOM_ROOT_PASSWORD", '"yes"'),
    ("MARIADB_ALLOW_EMPTY_ROOT_PASSWORD", "1"), ("POSTGRES_HOST_AUTH_METHOD", "trust"),
    ("api_key_env", "MY_KEY"), ("secretName", "db-tls"), ("SECRET_NAME", "db-credentials"),
    ("PASSWORD_FILE", "/run/secrets/pw"), ("TOKEN_TTL", "3600"), ("PASSWORD_MIN_LENGTH", "12"),
    ("password_encryption", "scram-sha-256"), ("TOKEN_URL", "https://auth.example.com/token"),
    ("NEXT_PUBLIC_TOKEN", "pk_public_value"), ("SECRET_KEY_REF", "app-secret"),
])
def test_settings_and_names_next_to_secret_words(name, value):
    assert not secret_findings("compose.yaml", compose(value, name))
    assert not secret_findings("pod.yaml", pod(value, name))


def test_secret_references_in_pods_are_not_secrets():
    text = ("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  template:\n"
            "    spec:\n      containers:\n      - name: app\n        image: app:1.0\n"
            "        env:\n        - name: DB_PASSWORD\n          valueFrom:\n"
            "            secretKeyRef: {name: db, key: password}\n"
            "        envFrom:\n        - secretRef: {name: app-secrets}\n"
            "      volumes:\n      - name: tls\n        secret: {secretName: db-tls}\n"
            "      imagePullSecrets:\n      - name: regcred\n")
    assert not secret_findings("deploy.yaml", text)


def test_compose_secrets_block_names_are_not_secrets():
    text = ("services:\n  db:\n    image: postgres:16\n    environment:\n"
            "      POSTGRES_PASSWORD_FILE: /run/secrets/db_password\n    secrets: [db_password]\n"
            "secrets:\n  db_password:\n    file: ./db_password.txt\n"
            "  api_token:\n    environment: API_TOKEN\n")
    assert not secret_findings("compose.yaml", text)


@pytest.mark.parametrize("text", [
    "apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nmetadata: {name: s}\nspec:\n"
    "  encryptedData:\n    password: AgBy3i4OJSWK+PiTySYZZA9rO43cGDEqAgBy3i4OJSWK+PiTySYZZA9rO43cGDEq\n"
    "  template:\n    metadata: {name: s}\n",
    "apiVersion: external-secrets.io/v1beta1\nkind: ExternalSecret\nmetadata: {name: s}\nspec:\n"
    "  secretStoreRef: {name: vault, kind: ClusterSecretStore}\n  data:\n"
    "  - secretKey: password\n    remoteRef: {key: db, property: password}\n",
    "apiVersion: isindir.github.com/v1alpha3\nkind: SopsSecret\nmetadata: {name: s}\nspec:\n"
    "  secretTemplates:\n  - name: db\n    stringData:\n      password: ENC[AES256_GCM,data:x,type:str]\n",
    "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData:\n"
    "  password: ENC[AES256_GCM,data:Tr7oqA==,iv:1w==,tag:Aw==,type:str]\n"
    "sops:\n  version: 3.8.1\n  lastmodified: '2024-01-01T00:00:00Z'\n",
    "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData:\n  password: changeme\n"
    "sops:\n  version: 3.8.1\n",
])
def test_encrypted_and_external_secrets_are_not_reported(text):
    assert not secret_findings("secret.yaml", text)


def test_helm_values_style_secret_templates_are_not_reported():
    text = ("apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata:\n"
            "  password: '{{ .Values.password | b64enc }}'\n"
            "  token: '{{ randAlphaNum 32 | b64enc | quote }}'\n")
    assert not secret_findings("secret.yaml", text)


@pytest.mark.parametrize("where", [compose, pod, secret, configmap, embedded])
def test_the_same_places_do_report_literals(where):
    """Control: the trap tests above would catch a literal in each of these places."""
    filename = "compose.yaml" if where is compose else "k8s.yaml"
    assert [f.code for f in secret_findings(filename, where("Xk9-qLr2-Tz7v"))] == ["SL103"]
    assert [f.code for f in secret_findings(filename, where("changeme"))] == ["SL500"]
    assert [f.code for f in secret_findings(filename, where('"${PW:-dev_pw}"'))] == ["SL501"]


def test_documentation_key_templates_are_not_keys():
    text = ("apiVersion: v1\nkind: Secret\nmetadata: {name: repo}\nstringData:\n"
            "  url: ssh://git@github.com/org/repo\n  sshPrivateKey: |\n"
            "    -----BEGIN OPENSSH " + "PRIVATE KEY-----\n    ...\n"
            "    -----END OPENSSH " + "PRIVATE KEY-----\n"
            "  tls.key: |\n    -----BEGIN RSA " + "PRIVATE KEY-----\n    <your key here>\n"
            "    -----END RSA " + "PRIVATE KEY-----\n")
    assert not secret_findings("secret.yaml", text)
    assert not secret_findings("Dockerfile", "FROM alpine:3.20\n"
                               "RUN grep -q 'BEGIN RSA " + "PRIVATE KEY' /etc/key.pem\nUSER app\n")


def test_json_with_closing_braces_is_not_a_template():
    """``}}`` ends nested JSON objects; only ``{{`` starts a template."""
    auths = '{"auths":{"r.example.com":{"auth":"cm9ib3Q6WGs5LXFMcjItVHo3dg=="}}}'
    text = f"apiVersion: v1\nkind: Secret\nmetadata: {{name: s}}\nstringData:\n  .dockerconfigjson: '{auths}'\n"
    assert [f.code for f in secret_findings("secret.yaml", text)] == ["SL103"]


# The names of secrets are not secrets (issue 12 item 5): a key that names a Secret object or
# an entry of a secret store holds a name, an ARN or an ID, whatever the value looks like.
SECRET_OBJECT_NAMES = [
    ("existingSecret", "db-credentials"), ("EXISTING_SECRET", "app-secrets"),
    ("existing-secret", "redis-auth"), ("secretName", "x"), ("SECRET_NAME", "prod/db/password"),
    ("secretRef", "app-env"), ("passwordSecret", "kafka-user-pw"),
    ("DB_PASSWORD_SECRET", "orders-db-password"), ("tlsSecret", "web-tls"),
    ("credentialsSecret", "cloud-creds"), ("adminPasswordSecret", "grafana-admin"),
    ("DB_SECRET_ARN", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf"),
    ("RDS_SECRET_ARN", "rds!db-5c1e4f2a-89ab-4cde-9f01-23456789abcd"),
    ("DB_SECRET_ID", "prod/orders/db"), ("APP_SECRETS_ARN", "orders-Xk29qLr8"),
    ("GCP_SECRET_RESOURCE", "projects/p/secrets/db-password/versions/latest"),
    ("existingSecretPasswordKey", "postgres-password"),
]


@pytest.mark.parametrize("name, value", SECRET_OBJECT_NAMES)
def test_names_of_secrets_are_not_secrets(name, value):
    assert not secret_findings("compose.yaml", compose(f'"{value}"', name))
    assert not secret_findings("pod.yaml", pod(f'"{value}"', name))
    assert not secret_findings("cm.yaml", configmap(f'"{value}"', name))
    assert not secret_findings("Dockerfile", f"FROM alpine:3.20\nENV {name}={value}\nUSER app\n")


@pytest.mark.parametrize("name", ["CLIENT_SECRET", "JWT_SECRET", "ACCESS_TOKEN_SECRET",
                                  "VAULT_SECRET_ID", "approle_secret_id", "API_SECRET_KEY"])
def test_secrets_whose_names_end_like_references_are_still_secrets(name):
    """Control: a token secret, a client secret and Vault's AppRole secret_id are credentials."""
    assert [f.code for f in secret_findings("compose.yaml", compose("Xk9-qLr2-Tz7v", name))] \
        == ["SL103"]
