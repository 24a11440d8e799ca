"""Connection strings with a password are secrets (issue 12 item 2), in every place a secret
rule reads: Compose environment, Kubernetes env values and ConfigMaps, Dockerfile ENV. The
password is reported as the existing detectors report literals: SL103 for a literal (high when
it looks generated, medium when simple), SL500 for a well-known default, nothing for a
placeholder, SL501 for a literal fallback in ${VAR:-...}. The value is never in the message.
"""

from __future__ import annotations

import pytest

from helpers import lint_text
from linter import secrets

PW = "Xk29-qLr8.Vt6wZ"  # strong enough to look generated

# (name, value with {pw} where the password goes)
CONNECTIONS = [
    ("ConnectionStrings__Default", "Server=db;Database=app;User Id=app;Password={pw};"),
    ("DB_CONNECTION", "Data Source=db,1433;Initial Catalog=app;uid=app;pwd={pw}"),
    ("ODBC", "Driver={{ODBC Driver 18 for SQL Server}};Server=db;UID=app;PWD={{{pw}}}"),
    ("JDBC_URL", "jdbc:sqlserver://db:1433;databaseName=app;user=app;password={pw}"),
    ("JDBC_URL", "jdbc:postgresql://db:5432/app?user=app&password={pw}"),
    ("JDBC_URL", "jdbc:oracle:thin:app/{pw}@db:1521/ORCL"),
    ("PG_DSN", "host=db port=5432 dbname=app user=app password={pw} sslmode=require"),
    ("MYSQL_DSN", "app:{pw}@tcp(db:3306)/app?parseTime=true"),
    ("MONGO_URL", "mongodb://app:{pw}@mongo:27017/app?authSource=admin"),
    ("MONGO_URL", "mongodb+srv://app:{pw}@cluster0.example.net/app"),
    ("REDIS_URL", "redis://:{pw}@redis:6379/0"),
    ("REDIS_URL", "rediss://default:{pw}@redis:6380"),
    ("AMQP_URL", "amqp://app:{pw}@rabbit:5672/vhost"),
    ("DATABASE_URL", "postgresql+psycopg://app:{pw}@db/app"),
    ("JAVA_OPTS", "-Xmx1g -Dspring.datasource.password={pw}"),
]


def _compose(name, value):
    return f"services:\n  app:\n    image: app:1.0\n    environment:\n      {name}: '{value}'\n"


def _pod(name, value):
    return ("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n"
            f"  - name: app\n    image: app:1.0\n    env:\n    - name: {name}\n"
            f"      value: '{value}'\n")


def _configmap(name, value):
    return f"apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: c}}\ndata:\n  {name}: '{value}'\n"


def _dockerfile(name, value):
    return f'FROM alpine:3.20\nENV {name}="{value}"\nUSER app\n'


PLACES = [("compose.yaml", _compose, 5), ("k8s.yaml", _pod, 10), ("k8s.yaml", _configmap, 5),
          ("Dockerfile", _dockerfile, 2)]


def _secret_findings(filename, text):
    return [f for f in lint_text(filename, text) if f.code in ("SL103", "SL500", "SL501")]


@pytest.mark.parametrize("name, template", CONNECTIONS)
@pytest.mark.parametrize("filename, make, line", PLACES)
def test_a_password_in_a_connection_string_is_a_secret(name, template, filename, make, line):
    found = _secret_findings(filename, make(name, template.format(pw=PW)))
    assert [(f.code, f.span.line) for f in found] == [("SL103", line)], found
    assert PW not in found[0].message and PW[:6] not in found[0].message
    assert found[0].severity.name == "HIGH"


@pytest.mark.parametrize("name, template", CONNECTIONS)
@pytest.mark.parametrize("password", ["${DB_PASSWORD}", "$DB_PASSWORD", "<password>",
                                      "%DB_PASSWORD%", "{{ .Values.db.password }}"])
def test_a_placeholder_password_is_not_a_secret(name, template, password):
    if template.startswith("redis") and password.startswith("{{"):
        pytest.skip("a space cannot stand in a URL")
    value = template.format(pw=password)
    assert _secret_findings("compose.yaml", _compose(name, value.replace("$", "$$")
                                                     if password.startswith("$") else value)) == []
    assert _secret_findings("k8s.yaml", _pod(name, value)) == []


@pytest.mark.parametrize("template", [
    "Server=db;User Id=sa;Password=changeme;", "host=db user=app password=postgres",
    "redis://:redis@redis:6379", "amqp://guest:guest@rabbit:5672/",
    "jdbc:oracle:thin:scott/tiger@db:1521/ORCL", "app:app@tcp(db:3306)/app",
    "-Ddatabase.password=postgres"])
def test_a_well_known_password_in_a_connection_string_is_sl500(template):
    found = _secret_findings("compose.yaml", _compose("CONN", template))
    assert [f.code for f in found] == ["SL500"], found


def test_a_literal_fallback_inside_a_connection_string_is_sl501():
    value = "Server=db;User Id=app;Password=${DB_PASSWORD:-Xk29-qLr8};"
    found = _secret_findings("compose.yaml", _compose("CONN", value))
    assert [f.code for f in found] == ["SL501"] and "Xk29" not in found[0].message


@pytest.mark.parametrize("value", [
    "Server=db;Database=app;User Id=app;Password=;",          # empty
    "Server=db;Database=app;Integrated Security=true;",       # no password at all
    "password=Xk29-qLr8.Vt6wZ",                                # no connection key beside it
    "Host=db;Username=app;Password=${DB_PASSWORD};Database=app",
    "postgres -c password_encryption=scram-sha-256 -c max_connections=200",
    "mongodb://mongo:27017/app", "git@github.com:org/repo.git", "user@example.com",
    "-Dtwitter.consumerSecret=$TWITTER_CONSUMER_SECRET -Dlog.level=debug",
])
def test_strings_without_a_literal_password_are_not_secrets(value):
    assert _secret_findings("compose.yaml", _compose("SETTINGS", value)) == []


def test_the_detector_is_named_and_the_user_is_context_for_guessable_passwords():
    (d,) = secrets.scan_value("Server=db;User Id=orders;Password=orders123;")
    assert d.family == "weak"
    (d,) = secrets.scan_value("Server=db;User Id=orders;Password=" + PW + ";")
    assert d.detector == "connection-string-password" and d.family == "secret"


def test_a_connection_string_in_an_embedded_file_is_reported_on_its_line():
    text = ("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n"
            "  appsettings.json: |\n    {\n      \"ConnectionStrings\": {\n"
            "        \"Default\": \"Server=db;Database=app;User Id=app;Password=" + PW + ";\"\n"
            "      }\n    }\n")
    (f,) = _secret_findings("cm.yaml", text)
    assert (f.code, f.span.line) == ("SL103", 8) and PW not in f.message
