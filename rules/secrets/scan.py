"""Where secrets sit in each kind of file: the walk shared by the secret rules.

``scan(target)`` returns every ``Found`` (where, a human-readable key path, the ``Detection``)
of one tree: a Dockerfile, a Compose service or file, a pod template or a Kubernetes object.
Each secret rule keeps the detections of its family (``secret``: SL103 hardcoded-secret,
``weak``: SL500 well-known-default-secret, ``default``: SL501 secret-variable-default), so one
value is reported by exactly one rule. The engine runs all rules of one target in a row, so
the walk is done once per target and shared (a one-entry cache).

No Rule lives here. Nothing here keeps or returns a secret value: ``Found`` holds positions,
key paths and detections only.
"""

from __future__ import annotations

import re
import sys
from collections import namedtuple

from linter import lazyre
from linter import secrets
from linter.engine import Hit
from linter.findings import Severity, Span

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Any, Iterator
    from linter.compose import ComposeFile, Service
    from linter.dockerfile import Dockerfile
    from linter.kubernetes import KubeObject, PodTemplate
    from linter.yaml import YMapping, YScalar, YSequence


def _bind_yaml() -> None:
    """Bind ``YMapping``, ``YScalar``, ``YSequence`` here, the first time a YAML tree is
    scanned: a run over Dockerfiles alone never imports ``linter.yaml`` (1.7 ms of its
    start-up: issue #14). Safe: only the Compose and Kubernetes walks use them, and ``scan``
    binds them before it starts one (their trees are made of these nodes, so ``linter.yaml``
    is imported already and this costs a dictionary lookup)."""
    global YMapping, YScalar, YSequence
    from linter.yaml import YMapping, YScalar, YSequence


#: a secret found: ``at`` (a node or a span), ``where`` (what holds it, for the message),
#: ``detection`` (a ``secrets.Detection``). collections' named tuple, not typing's: with this
#: module's string annotations, typing.NamedTuple compiles each one, and a process's first
#: compile() sets up the ast types (1 ms of every run's start-up, issue #14).
Found = namedtuple("Found", "at where detection")


_FIXES = {
    "secret": "remove the value, rotate the credential and pass it at run time",
    "weak": "generate a strong random value and pass it at run time",
    "default": "drop the fallback: ${VAR:?message} makes the variable required",
}


def hits(target: Any, family: str) -> Iterator[Hit]:
    """The hits of one family for ``target`` (message: key path, description, detector)."""
    for f in scan(target):
        d = f.detection
        if d.family == family:
            yield Hit(f.at, message(f.where, d), severity=d.severity, fix=_FIXES[family])


def message(where: str, d: secrets.Detection) -> str:
    return f"{where} holds {d.description} ({d.detector})"


#: the trees secrets are looked for in (each secret rule checks all of them)
#: (the models named by their modules: a run imports those of its kinds of file alone)
TARGETS = ("linter.dockerfile.tree:Dockerfile", "linter.compose.tree:Service", "linter.compose.tree:ComposeFile",
           "linter.kubernetes.tree:PodTemplate", "linter.kubernetes.tree:KubeObject")

_last: list = [None, ()]


def scan(target: Any) -> tuple[Found, ...]:
    """Every detection in ``target`` (cached for the last target seen)."""
    if _last[0] is target:
        return _last[1]
    found: tuple[Found, ...] = ()
    # a model not imported has no targets: a run imports those of its kinds alone (issue #14)
    dockerfile = sys.modules.get("linter.dockerfile.tree")
    compose = sys.modules.get("linter.compose.tree")
    kubernetes = sys.modules.get("linter.kubernetes.tree")
    if dockerfile is not None and isinstance(target, dockerfile.Dockerfile):
        found = tuple(_dockerfile(target))
    elif (compose is not None or kubernetes is not None) and "YScalar" not in globals():
        _bind_yaml()
        return scan(target)
    elif compose is not None and isinstance(target, compose.Service):
        found = tuple(_compose_service(target))
    elif compose is not None and isinstance(target, compose.ComposeFile):
        found = tuple(_compose_file(target))
    elif kubernetes is not None and isinstance(target, kubernetes.PodTemplate):
        found = tuple(_pod_template(target))
    elif kubernetes is not None and isinstance(target, kubernetes.KubeObject):
        found = tuple(_kube_object(target))
    _last[0], _last[1] = target, found
    return found


