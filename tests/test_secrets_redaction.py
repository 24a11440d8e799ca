"""Secrets are found in every format and never printed, in any output format."""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys

import pytest

from helpers import by_name, lint_text

# Assembled from parts so this file itself does not look like it holds live credentials.
SECRETS = {
    "aws": "AKIA" + "Q3EGZ7XK4T2MWPRB",
    "github": "ghp_" + "R8x2Kq9Lm4Nv7Bc1Zs6Df3Gh5Jk0Pw2Ty8Ue",
    "github_pat": "github_pat_" + "11ABCDEFG0" + "x7Yq2Lm9Nv4Bc8Zs1Df6Gh3Jk5Pw0Ty" * 2 + "AbCdEfGhIjKlMnOp",
    "gitlab": "glpat-" + "Xy7Zq2Lm9Nv4Bc8Zs1Df",
    "slack": "xoxb-" + "1234567890-0987654321-AbCdEfGhIjKlMnOp",
    "stripe": "sk_live_" + "4eC39HqLyjWDarjtT1zdp7dc",
    "google": "AIza" + "SyD8f3Gh5Jk0Pw2Ty8UeR8x2Kq9Lm4Nv7Bc",
    "npm": "npm_" + "R8x2Kq9Lm4Nv7Bc1Zs6Df3Gh5Jk0Pw2Ty8Ue",
    "jwt": "eyJhbGciOiJIUzI1NiJ9" + "." + "eyJzdWIiOiIxMjM0NTY3ODkwIn0" + "." + "dBjftJeZ4CVPmB92K27uhbUJU1p1r",
    "urlpass": "Zx9-Very-Private",
    "keyword": "Corr3ct-Horse-Battery",
}
PRIVATE_KEY_BODY = "MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun"

DOCKERFILE = f"""FROM alpine:3.20
ENV AWS_ACCESS_KEY_ID={SECRETS['aws']}
ARG GH={SECRETS['github']}
LABEL token="{SECRETS['github_pat']}"
ENV DB_PASSWORD={SECRETS['keyword']}
RUN curl -u admin:{SECRETS['urlpass']} https://example.com/ && echo {SECRETS['gitlab']}
USER app
"""

COMPOSE = f"""services:
  app:
    image: app:1.0
    environment:
      SLACK: {SECRETS['slack']}
      STRIPE: {SECRETS['stripe']}
      DATABASE_URL: postgres://app:{SECRETS['urlpass']}@db/app
    build:
      context: .
      args:
        - NPM={SECRETS['npm']}
"""

KUBERNETES = f"""apiVersion: v1
kind: Pod
metadata: {{name: p}}
spec:
  containers:
  - name: app
    image: app:1.0
    env:
    - name: MAPS
      value: {SECRETS['google']}
    - name: SESSION
      value: {SECRETS['jwt']}
---
apiVersion: v1
kind: Secret
metadata: {{name: s}}
data:
  password: {base64.b64encode(SECRETS['keyword'].encode()).decode()}
stringData:
  id_rsa: |
    -----BEGIN RSA PRIVATE KEY-----
    {PRIVATE_KEY_BODY}
    -----END RSA PRIVATE KEY-----
---
apiVersion: v1
kind: ConfigMap
metadata: {{name: c}}
data:
  api_token: {SECRETS['keyword']}
"""

FILES = {"Dockerfile": DOCKERFILE, "compose.yaml": COMPOSE, "k8s.yaml": KUBERNETES}


@pytest.mark.parametrize("name", list(FILES))
def test_every_secret_is_found(name):
    findings = by_name(lint_text(name, FILES[name]), "hardcoded-secret")
    text = FILES[name]
    expected = {k for k, v in SECRETS.items() if v in text}
    detectors = " ".join(f.message for f in findings)
    assert findings
    want = {"aws": "aws-access-key-id", "github": "github-token",
            "github_pat": "github-fine-grained-token", "gitlab": "gitlab-token",
            "slack": "slack-token", "stripe": "stripe-live-key", "google": "google-api-key",
            "npm": "npm-token", "jwt": "jwt"}
    for key in expected:
        if key in want:
            assert want[key] in detectors, (key, detectors)
    if name == "k8s.yaml":
        assert "private-key" in detectors and "Secret 's' data.password" in detectors


def _all_values():
    vals = list(SECRETS.values()) + [PRIVATE_KEY_BODY,
                                     base64.b64encode(SECRETS['keyword'].encode()).decode()]
    # no prefix that would reveal the secret either
    return vals + [v[:12] for v in vals if len(v) > 16]


@pytest.mark.parametrize("fmt", ["text", "json", "sarif"])
def test_no_secret_value_in_any_output(tmp_path, fmt):
    for name, text in FILES.items():
        (tmp_path / name).write_text(text)
    r = subprocess.run([sys.executable, "-m", "linter", "check", str(tmp_path), "-f", fmt],
                       capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1"})
    assert r.returncode == 1
    out = r.stdout + r.stderr
    assert out.count("SL103") >= 10 or fmt != "text"
    if fmt != "text":
        json.loads(r.stdout)
    for value in _all_values():
        assert value not in out, f"secret leaked in {fmt} output"


@pytest.mark.parametrize("value", [
    "${DB_PASSWORD}", "$(DB_PASSWORD)", "{{ .Values.password }}", "%DB_PASSWORD%", "<password>",
    "", "MY_OTHER_SECRET", "/run/secrets/db", "true",
])
def test_placeholders_are_not_secrets(value):
    compose = f"services:\n  a:\n    image: a:1\n    environment:\n      DB_PASSWORD: \"{value}\"\n"
    assert not by_name(lint_text("compose.yaml", compose), "hardcoded-secret")
