"""SL501 secret-variable-default: a literal secret hidden as the fallback of ``${VAR:-default}``."""

from __future__ import annotations

from linter.engine import Example, Hit, Rule
from linter.findings import Severity

from . import scan

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

RULE = Rule(
    code="SL501",
    name="secret-variable-default",
    severity=Severity.MEDIUM,
    summary="Secret falls back to a literal default when its variable is unset",
    rationale=(
        "`POSTGRES_PASSWORD: ${DB_PASSWORD:-dev_pw}` looks like a value taken from the "
        "environment, but whenever DB_PASSWORD is unset or empty (a forgotten .env file, a new "
        "CI runner, a production host) the service silently runs with the literal written in "
        "the file, which every clone of the repository knows. Compose (`${VAR:-x}`, "
        "`${VAR-x}`), Dockerfile ENV/ARG and configuration files that expand variables all "
        "work this way. How this relates to the other secret rules: SL103 hardcoded-secret "
        "reports plain literals and any token format (also inside a fallback); SL500 "
        "well-known-default-secret reports guessable plain literals; this rule reports the "
        "literal fallbacks, whatever their strength, and says when the fallback is also a "
        "well-known default. A secret variable without a fallback (`${DB_PASSWORD}`, "
        "`${DB_PASSWORD:?}`) is fine."),
    remediation=(
        "Drop the fallback and make the variable required: `${DB_PASSWORD:?set DB_PASSWORD}` "
        "makes Compose stop with that message when it is unset. Better, use Compose "
        "`secrets:` (or `*_FILE` variables pointing at /run/secrets), Kubernetes "
        "`secretKeyRef`, or BuildKit `RUN --mount=type=secret`. Keep development values in an "
        "untracked .env file."),
    references=[
        "https://docs.docker.com/compose/how-tos/environment-variables/variable-interpolation/",
        "https://docs.docker.com/compose/how-tos/use-secrets/",
        "https://docs.docker.com/build/building/secrets/",
    ],
    aliases={"kics": ["Passwords And Secrets", "a88baa34-e2ad-44ea-ad6f-8cac87bc7c71"]},
    tags=["security", "secrets"],
    failing=lambda: [
        Example("compose.yaml",
                "services:\n  db:\n    image: postgres:16\n    environment:\n"
                "      POSTGRES_PASSWORD: ${DB_PASSWORD:-dev_pw}\n"),
        Example("compose.yaml",
                "services:\n  ui:\n    image: dpage/pgadmin4:8\n    environment:\n"
                "      - PGADMIN_DEFAULT_PASSWORD=${PGADMIN_PASSWORD-admin}\n"),
        Example("Dockerfile",
                "FROM alpine:3.20\nENV API_TOKEN=${API_TOKEN:-q7Lr2-Vx9Tz}\nUSER app\n"),
        Example("cm.yaml",
                "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n"
                "  app.properties: |\n    db.user=app\n"
                "    db.password=${DB_PASSWORD:-s3cr3t-fallback}\n"),
    ],
    passing=lambda: [
        Example("compose.yaml",
                "services:\n  db:\n    image: postgres:16\n    environment:\n"
                "      POSTGRES_PASSWORD: ${DB_PASSWORD:?set DB_PASSWORD}\n"
                "      POSTGRES_USER: ${DB_USER:-postgres}\n"
                "      ELASTIC_PASSWORD: ${ELASTIC_PASSWORD:-}\n"
                "      PASSWORD_FILE: ${PASSWORD_FILE:-/run/secrets/db}\n"
                "      REDIS_PASSWORD: ${REDIS_PASSWORD:-${DEFAULT_PASSWORD}}\n"),
        Example("Dockerfile", "FROM alpine:3.20\nARG API_TOKEN\nENV LOG_LEVEL=${LOG_LEVEL:-info}\n"
                "USER app\n"),
        Example("cm.yaml",
                "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n"
                "  app.properties: |\n    db.password=${DB_PASSWORD}\n"),
    ],
    masks_source=True,
    reports_overridden=True,
    fragments=True,
)


@RULE.check(*scan.TARGETS)
def check(tree) -> Iterator[Hit]:
    """The detections of the 'default' family in any tree (see ``scan``)."""
    return scan.hits(tree, "default")