# ---------------------------------------------------------------------------- command lines

# curl/wget credentials on the command line: -u user:pass, --user=user:pass, --password=x
_CLI_CREDS = lazyre.compile(
    r"(?:^|\s)(?:-u|--user|--proxy-user)(?:\s+|=)(['\"]?)([^\s:'\"]+):([^\s'\"]+)\1"
    r"|(?:^|\s)--(?:http-|ftp-)?password(?:\s+|=)(['\"]?)([^\s'\"]+)\4")
# the MySQL clients' -pPASSWORD (only after a mysql command: elsewhere -p means other things)
_MYSQL_P = lazyre.compile(r"(?:^|[\s;&|(/\"'])(?:mysql|mysqladmin|mysqldump|mariadb|mariadb-admin)"
                      r"(?=[\s\"'])[^;&|\n]*?\s-p(?!rint)([^\s'\"-][^\s'\"]*)")
CLI_CREDENTIALS = secrets.Detection("command-line-password",
                                    "a password on a command line", Severity.HIGH)
WEAK_CLI = secrets.Detection("well-known-default", "a command line whose password is a "
                             "well-known or guessable default", Severity.MEDIUM, "weak")


def scan_script(text: str, context: frozenset[str] = frozenset()) -> list[secrets.Detection]:
    """Token formats in a shell command, then the first literal command-line password."""
    found = secrets.scan_value(text, context)
    # Each pattern is tried only where its literal part is in the text (every alternative of
    # _CLI_CREDS holds "-u" or "password"; _MYSQL_P names a MySQL client): a regular
    # expression that may match anywhere is tried at every position, and these two took
    # half the time of the Dockerfile secrets scan (issue #14). Same matches, found sooner.
    if "-u" in text or "password" in text:
        for m in _CLI_CREDS.finditer(text):
            user, password = m.group(2) or "", m.group(3) or m.group(5) or ""
            if user.isdigit() and password.isdigit():  # -u 1000:1000 is a uid:gid
                continue
            if "$" in user:  # -u "${USERS:-10}": the colon belongs to a variable reference
                continue
            if not secrets.is_placeholder(password):
                ctx = context | secrets.context_words(user)
                found.append(WEAK_CLI if secrets.is_weak_default(password, ctx)
                             else CLI_CREDENTIALS)
                return found
    if "mysql" in text or "mariadb" in text:
        for m in _MYSQL_P.finditer(text):
            if not secrets.is_placeholder(m.group(1)):
                weak = secrets.is_weak_default(m.group(1), context | {"root"})
                found.append(WEAK_CLI if weak else CLI_CREDENTIALS)
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


def _line_of(node: YScalar, text: str, d: secrets.Detection, context: frozenset[str],
             default):
    """Where detection ``d`` in the multi-line value ``text`` of ``node`` is: the line that
    holds it in a ``|`` block scalar (a connection string in an embedded appsettings.json),
    else ``default`` (also when it spans lines, as a private key does)."""
    if node.style == "|" and "\n" in text:
        for index, line in enumerate(text.splitlines()):
            if any(x.detector == d.detector for x in secrets.scan_value(line, context)):
                return _block_line(node, index)
    return default


# ------------------------------------------------------------------------------- Dockerfile

