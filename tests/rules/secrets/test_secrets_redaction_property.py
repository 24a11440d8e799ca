"""Redaction, property style: random secrets in every place a secret can sit, in all three
file formats, and no output format (nor a baseline file, nor a code frame, nor an internal
error) contains any of them, a prefix of them, their base64 form or a mask as long as them.

Each round generates fresh values from its own seed (reproducible: the seed is in the test
id), writes a Dockerfile, a Compose file and Kubernetes manifests with the values in every
slot the secret rules read, checks that every slot was reported by the expected rule, then
renders every output format.
"""

from __future__ import annotations

import base64
import json
import random
import re

import pytest
from typer.testing import CliRunner

from helpers import lint_text
from linter.cli import app

ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
FORMATS = ["text", "json", "json-lines", "sarif", "gnu", "github", "gitlab", "junit",
           "checkstyle"]
SECRET_RULES = {"SL103", "SL500", "SL501"}


class Secrets:
    """Random values, each remembered so the test can look for it in the outputs."""

    def __init__(self, seed: int):
        self.r = random.Random(seed)
        self.values: list[str] = []

    def _keep(self, v: str) -> str:
        self.values.append(v)
        return v

    def rnd(self, n: int, alphabet: str = ALNUM) -> str:
        return "".join(self.r.choice(alphabet) for _ in range(n))

    def password(self) -> str:  # strong, punctuation included (but nothing YAML or shells mind)
        return self._keep(self.rnd(6) + "-" + self.rnd(5) + "." + self.rnd(6))

    def weak(self) -> str:  # a guessable default made unique by random digits
        return self._keep(self.r.choice(["P@ssw0rd", "changeme", "admin", "Secret"])
                          + "".join(self.r.choice("0123456789") for _ in range(6)))

    def token(self) -> str:
        kind = self.r.choice(["ghp_", "glpat-", "npm_", "dckr_pat_", "AIza"])
        n = {"ghp_": 36, "glpat-": 20, "npm_": 36, "dckr_pat_": 27, "AIza": 35}[kind]
        return self._keep(kind + self.rnd(n))

    def aws_key_id(self) -> str:
        return self._keep("AKIA" + self.rnd(16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"))

    def private_key(self) -> list[str]:
        body = [self._keep(self.rnd(64)) for _ in range(3)]
        return (["-----BEGIN RSA " + "PRIVATE KEY-----"] + body
                + ["-----END RSA " + "PRIVATE KEY-----"])

    def b64(self, value: str) -> str:
        return self._keep(base64.b64encode(value.encode()).decode())


def build(s: Secrets) -> dict[str, str]:
    key_lines = s.private_key()
    auths = '{"auths":{"r.example.com":{"auth":"' + s.b64("robot:" + s.password()) + '"}}}'
    files = {}
    files["Dockerfile"] = "\n".join([
        "FROM alpine:3.20",
        f"ENV DB_PASSWORD={s.password()}",
        f"ARG GITHUB_TOKEN={s.token()}",
        f'LABEL api_key="{s.weak()}"',
        f"ENV API_SECRET=${{API_SECRET:-{s.password()}}}",
        f"RUN curl -u deploy:{s.password()} https://example.com/ && echo {s.aws_key_id()}",
        f"ONBUILD ENV SIGNING_KEY={s.password()}",
        # connection strings: ADO.NET/ODBC key=value, Oracle's user/password@
        f'ENV DB_CONN="Data Source=db;Initial Catalog=app;uid=app;pwd={s.password()}"',
        f"ENV ORACLE_URL=jdbc:oracle:thin:app/{s.password()}@db:1521/ORCL",
        f"HEALTHCHECK CMD curl -fs -H 'Authorization: Bearer {s.password()}' http://localhost/",
        "RUN <<EOF",
        "mkdir -p /root/.ssh",
        *key_lines,
        "EOF",
        "USER app",
        "",
    ])
    files["compose.yaml"] = "\n".join([
        "services:",
        "  app:",
        "    image: app:1.0",
        "    environment:",
        f"      DB_PASSWORD: {s.password()}",
        f"      ADMIN_PASSWORD: {s.weak()}",
        f"      DATABASE_URL: postgres://app:{s.password()}@db/app",
        f"      SESSION_SECRET: ${{SESSION_SECRET:-{s.password()}}}",
        f"      DOCKER_AUTH_CONFIG: '{auths}'",
        f"      ConnectionStrings__Default: Server=db;Database=app;User Id=app;Password={s.password()};",
        f"      REDIS_URL: redis://:{s.password()}@redis:6379/0",
        f"      JAVA_OPTS: -Xmx1g -Ddb.password={s.password()}",
        f"      PG_DSN: host=db dbname=app user=app password={s.weak()}",
        "    build:",
        "      context: .",
        "      args:",
        f"        - NPM_TOKEN={s.token()}",
        "      dockerfile_inline: |",
        "        FROM alpine:3.20",
        f"        ENV CLIENT_SECRET={s.password()}",
        "    labels:",
        f"      com.example.token: {s.token()}",
        f"    command: [\"--user\", \"admin\", \"--password\", \"{s.password()}\"]",
        "    healthcheck:",
        f"      test: mysqladmin ping -uroot -p{s.weak()}",
        "configs:",
        "  app:",
        "    content: |",
        f"      api_key: {s.password()}",
        "",
    ])
    files["k8s.yaml"] = "\n".join([
        "apiVersion: v1",
        "kind: Pod",
        "metadata: {name: p}",
        "spec:",
        "  containers:",
        "  - name: app",
        "    image: app:1.0",
        f"    args: [\"--password={s.password()}\"]",
        "    livenessProbe:",
        "      httpGet:",
        "        port: 8080",
        "        httpHeaders:",
        "        - name: X-API-Key",
        f"          value: {s.password()}",
        "    lifecycle:",
        "      preStop:",
        "        exec:",
        f"          command: [curl, -u, 'ops:{s.password()}', 'http://localhost/drain']",
        "    env:",
        "    - name: API_TOKEN",
        f"      value: {s.token()}",
        "    - name: DB_PASSWORD",
        f"      value: {s.weak()}",
        "    - name: JDBC_URL",
        f"      value: jdbc:sqlserver://db:1433;databaseName=app;user=sa;password={s.password()}",
        "    - name: MYSQL_DSN",
        f"      value: app:{s.password()}@tcp(db:3306)/app",
        "---",
        "apiVersion: v1",
        "kind: Secret",
        "metadata: {name: s}",
        "data:",
        f"  password: {s.b64(s.password())}",
        f"  other: {s.b64(s.weak())}",
        f"  .dockerconfigjson: {s.b64(auths)}",
        "stringData:",
        f"  token: {s.password()}",
        "  id_rsa: |",
        *["    " + line for line in key_lines],
        "---",
        "apiVersion: v1",
        "kind: ConfigMap",
        "metadata: {name: c}",
        "data:",
        f"  api_token: {s.password()}",
        f"  AMQP_URL: amqp://app:{s.password()}@rabbit:5672/",
        f"  DB_DSN: host=db dbname=app user=app password={s.weak()}",
        "  app.properties: |",
        f"    db.password=${{DB_PASSWORD:-{s.password()}}}",
        f"    client.secret={s.password()}",
        "---",
        "apiVersion: example.com/v1",
        "kind: Connector",
        "metadata: {name: x}",
        "spec:",
        "  config:",
        f"    connection.password: {s.password()}",
        "",
    ])
    return files


def forbidden(values: list[str]) -> list[str]:
    """Each value, its prefix (12 characters: enough to be recognised), and its base64."""
    out = []
    for v in values:
        out.append(v)
        if len(v) > 16:
            out.append(v[:12])
        out.append(base64.b64encode(v.encode()).decode()[:16])
    return out


SEEDS = list(range(6))


@pytest.mark.parametrize("seed", SEEDS)
def test_every_slot_is_reported(seed):
    files = build(Secrets(seed))
    expected = {"Dockerfile": {"SL103": 9, "SL500": 1, "SL501": 1},
                "compose.yaml": {"SL103": 11, "SL500": 3, "SL501": 1},
                "k8s.yaml": {"SL103": 14, "SL500": 3, "SL501": 1}}
    for name, text in files.items():
        findings = lint_text(name, text)
        assert not [f for f in findings if f.code in ("SL001", "SL007")], findings
        got: dict[str, int] = {}
        for f in findings:
            if f.code in SECRET_RULES:
                got[f.code] = got.get(f.code, 0) + 1
        assert got == expected[name], (name, [f.message for f in findings if f.code in SECRET_RULES])


@pytest.mark.parametrize("seed", SEEDS[:3])
@pytest.mark.parametrize("fmt", FORMATS)
def test_no_output_format_contains_a_secret(tmp_path, seed, fmt):
    s = Secrets(seed)
    for name, text in build(s).items():
        (tmp_path / name).write_text(text)
    out = tmp_path / f"out.{fmt}"
    args = ["check", str(tmp_path), "-f", fmt, "-o", str(out)]
    if fmt == "text":
        args.append("--show-source")
    result = CliRunner().invoke(app, args, env={"NO_COLOR": "1"})
    assert result.exit_code == 1, result.output
    report = out.read_text()
    assert "SL103" in report and "SL500" in report and "SL501" in report
    if fmt in ("json", "sarif", "gitlab"):
        json.loads(report)
    leaks = [v for v in forbidden(s.values) if v in report or v in result.output]
    assert not leaks, f"{len(leaks)} secret value(s) in {fmt} output"
    # no mask that would reveal a length either: no run of 4+ mask characters
    assert not re.search(r"[*•]{4,}", report)


def test_baseline_file_contains_no_secret(tmp_path):
    s = Secrets(99)
    for name, text in build(s).items():
        (tmp_path / name).write_text(text)
    baseline = tmp_path / "baseline.json"
    result = CliRunner().invoke(app, ["check", str(tmp_path), "--write-baseline", str(baseline)])
    assert result.exit_code == 0, result.output
    written = baseline.read_text()
    assert "SL500" in written or "well-known-default-secret" in written or len(written) > 100
    assert not [v for v in forbidden(s.values) if v in written]


def test_a_crashing_secret_check_does_not_leak_the_value(monkeypatch):
    """An exception raised while a value is in hand becomes SL007 with the type name only."""
    from linter.rules.secrets import scan as secrets_scan

    value = "Tq" + "".join(random.Random(5).choice(ALNUM) for _ in range(20))

    def boom(target):
        raise ValueError(f"could not read {value}")

    monkeypatch.setattr(secrets_scan, "scan", boom)
    text = f"services:\n  app:\n    image: app:1.0\n    environment:\n      DB_PASSWORD: {value}\n"
    findings = lint_text("compose.yaml", text)
    errors = [f for f in findings if f.code == "SL007"]
    assert errors and all(value not in f.message for f in findings)
