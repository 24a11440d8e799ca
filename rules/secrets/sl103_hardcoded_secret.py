"""SL103 hardcoded-secret: a credential written into a file that ships with the software.

The walk over each kind of file is shared with SL500 (well-known defaults) and SL501 (literal
fallbacks in ``${VAR:-default}``) in ``rules.secrets_scan``; this rule reports the ``secret``
family: token formats, private keys, URL and command-line passwords, Docker registry auth,
Kubernetes Secret data and literal values under secret-looking names.
"""

from __future__ import annotations

from linter.engine import Example, Hit, Rule
from linter.findings import Severity

from . import scan

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

RULE = Rule(
    code="SL103",
    name="hardcoded-secret",
    severity=Severity.HIGH,
    summary="Secret written in the file",
    rationale=(
        "A secret in a Dockerfile ends up in the image layers and history, readable by anyone "
        "who can pull the image; in a Compose file or manifest it is in every clone of the "
        "repository, forever, in its git history. Base64 in a Kubernetes Secret is an encoding, "
        "not encryption. Detected: known token formats (critical for live keys), private keys, "
        "passwords in URLs, HTTP authorization headers and command lines, Docker registry auth "
        "JSON, Kubernetes Secret data (decoded), and literal values under secret-looking names "
        "(high when the value looks generated, medium when it is simple). Related rules: a "
        "well-known or guessable default (`postgres`, `changeme`) is SL500 "
        "well-known-default-secret instead, a literal fallback in `${VAR:-default}` is SL501 "
        "secret-variable-default, and a secret-named ARG/ENV without a literal is SL270; one "
        "value is reported by one rule only."),
    remediation=(
        "Remove the value and rotate the credential. Pass secrets at run time: BuildKit "
        "`RUN --mount=type=secret`, Compose `secrets:` or `${VAR}` from an untracked .env file, "
        "Kubernetes `valueFrom.secretKeyRef` with the Secret created outside the repository "
        "(Sealed Secrets, SOPS, External Secrets)."),
    references=[
        "https://docs.docker.com/build/building/secrets/",
        "https://docs.docker.com/compose/how-tos/use-secrets/",
        "https://kubernetes.io/docs/concepts/configuration/secret/#information-security-for-secrets",
        "CIS Docker Benchmark 4.10: Ensure secrets are not stored in Dockerfiles",
    ],
    # KICS's one secrets query covers what SL103, SL500 and SL501 split between them
    aliases={"kics": ["Passwords And Secrets", "a88baa34-e2ad-44ea-ad6f-8cac87bc7c71"]},
    related={
        # by name alone: they report `ARG NPM_TOKEN` without a value (SL270 here), and not a
        # token under an ordinary name
        "hadolint": "DL3064", "buildkit": "SecretsUsedInArgOrEnv",
        "trivy": ["DS-0031", "KSV-0109", "KSV-01010"], "kube-linter": "env-var-secret",
        "polaris": ["sensitiveContainerEnvVar", "sensitiveConfigmapContent"],
        # one detector each (AWS keys, URL passwords) or any high-entropy string
        "checkov": ["CKV_SECRET_2", "CKV_SECRET_4", "CKV_SECRET_6"],
    },
    tags=["security", "secrets"],
    failing=lambda: [
        Example("Dockerfile", "FROM alpine:3.20\nENV DB_PASSWORD=s3cr3t-Pa55\nUSER app\n"),
        Example("Dockerfile",
                "FROM alpine:3.20\nARG GITHUB_TOKEN=ghp_" + "a1B2c3D4e5" * 3 + "a1B2c3\nUSER app\n"),
        Example("Dockerfile",
                "FROM alpine:3.20\nRUN curl -u deploy:Xv9-qLr2-Tz https://example.com/x\nUSER app\n"),
        Example("compose.yaml",
                "services:\n  db:\n    image: postgres:16\n    environment:\n"
                "      POSTGRES_PASSWORD: Zq8-Lw3r-Vt6\n"),
        Example("compose.yaml",
                "services:\n  db:\n    image: postgres:16\n    environment:\n"
                "      - POSTGRES_PASSWORD=Zq8-Lw3r-Vt6\n"),
        Example("secret.yaml",
                "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata:\n  password: WHY5LXFMcjItVHo=\n"),
        Example("compose.yaml",
                "services:\n  db:\n    image: mysql:8.4\n    healthcheck:\n"
                "      test: mysqladmin ping -uroot -pS3cr3t-Pa55\n"),
        Example("pod.yaml",
                "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n"
                "  - name: app\n    image: app:1\n    env:\n    - name: API_KEY\n"
                "      value: AIza" + "Sy" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q" + "\n"),
    ],
    passing=lambda: [
        Example("Dockerfile", "FROM alpine:3.20\nENV DB_PASSWORD_FILE=/run/secrets/db\nUSER app\n"),
        Example("Dockerfile", "FROM alpine:3.20\nARG NPM_TOKEN\nUSER app\n"),
        Example("compose.yaml",
                "services:\n  db:\n    image: postgres:16\n    environment:\n"
                "      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD}\n"
                "      MYSQL_ALLOW_EMPTY_PASSWORD: \"yes\"\n      api_key_env: MY_KEY\n"),
        Example("pod.yaml",
                "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n"
                "  - name: app\n    image: app:1\n    env:\n    - name: DB_PASSWORD\n"
                "      valueFrom:\n        secretKeyRef: {name: db, key: password}\n"
                "    - name: TOKEN\n      value: $(OTHER_TOKEN)\n"),
        Example("repo-secret.yaml",
                "apiVersion: v1\nkind: Secret\nmetadata: {name: repo}\nstringData:\n"
                "  url: https://github.com/org/repo\n  username: deploy\n  password: ${PASSWORD}\n"),
        Example("cm.yaml",
                "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n"
                "  secretName: db-tls\n  password: '{{ .Values.password }}'\n"),
    ],
    masks_source=True,
    reports_overridden=True,
    fragments=True,
)


@RULE.check(*scan.TARGETS)
def check(tree) -> Iterator[Hit]:
    """The detections of the 'secret' family in any tree (see ``scan``)."""
    return scan.hits(tree, "secret")