def _dockerfile(df: Dockerfile) -> Iterator[Found]:
    contexts: dict[int, frozenset[str]] = {}  # by stage: the same for all its instructions
    for outer in df.instructions:
        stage = outer.stage
        context = contexts.get(id(stage))
        if context is None:
            context = contexts[id(stage)] = secrets.context_words(
                stage.image_text if stage else None, stage.alias if stage else None)
        ins, prefix = outer, ""
        if outer.keyword == "ONBUILD" and outer.onbuild is not None:
            ins, prefix = outer.onbuild, "ONBUILD "
        if ins.keyword in ("ENV", "ARG", "LABEL"):
            for name, value, span in ins.pairs():
                for d in secrets.check(name, value, context):
                    yield Found(span, f"{prefix}{ins.keyword} {name}", d)
        elif ins.keyword in ("RUN", "CMD", "ENTRYPOINT", "HEALTHCHECK"):
            main = " ".join(ins.exec_form) if ins.exec_form is not None else ins.args
            texts = [main] + [h.body for h in ins.heredocs]
            seen = set()
            for text in texts:
                for d in scan_script(text, context):
                    if (d.detector, d.family) not in seen:
                        seen.add((d.detector, d.family))
                        yield Found(outer, f"{prefix}{ins.keyword}", d)


# ---------------------------------------------------------------------------------- Compose

_USER_WORDS = ("user", "username", "usr", "login", "db", "database", "dbname")


def _compose_context(service: Service) -> frozenset[str]:
    image = service.image.expanded if service.image is not None else None
    users = [v.value.value for v in service.environment
             if v.value is not None and v.value.value and secrets.is_plain_field(v.name)
             and v.name.lower().replace("-", "_").rsplit("_", 1)[-1] in _USER_WORDS]
    return secrets.context_words(service.name, image, *users)


def _compose_service(service: Service) -> Iterator[Found]:
    context = _compose_context(service)
    groups = [("environment", service.environment), ("labels", service.labels)]
    if service.build is not None:
        groups.append(("build.args", service.build.args))
    for label, env in groups:
        for var in env:
            if var.value is None:
                continue
            for d in secrets.check(var.name, var.value.raw, context):
                yield Found(var, f"services.{service.name}.{label}.{var.name}", d)
    inline = service.build.dockerfile_inline if service.build is not None else None
    if inline is not None and inline.raw:
        yield from _inline_dockerfile(inline.node, inline.raw,
                                      f"services.{service.name}.build.dockerfile_inline")
    commands = [("command", service.node.get("command")),
                ("entrypoint", service.node.get("entrypoint"))]
    if service.healthcheck is not None:
        commands.append(("healthcheck.test", service.healthcheck.get("test")))
    for label, node in commands:
        text = _command_text(node)
        if text:
            for d in scan_script(text, context)[:1]:
                yield Found(node, f"services.{service.name}.{label}", d)


def _inline_dockerfile(node: YScalar, text: str, where: str) -> Iterator[Found]:
    """A Dockerfile written inline (``build.dockerfile_inline``): its findings, at their line
    for a ``|`` block scalar, else at the scalar."""
    from linter.dockerfile import parse_text

    df, _ = parse_text(text, "Dockerfile")
    for f in _dockerfile(df):
        at = node
        if node.style == "|":
            line = node.span.line + Hit(f.at, "").span.line
            at = Span(line, 1, line, 1)
        yield Found(at, f"{where} {f.where}", f.detection)


def _compose_file(compose: ComposeFile) -> Iterator[Found]:
    """Top-level ``configs`` written inline (``content:``) are files shipped with the stack."""
    for entry in (compose.configs.entries if compose.configs else []):
        if not isinstance(entry.value, YMapping):
            continue
        content = entry.value.get("content")
        if not isinstance(content, YScalar) or not isinstance(content.value, str):
            continue
        yield from _embedded(content, f"configs.{entry.name}.content",
                             secrets.context_words(str(entry.name)))


def _embedded(node: YScalar, where: str, context: frozenset[str]) -> Iterator[Found]:
    """A configuration file held in one value: token formats anywhere in it, then literal
    values under secret-looking keys of its lines."""
    text = node.as_str()
    found = secrets.scan_value(text, context)
    if found:
        yield Found(_line_of(node, text, found[0], context, node), where, found[0])
        return
    for index, key, d in secrets.scan_embedded(text, context):
        yield Found(_block_line(node, index), f"{where} entry {key}", d)


