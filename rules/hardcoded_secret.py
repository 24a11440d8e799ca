"""SL103 hardcoded-secret: a credential written into a file that ships with the software."""

from __future__ import annotations

import re
from typing import Iterator

from linter import secrets
from linter.compose import ComposeFile, Service
from linter.dockerfile import Dockerfile
from linter.engine import Example, Hit, Rule
from linter.findings import Severity, Span
from linter.kubernetes import KubeObject, PodTemplate
from linter.yaml import YMapping, YScalar, YSequence

RULE = Rule(
    code="SL103",
    name="hardcoded-secret",
    severity=Severity.HIGH,
    summary="Secret written in the file",
    rationale=(
        "A secret in a Dockerfile ends up in the image layers and history, readable by anyone "
        "who can pull the image; in a Compose file or manifest it is in every clone of the "
        "repository, forever, in its git history. Base64 in a Kubernetes Secret is an encoding, "
        "not encryption."),
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
    aliases={
        "hadolint": "DL3064", "buildkit": "SecretsUsedInArgOrEnv",
        "checkov": ["CKV_SECRET_2", "CKV_SECRET_6", "CKV_K8S_35"],
        "trivy": ["DS-0031", "KSV-0109"],
    },
    tags=["security", "secrets"],
    failing=[
        Example("Dockerfile", "FROM alpine:3.20\nENV DB_PASSWORD=s3cr3t-Pa55\nUSER app\n"),
        Example("Dockerfile",
                "FROM alpine:3.20\nARG GITHUB_TOKEN=ghp_" + "a1B2c3D4e5" * 3 + "a1B2c3\nUSER app\n"),
        Example("Dockerfile",
                "FROM alpine:3.20\nRUN curl -u admin:hunter2 https://example.com/x\nUSER app\n"),
        Example("compose.yaml",
                "services:\n  db:\n    image: postgres:16\n    environment:\n"
                "      POSTGRES_PASSWORD: Sup3rS3cret\n"),
        Example("compose.yaml",
                "services:\n  db:\n    image: postgres:16\n    environment:\n"
                "      - POSTGRES_PASSWORD=Sup3rS3cret\n"),
        Example("secret.yaml",
                "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata:\n  password: aHVudGVyMg==\n"),
        Example("compose.yaml",
                "services:\n  db:\n    image: mysql:8.4\n    healthcheck:\n"
                "      test: mysqladmin ping -uroot -pS3cr3t-Pa55\n"),
        Example("pod.yaml",
                "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n"
                "  - name: app\n    image: app:1\n    env:\n    - name: API_KEY\n"
                "      value: AIza" + "Sy" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q" + "\n"),
    ],
    passing=[
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
)

# curl/wget credentials on the command line: -u user:pass, --user=user:pass, --password=x
_CLI_CREDS = re.compile(
    r"(?:^|\s)(?:-u|--user|--proxy-user)(?:\s+|=)(['\"]?)([^\s:'\"]+):([^\s'\"]+)\1"
    r"|(?:^|\s)--(?:http-|ftp-)?password(?:\s+|=)(['\"]?)([^\s'\"]+)\4")
# the MySQL clients' -pPASSWORD (only after a mysql command: elsewhere -p means other things)
_MYSQL_P = re.compile(r"(?:^|[\s;&|(/\"'])(?:mysql|mysqladmin|mysqldump|mariadb|mariadb-admin)"
                      r"(?=[\s\"'])[^;&|\n]*?\s-p(?!rint)([^\s'\"-][^\s'\"]*)")
CLI_CREDENTIALS = secrets.Detection("command-line-password",
                                    "a password on a command line", Severity.HIGH)


def _hit(at, where: str, detection: secrets.Detection) -> Hit:
    return Hit(at, f"{where} holds {detection.description} ({detection.detector})",
               severity=detection.severity)


def _scan_script(text: str) -> list[secrets.Detection]:
    found = secrets.scan_value(text)
    for m in _CLI_CREDS.finditer(text):
        user, password = m.group(2) or "", m.group(3) or m.group(5) or ""
        if user.isdigit() and password.isdigit():  # -u 1000:1000 is a uid:gid
            continue
        if not secrets.is_placeholder(password):
            found.append(CLI_CREDENTIALS)
            return found
    for m in _MYSQL_P.finditer(text):
        if not secrets.is_placeholder(m.group(1)):
            found.append(CLI_CREDENTIALS)
            break
    return found


def _command_text(node) -> str | None:
    """A command written as a string or as a list of strings, as one line."""
    if isinstance(node, YScalar):
        return node.as_str()
    if isinstance(node, YSequence):
        return " ".join(i.as_str() for i in node.items if isinstance(i, YScalar))
    return None


def _block_line(node: YScalar, index: int):
    """Where line ``index`` of a scalar's text is: exact for ``|`` block scalars, the scalar
    itself otherwise."""
    if node.style == "|":
        line = node.span.line + 1 + index
        return Span(line, 1, line, 1)
    return node


@RULE.check(Dockerfile)
def dockerfile(df: Dockerfile) -> Iterator[Hit]:
    for ins in df.instructions:
        if ins.keyword in ("ENV", "ARG", "LABEL"):
            for name, value, span in ins.pairs():
                for d in secrets.check(name, value):
                    yield _hit(span, f"{ins.keyword} {name}", d)
        elif ins.keyword == "RUN":
            texts = [ins.args] + [h.body for h in ins.heredocs]
            seen = set()
            for text in texts:
                for d in _scan_script(text):
                    if d.detector not in seen:
                        seen.add(d.detector)
                        yield _hit(ins, "RUN", d)


@RULE.check(Service)
def compose_service(service: Service) -> Iterator[Hit]:
    groups = [("environment", service.environment)]
    if service.build is not None:
        groups.append(("build.args", service.build.args))
    for label, env in groups:
        for var in env:
            if var.value is None:
                continue
            for d in secrets.check(var.name, var.value.raw):
                yield _hit(var, f"services.{service.name}.{label}.{var.name}", d)
    commands = [("command", service.node.get("command")),
                ("entrypoint", service.node.get("entrypoint"))]
    if service.healthcheck is not None:
        commands.append(("healthcheck.test", service.healthcheck.get("test")))
    for label, node in commands:
        text = _command_text(node)
        if text:
            for d in _scan_script(text)[:1]:
                yield _hit(node, f"services.{service.name}.{label}", d)


@RULE.check(ComposeFile)
def compose_file(compose: ComposeFile) -> Iterator[Hit]:
    """Top-level ``configs`` written inline (``content:``) are files shipped with the stack."""
    for entry in (compose.configs.entries if compose.configs else []):
        if not isinstance(entry.value, YMapping):
            continue
        content = entry.value.get("content")
        if not isinstance(content, YScalar) or not isinstance(content.value, str):
            continue
        where = f"configs.{entry.name}.content"
        yield from _embedded(content, where)


def _embedded(node: YScalar, where: str) -> Iterator[Hit]:
    """A configuration file held in one value: token formats anywhere in it, then literal
    values under secret-looking keys of its lines."""
    text = node.as_str()
    found = secrets.scan_value(text)
    if found:
        yield _hit(node, where, found[0])
        return
    for index, key, d in secrets.scan_embedded(text):
        yield _hit(_block_line(node, index), f"{where} entry {key}", d)


@RULE.check(PodTemplate)
def pod_template(template: PodTemplate) -> Iterator[Hit]:
    for c in template.all_containers():
        for var in c.env:
            if var.value is None or not isinstance(var.value, YScalar):
                continue
            for d in secrets.check(var.name or "", var.value.as_str()):
                yield _hit(var.value, f"{c.kind} '{c.name}' env {var.name}", d)
        parts = [t for t in (_command_text(c.command), _command_text(c.args)) if t]
        if parts:
            for d in _scan_script(" ".join(parts))[:1]:
                yield _hit(c.args or c.command, f"{c.kind} '{c.name}' command", d)


# Kinds whose values are ciphertext or references to secrets kept elsewhere.
_NOT_COMMITTED_KINDS = frozenset({
    "SealedSecret", "SopsSecret", "ExternalSecret", "ClusterExternalSecret", "PushSecret",
    "SecretStore", "ClusterSecretStore"})
# Kinds not walked as custom resources: checked above, or schemas rather than values.
_NOT_WALKED_KINDS = _NOT_COMMITTED_KINDS | {"Secret", "ConfigMap", "CustomResourceDefinition"}
# A mapping under one of these names points at a Secret: its keys name the Secret's keys
# (Strimzi ``passwordSecret: {secretName: s, password: password}``, ``secretKeyRef``).
_NOT_WALKED_FIELDS = frozenset({"apiVersion", "kind", "metadata", "status"})
_REFERENCE_TAILS = ("secret", "secrets", "ref", "refs", "from", "selector")


@RULE.check(KubeObject)
def kube_object(obj: KubeObject) -> Iterator[Hit]:
    if obj.kind == "Secret":
        yield from _secret(obj)
    elif obj.kind == "ConfigMap":
        data = obj.node.mapping("data")
        for entry in (data.entries if data else []):
            if isinstance(entry.value, YScalar) and entry.name is not None:
                where = f"ConfigMap '{obj.name}' key {entry.name}"
                found = secrets.check(str(entry.name), entry.value.as_str())
                if found:
                    for d in found:
                        yield _hit(entry.key, where, d)
                elif isinstance(entry.value.value, str):
                    yield from _embedded(entry.value, where)
    elif obj.kind not in _NOT_WALKED_KINDS and not obj.is_list and obj.pod_template is None:
        yield from _custom_resource(obj)


def _custom_resource(obj: KubeObject) -> Iterator[Hit]:
    """Other objects (custom resources: a DebeziumServer's ``config``, a KafkaConnect's, ...):
    literal values under secret-looking keys anywhere outside ``metadata`` and ``status``."""
    for entry in obj.node.entries:
        if isinstance(entry.name, str) and entry.name not in _NOT_WALKED_FIELDS:
            for path, node in _walk(entry.value, (str(entry.name),), 0):
                for d in secrets.check(path[-1], node.as_str()):
                    yield _hit(node, f"{obj.kind} '{obj.name}' {'.'.join(path)}", d)


def _walk(node, path: tuple, depth: int) -> Iterator[tuple[tuple, YScalar]]:
    """``(key path, scalar)`` for scalars under mapping keys, not under references to Secrets
    nor under ``env`` (checked with the containers)."""
    if depth > 30:
        return
    if isinstance(node, YMapping):
        for e in node.entries:
            name = e.name
            if not isinstance(name, str):
                continue
            if isinstance(e.value, YScalar):
                if e.value.value is not None and not isinstance(e.value.value, bool):
                    yield path + (name,), e.value
            elif name != "env" and not name.lower().endswith(_REFERENCE_TAILS):
                yield from _walk(e.value, path + (name,), depth + 1)
    elif isinstance(node, YSequence):
        for i, item in enumerate(node.items):
            if isinstance(item, (YMapping, YSequence)):
                yield from _walk(item, path + (str(i),), depth + 1)


def _secret(obj: KubeObject) -> Iterator[Hit]:
    if "sops" in obj.node:  # encrypted with SOPS: values are ciphertext
        return
    for field, encoded in (("data", True), ("stringData", False)):
        data = obj.node.mapping(field)
        for entry in (data.entries if data else []):
            if not isinstance(entry.value, YScalar) or entry.name is None:
                continue
            raw = entry.value.as_str()
            if secrets.is_placeholder(raw):
                continue
            value = secrets.decode_base64(raw) if encoded else raw
            if value is None or secrets.is_placeholder(value) or secrets.is_public_material(value):
                continue
            found = secrets.scan_value(value)
            where = f"Secret '{obj.name}' {field}.{entry.name}"
            if found:
                yield _hit(entry.key, where, found[0])
            elif not secrets.is_plain_field(str(entry.name)):
                yield Hit(entry.key, f"{where} is committed in the file"
                          + (" (base64 is an encoding, not encryption)" if encoded else ""))
