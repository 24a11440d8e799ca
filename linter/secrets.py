"""Secret detection on extracted values (never on raw lines).

Why our own patterns and not detect-secrets: on the inputs we see (single values pulled out of
the tree, not lines of a file) detect-secrets misses formats we must catch (GitHub fine-grained
``github_pat_`` tokens, Google ``AIza`` keys, bare ``npm_`` tokens), needs private helpers to
scan one value without its per-extension line regexes, keeps its settings process-global, and
costs about 1 ms per value. The detectors below are the high-signal formats of gitleaks and
trufflehog (facts: prefixes and lengths), written as our own regular expressions, plus a
secret-named-key check that only trusts literal values.

Nothing here ever returns or logs a secret value: callers get a ``Detection`` (detector name,
description, severity) and build messages from the *key path*.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass

from .findings import Severity


@dataclass(frozen=True, slots=True)
class Detection:
    """``detector``: stable kebab-case id (``github-token``); ``description``: for messages."""

    detector: str
    description: str
    severity: Severity


def _d(detector: str, description: str, severity: Severity, pattern: str) -> tuple:
    return Detection(detector, description, severity), re.compile(pattern)


_FORMATS = [
    _d("private-key", "a private key", Severity.CRITICAL,
       r"-----BEGIN[ A-Z0-9]{0,30} PRIVATE KEY(?: BLOCK)?-----"),
    _d("aws-access-key-id", "an AWS access key ID", Severity.CRITICAL,
       r"(?<![A-Z0-9])(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z2-7]{16}(?![A-Z0-9])"),
    _d("github-token", "a GitHub token", Severity.CRITICAL,
       r"(?<![A-Za-z0-9_])(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36}(?![A-Za-z0-9])"),
    _d("github-fine-grained-token", "a GitHub fine-grained personal access token",
       Severity.CRITICAL, r"(?<![A-Za-z0-9_])github_pat_[A-Za-z0-9_]{60,100}"),
    _d("gitlab-token", "a GitLab personal access token", Severity.CRITICAL,
       r"(?<![A-Za-z0-9_])glpat-[A-Za-z0-9_-]{20,}"),
    _d("slack-token", "a Slack token", Severity.HIGH,
       r"(?<![A-Za-z0-9])xox[abposre]-[A-Za-z0-9-]{10,}"),
    _d("slack-webhook", "a Slack webhook URL", Severity.HIGH,
       r"hooks\.slack\.com/(?:services|workflows)/[A-Za-z0-9+/_-]{20,}"),
    _d("stripe-live-key", "a live Stripe secret key", Severity.CRITICAL,
       r"(?<![A-Za-z0-9])(?:sk|rk)_live_[A-Za-z0-9]{20,}"),
    _d("stripe-test-key", "a Stripe test key", Severity.LOW,
       r"(?<![A-Za-z0-9])(?:sk|rk)_test_[A-Za-z0-9]{20,}"),
    _d("google-api-key", "a Google API key", Severity.HIGH,
       r"(?<![A-Za-z0-9_-])AIza[0-9A-Za-z_-]{35}(?![A-Za-z0-9_-])"),
    _d("npm-token", "an npm access token", Severity.HIGH,
       r"(?<![A-Za-z0-9_])npm_[A-Za-z0-9]{36}(?![A-Za-z0-9])"),
    _d("jwt", "a JSON Web Token", Severity.MEDIUM,
       r"(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}"),
]

URL_CREDENTIALS = Detection("url-credentials", "a password inside a URL", Severity.HIGH)
_URL_CREDS = re.compile(r"\b[a-zA-Z][a-zA-Z0-9+.-]{1,20}://([^\s/:@'\"]+):([^\s/@'\"]+)@[^\s/@'\"]")
SECRET_NAMED = Detection("secret-named-key", "a literal value under a secret-looking name",
                         Severity.HIGH)

# Example credentials published in vendor docs are not leaks.
_DOC_EXAMPLES = ("EXAMPLE", "example")


def scan_value(value: str) -> list[Detection]:
    """Token formats found anywhere in ``value`` (each detector at most once)."""
    found = []
    if not value or len(value) < 8:
        return found
    for detection, pattern in _FORMATS:
        m = pattern.search(value)
        if m and not any(x in m.group(0) for x in _DOC_EXAMPLES):
            found.append(detection)
    for m in _URL_CREDS.finditer(value):
        if not is_placeholder(m.group(2)) and not is_placeholder(m.group(1)):
            found.append(URL_CREDENTIALS)
            break
    return found


# Words (after splitting a name on _ - . and camelCase) that make a key secret-looking.
_SECRET_WORDS = frozenset({
    "password", "passwd", "pwd", "pass", "passphrase", "secret", "secrets", "token", "apikey",
    "credential", "credentials", "privatekey", "secretkey", "accesskey", "authtoken",
})
# ... also at the end of a run-together word: PGPASSWORD, MYSQLPASSWORD, CLIENTSECRET.
_SECRET_SUFFIXES = ("password", "passwd", "passphrase", "secret", "token", "apikey")
_SECRET_PAIRS = frozenset({("api", "key"), ("private", "key"), ("secret", "key"),
                           ("access", "key"), ("auth", "token"), ("client", "secret"),
                           ("signing", "key"), ("encryption", "key"), ("master", "key")})
_KEY_PAIR_HEADS = frozenset(a for a, b in _SECRET_PAIRS if b == "key")
# Words that make a secret-looking key something else: a reference, a setting, a location.
# One of them *after* the secret word decides (TOKEN_REFRESH_INTERVAL, PASSWORD_MIN_LENGTH,
# AWS_CREDENTIALS_REGION); before it, it does not (USER_PASSWORD, ADMIN_TOKEN).
_NOT_SECRET_WORDS = frozenset({
    "file", "files", "path", "dir", "directory", "version", "public", "name", "names", "ref",
    "refs", "env", "var", "length", "len", "min", "max", "ttl", "expiry", "expires", "expiration",
    "expire", "lifetime", "timeout", "enabled", "enable", "disabled", "disable", "required",
    "require", "header", "type", "policy", "algorithm", "algo", "mode", "provider", "method",
    "issuer", "audience", "size", "url", "uri", "endpoint", "host", "port", "id", "kind",
    "format", "field", "key", "keys", "selector", "mount", "volume", "store", "source",
    "template", "hash", "salt", "rounds", "strength", "reset", "request", "requests", "count",
    "command", "cmd", "prompt", "hint", "label", "location", "allow", "empty", "generate",
    "random", "scope", "scopes", "namespace", "user", "username", "login", "account",
    "region", "zone", "bucket", "interval", "refresh", "rotation", "period", "duration",
    "delay", "seconds", "minutes", "hours", "days", "retries", "attempts", "complexity",
    "encryption", "class", "backend", "manager", "length", "secrets", "regex", "pattern",
    "validation", "validity", "lifespan", "age", "limit",
})
_WORD_SPLIT = re.compile(r"[^A-Za-z0-9]+|(?<=[a-z0-9])(?=[A-Z])")


def _words(name: str) -> list[str]:
    return [w.lower() for w in _WORD_SPLIT.split(name) if w]


def _is_secret_word(word: str) -> bool:
    return word in _SECRET_WORDS or (len(word) > 6 and word.endswith(_SECRET_SUFFIXES))


def is_secret_name(name: str) -> bool:
    """True for ``DB_PASSWORD``, ``apiKey``, ``GITHUB_TOKEN``, ``client-secret``,
    ``PGPASSWORD``, ``SECRET_KEY_BASE``; False for ``PASSWORD_FILE``, ``SECRET_NAME``,
    ``TOKEN_TTL``, ``NEXT_PUBLIC_TOKEN``, ``api_key_env``, ``secretKeyRef``,
    ``TOKEN_REFRESH_INTERVAL``, ``AWS_CREDENTIALS_REGION``, ``password_encryption``."""
    words = _words(name)
    if not words:
        return False
    last = -1  # index of the last word that makes the name secret-looking
    for i, w in enumerate(words):
        if _is_secret_word(w):
            last = i
        elif w == "key" and i and words[i - 1] in _KEY_PAIR_HEADS:
            last = i
        elif i and (words[i - 1], w) in _SECRET_PAIRS:
            last = i
    if last < 0:
        return False
    # what comes after the secret word decides what the key is: DB_PASSWORD_FILE is a file,
    # SECRET_KEY_ID an id, TOKEN_REFRESH_INTERVAL a duration (SECRET_KEY_BASE is still a secret)
    if any(w in _NOT_SECRET_WORDS for w in words[last + 1:]):
        return False
    if words[last] == "secrets":  # a list of secrets' names, not one secret
        return False
    return not any(w in ("public", "file", "path", "version", "ref", "name") for w in words)


# Keys that hold the non-secret half of a credential or where to use it (in a Kubernetes
# Secret every key is reported, except these): POSTGRES_USER, url, type, project, DB_HOST.
_PLAIN_FIELD_WORDS = frozenset({
    "user", "username", "usr", "login", "url", "uri", "host", "hostname", "server", "port",
    "name", "type", "project", "db", "database", "dbname", "schema", "region", "endpoint",
    "email", "namespace", "provider", "bucket", "cluster", "domain", "address", "addr",
    "org", "organization", "tenant", "account", "sslmode", "protocol", "scheme", "path",
})
# ... and keys that hold a certificate (public by design).
_CERT_WORDS = frozenset({"crt", "cert", "certificate", "ca", "cacert", "pub", "chain"})


def is_plain_field(name: str) -> bool:
    """True for keys that are not secret even inside a Secret: ``POSTGRES_USER``, ``url``,
    ``type``, ``INFLUXDB_HOST``, ``ca.crt`` (False for anything secret-looking)."""
    words = _words(name)
    if not words or is_secret_name(name):
        return False
    return words[-1] in _PLAIN_FIELD_WORDS or words[-1] in _CERT_WORDS


def is_public_material(value: str) -> bool:
    """True for PEM certificates and public keys without any private key in them."""
    return ("-----BEGIN CERTIFICATE-----" in value or "-----BEGIN PUBLIC KEY-----" in value
            or "-----BEGIN X509 CRL-----" in value) and "PRIVATE KEY" not in value


_TEMPLATE = re.compile(r"\$\{|\$\(|\{\{|\}\}|%[A-Za-z_][A-Za-z0-9_]*%|^<[^<>]+>$|^\$\$?[A-Za-z_{]"
                       r"|^__[A-Za-z0-9_.-]+__$|^\[[A-Za-z0-9_ .-]+\]$|^ENC\[[A-Z0-9_]+,")
_BOOLEAN_WORDS = frozenset({"true", "false", "yes", "no", "on", "off", "y", "n", "none", "null",
                            "nil", "~", "0", "1", "enabled", "disabled"})
_REFERENCE = re.compile(r"^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$")  # another variable's NAME
# the key's own word in capitals, standing for the value: --cookie-secret=SECRET
_CAPS_WORD = frozenset({"SECRET", "PASSWORD", "TOKEN", "APIKEY", "PASSPHRASE", "CREDENTIALS"})
_MASKED = re.compile(r"^[*xX.•#-]{3,}$")
# Instructions to the reader instead of a value: your-api-key, yourpassword, <...>-here.
_PROSE = re.compile(r"^your(?:[-_ .]|[a-z]{3,}|[A-Z])|^(?:insert|replace|enter|put|paste)[-_ ]"
                    r"|[-_ ](?:goes[-_ ])?here$", re.IGNORECASE)
_URL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.:-]*://([^\s/?#]*)([^\s?#]*)(?:\?([^\s#]*))?(?:#\S*)?$")
_PATH_PREFIXES = ("/", "./", "../", "~/", "file:", "vault:", "arn:aws:secretsmanager",
                  "projects/", "secret/", "ref+", "sm://", "awssm://", "op://", "\\\\")
_WINDOWS_PATH = re.compile(r"^[A-Za-z]:[\\/]")


def _is_plain_url(v: str) -> bool:
    """A URL with no password in it and no secret-named query parameter."""
    m = _URL.match(v)
    if not m or "@" in m.group(1):
        return False
    for param in (m.group(3) or "").split("&"):
        k, _, val = param.partition("=")
        if val and is_secret_name(k):
            return False
    return True


def is_placeholder(value: str) -> bool:
    """True when ``value`` is not a literal secret: empty, a template or variable reference
    (``${VAR}``, ``$(VAR)``, ``{{ x }}``, ``%VAR%``, ``<password>``, ``__TOKEN__``,
    ``[API_KEY]``), a SOPS ciphertext (``ENC[AES256_GCM,...]``), a boolean-like word, a masked
    value (``****``) or one without letters or digits (``_``), an instruction to the reader
    (``your-api-key``, ``token-goes-here``), a file path, a URL without credentials or another
    variable's name (``MY_SECRET_KEY``, ``SECRET``)."""
    v = value.strip().strip("'\"")
    if not v:
        return True
    if _TEMPLATE.search(v) or _MASKED.match(v) or _PROSE.search(v):
        return True
    if v.lower() in _BOOLEAN_WORDS or v in _CAPS_WORD:
        return True
    if not any(c.isalnum() for c in v):
        return True
    if v.startswith(_PATH_PREFIXES) or _WINDOWS_PATH.match(v):
        return True
    if "://" in v and _is_plain_url(v):
        return True
    return bool(_REFERENCE.match(v))