# ------------------------------------------------------------------------------- Kubernetes

def _pod_template(template: PodTemplate) -> Iterator[Found]:
    owner = template.owner.name if template.owner is not None else None
    for c in template.all_containers():
        image = c.image.as_str() if c.image is not None else None
        users = [v.value.as_str() for v in c.env
                 if v.value is not None and isinstance(v.value, YScalar) and v.name
                 and secrets.is_plain_field(v.name)
                 and v.name.lower().replace("-", "_").rsplit("_", 1)[-1] in _USER_WORDS]
        context = secrets.context_words(c.name, image, owner, *users)
        for var in c.env:
            if var.value is None or not isinstance(var.value, YScalar):
                continue
            for d in secrets.check(var.name or "", var.value.as_str(), context):
                yield Found(var.value, f"{c.kind} '{c.name}' env {var.name}", d)
        parts = [t for t in (_command_text(c.command), _command_text(c.args)) if t]
        if parts:
            for d in scan_script(" ".join(parts), context)[:1]:
                yield Found(c.args or c.command, f"{c.kind} '{c.name}' command", d)
        for label, handler in _handlers(c):
            yield from _handler(handler, f"{c.kind} '{c.name}' {label}", context)


def _handlers(c) -> Iterator[tuple[str, YMapping]]:
    """Probes and lifecycle hooks: ``exec`` commands and ``httpGet`` headers can hold
    credentials (``curl -u``, ``Authorization: Bearer ...``)."""
    for label, probe in (("livenessProbe", c.liveness_probe), ("readinessProbe", c.readiness_probe),
                         ("startupProbe", c.startup_probe)):
        if isinstance(probe, YMapping):
            yield label, probe
    if isinstance(c.lifecycle, YMapping):
        for e in c.lifecycle.entries:
            if isinstance(e.value, YMapping):
                yield f"lifecycle.{e.name}", e.value


def _handler(handler: YMapping, where: str, context: frozenset[str]) -> Iterator[Found]:
    exec_ = handler.mapping("exec")
    command = exec_.get("command") if exec_ is not None else None
    text = _command_text(command)
    if text:
        for d in scan_script(text, context)[:1]:
            yield Found(command, f"{where} exec command", d)
    http = handler.mapping("httpGet")
    headers = http.sequence("httpHeaders") if http is not None else None
    for item in (headers.items if headers is not None else []):
        if not isinstance(item, YMapping):
            continue
        name, value = item.str("name"), item.get("value")
        if name and isinstance(value, YScalar) and value.value is not None:
            found = secrets.scan_value(f"{name}: {value.as_str()}", context)
            if not found:
                found = secrets.check(name, value.as_str(), context)
            for d in found[:1]:
                yield Found(value, f"{where} httpGet header {name}", d)


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


def _kube_object(obj: KubeObject) -> Iterator[Found]:
    if obj.kind == "Secret":
        yield from _secret(obj)
    elif obj.kind == "ConfigMap":
        context = secrets.context_words(obj.name)
        data = obj.node.mapping("data")
        for entry in (data.entries if data else []):
            if isinstance(entry.value, YScalar) and entry.name is not None:
                where = f"ConfigMap '{obj.name}' key {entry.name}"
                text = entry.value.as_str()
                found = secrets.check(str(entry.name), text, context)
                if found:
                    for d in found:
                        yield Found(_line_of(entry.value, text, d, context, entry.key), where, d)
                elif isinstance(entry.value.value, str):
                    yield from _embedded(entry.value, where, context)
    elif obj.kind not in _NOT_WALKED_KINDS and not obj.is_list and obj.pod_template is None:
        yield from _custom_resource(obj)


