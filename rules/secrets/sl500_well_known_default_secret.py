"""SL500 well-known-default-secret: a password anyone would guess, written in the file."""

from __future__ import annotations

from linter.engine import Example, Hit, Rule
from linter.findings import Severity

from . import scan

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

RULE = Rule(
    code="SL500",
    name="well-known-default-secret",
    severity=Severity.MEDIUM,
    summary="Well-known or guessable default password",
    rationale=(
        "`POSTGRES_PASSWORD: postgres`, `changeme`, `admin`, `P@ssw0rd1`, `minio123`, or the "
        "name of the service, image or user repeated as its password: these are the first "
        "values an attacker tries, so whatever they protect is open to anyone who reaches it. "
        "They are usually demo settings that were meant to be replaced and end up deployed. "
        "How this relates to SL103 hardcoded-secret: a value is reported by one rule only. "
        "SL103 takes literal secrets that would be a leak (tokens, keys, real-looking "
        "passwords); this rule takes the literals that are no secret at all because they are "
        "well known or guessable, at a lower severity, so that a demo stack's defaults do not "
        "drown real leaks. A guessable value hidden as the fallback of `${VAR:-default}` is "
        "SL501 secret-variable-default."),
    remediation=(
        "Generate a strong random password (`openssl rand -base64 24`) and pass it at run "
        "time: Compose `secrets:` or `${DB_PASSWORD:?set DB_PASSWORD}` from an untracked .env "
        "file, Kubernetes `valueFrom.secretKeyRef` with the Secret created outside the "
        "repository, BuildKit `RUN --mount=type=secret` at build time. For local-only demo "
        "stacks, ignore the rule for that file in the configuration."),
    references=[
        "https://docs.docker.com/compose/how-tos/use-secrets/",
        "https://kubernetes.io/docs/concepts/security/secrets-good-practices/",
        "https://cwe.mitre.org/data/definitions/1392.html",
        "CIS Docker Benchmark 4.10: Ensure secrets are not stored in Dockerfiles",
    ],
    aliases={"kics": ["Passwords And Secrets", "a88baa34-e2ad-44ea-ad6f-8cac87bc7c71"]},
    tags=["security", "secrets"],
    failing=lambda: [
        Example("compose.yaml",
                "services:\n  db:\n    image: postgres:16\n    environment:\n"
                "      POSTGRES_PASSWORD: postgres\n"),
        Example("compose.yaml",
                "services:\n  order-db:\n    image: postgres:16\n    environment:\n"
                "      - POSTGRES_PASSWORD=orderpw\n"),
        Example("Dockerfile", "FROM mysql:8.4\nENV MYSQL_ROOT_PASSWORD=changeme\nUSER mysql\n"),
        Example("pod.yaml",
                "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n"
                "  - name: app\n    image: app:1\n    env:\n    - name: ADMIN_PASSWORD\n"
                "      value: P@ssw0rd1\n"),
        Example("secret.yaml",
                "apiVersion: v1\nkind: Secret\nmetadata: {name: db}\ndata:\n"
                "  password: cGFzc3dvcmQ=\n"),
        Example("compose.yaml",
                "services:\n  app:\n    image: app:1\n    environment:\n"
                "      DATABASE_URL: postgres://postgres:postgres@db:5432/app\n"),
    ],
    passing=lambda: [
        Example("compose.yaml",
                "services:\n  db:\n    image: postgres:16\n    environment:\n"
                "      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:?set it}\n"
                "      POSTGRES_USER: postgres\n      POSTGRES_HOST_AUTH_METHOD: scram-sha-256\n"),
        Example("Dockerfile", "FROM mysql:8.4\nENV MYSQL_ROOT_PASSWORD_FILE=/run/secrets/root\n"
                "USER mysql\n"),
        Example("pod.yaml",
                "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n"
                "  - name: app\n    image: app:1\n    env:\n    - name: ADMIN_PASSWORD\n"
                "      valueFrom:\n        secretKeyRef: {name: admin, key: password}\n"
                "    - name: ADMIN_USER\n      value: admin\n"),
        Example("secret.yaml",
                "apiVersion: v1\nkind: Secret\nmetadata: {name: db}\nstringData:\n"
                "  username: admin\n  password: '{{ .Values.password }}'\n"),
    ],
    masks_source=True,
    reports_overridden=True,
    fragments=True,
)


@RULE.check(*scan.TARGETS)
def check(tree) -> Iterator[Hit]:
    """The detections of the 'weak' family in any tree (see ``scan``)."""
    return scan.hits(tree, "weak")