def check(name: str, value: str | None) -> list[Detection]:
    """Detections for one ``name = value`` pair: token formats in the value, or a literal
    value under a secret-looking name. ``None``/placeholder values give nothing."""
    if value is None:
        return []
    found = scan_value(value)
    if found:
        return found
    if is_secret_name(name) and not is_placeholder(value):
        return [SECRET_NAMED]
    return []


# One ``key: value`` / ``key = value`` line of a configuration file embedded in a value.
_CONFIG_LINE = re.compile(r"^[ \t]*(?:-[ \t]+)?[\"']?([A-Za-z_][A-Za-z0-9_.-]*)[\"']?[ \t]*[:=][ \t]*"
                          r"(?:\"([^\"]*)\"|'([^']*)'|([^\s#\[{|>&*!][^#]*?))[ \t]*(?:#.*)?$")


def scan_embedded(text: str) -> list[tuple[int, str, Detection]]:
    """For a configuration file held in one value (a ConfigMap key, a Compose ``configs``
    ``content``): ``(line index, key, detection)`` for each ``key: literal`` line under a
    secret-looking key. Token formats are left to ``scan_value`` on the whole text."""
    found = []
    if "\n" not in text:
        return found
    for i, line in enumerate(text.splitlines()):
        if ":" not in line and "=" not in line:
            continue
        m = _CONFIG_LINE.match(line)
        if not m:
            continue
        key = m.group(1)
        value = m.group(2) if m.group(2) is not None else m.group(3) if m.group(3) is not None \
            else m.group(4)
        if is_secret_name(key) and not is_placeholder(value):
            found.append((i, key, SECRET_NAMED))
    return found


def decode_base64(value: str) -> str | None:
    """Kubernetes Secret ``data`` values are base64; return the text, or ``None`` if it is not
    valid base64 or not text."""
    try:
        raw = base64.b64decode("".join(value.split()), validate=True)
    except (binascii.Error, ValueError):
        return None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