def _custom_resource(obj: KubeObject) -> Iterator[Found]:
    """Other objects (custom resources: a DebeziumServer's ``config``, a KafkaConnect's, ...):
    literal values under secret-looking keys anywhere outside ``metadata`` and ``status``."""
    context = secrets.context_words(obj.name)
    for entry in obj.node.entries:
        if isinstance(entry.name, str) and entry.name not in _NOT_WALKED_FIELDS:
            for path, node in _walk(entry.value, (str(entry.name),), 0):
                for d in secrets.check(path[-1], node.as_str(), context):
                    yield Found(node, f"{obj.kind} '{obj.name}' {'.'.join(path)}", d)


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


COMMITTED = secrets.Detection("committed-secret-data", "a value committed in the file",
                              Severity.HIGH)
COMMITTED_B64 = secrets.Detection(
    "committed-secret-data", "a value committed in the file (base64 is an encoding, not "
    "encryption)", Severity.HIGH)


COMMITTED_BINARY = secrets.Detection(
    "committed-secret-data", "binary data committed in the file (a keystore or key; base64 is "
    "an encoding, not encryption)", Severity.HIGH)
_PUBLIC_BINARY_WORDS = ("truststore", "crt", "cert", "certificate", "ca", "cacert", "pub", "der",
                        "crl", "chain")


def _public_binary(name: str) -> bool:
    """Binary Secret keys that hold public material: ``truststore.jks``, ``ca.der``."""
    words = [w for w in re.split(r"[^a-z0-9]+", name.lower()) if w]
    return any(w in _PUBLIC_BINARY_WORDS for w in words) and not any(
        w in ("key", "keystore", "p12", "pfx", "pk8") for w in words)


def _secret(obj: KubeObject) -> Iterator[Found]:
    if "sops" in obj.node:  # encrypted with SOPS: values are ciphertext
        return
    context = secrets.context_words(obj.name)
    for field, encoded in (("data", True), ("stringData", False)):
        data = obj.node.mapping(field)
        entries = data.entries if data else []
        # the user names beside a password are what a guessable password repeats
        users = []
        for entry in entries:
            if isinstance(entry.value, YScalar) and entry.name is not None \
                    and secrets.is_plain_field(str(entry.name)):
                raw = entry.value.as_str()
                users.append(secrets.decode_base64(raw) if encoded else raw)
        ctx = context | secrets.context_words(*users)
        for entry in entries:
            if not isinstance(entry.value, YScalar) or entry.name is None:
                continue
            raw = entry.value.as_str()
            where = f"Secret '{obj.name}' {field}.{entry.name}"
            if secrets.is_placeholder(raw):
                fallback = secrets.variable_default(str(entry.name), raw) if not encoded else None
                if fallback is not None:
                    yield Found(entry.key, where, fallback)
                continue
            value = secrets.decode_base64(raw) if encoded else raw
            if value is None:  # binary data: a keystore, a DER key (unless named as public)
                if encoded and secrets.is_base64_binary(raw) \
                        and not _public_binary(str(entry.name)):
                    yield Found(entry.key, where, COMMITTED_BINARY)
                continue
            if secrets.is_public_material(value):
                continue
            if secrets.is_placeholder(value):
                if encoded and "$" in value:
                    fallback = secrets.variable_default(str(entry.name), value)
                    if fallback is not None:
                        yield Found(entry.key, where, fallback)
                continue
            found = secrets.scan_value(value, ctx)
            if found:
                yield Found(entry.key, where, found[0])
            elif secrets.is_secret_name(str(entry.name)):
                d = secrets.secret_named(str(entry.name), value, ctx)
                if d.family == "secret":  # a literal in a Secret: report the committed data
                    d = COMMITTED_B64 if encoded else COMMITTED
                yield Found(entry.key, where, d)
            elif not secrets.is_plain_field(str(entry.name)):
                if secrets.is_weak_default(value, ctx):
                    yield Found(entry.key, where, secrets.weak_detection(value))
                else:
                    yield Found(entry.key, where, COMMITTED_B64 if encoded else COMMITTED)
