"""Secret detection on extracted values (never on raw lines).

The rules walk the trees and hand this module one ``name = value`` pair at a time (an ENV, an
environment entry, a Secret's decoded data, a line of a configuration file held in a
ConfigMap...). It answers with ``Detection`` objects: which detector matched, never what.

**Why our own patterns and not detect-secrets** (measured in 2026-11, not assumed).
detect-secrets 1.5.0 (the latest release, in a separate virtualenv) was fed extracted values,
not lines: one synthetic ``key: "value"`` line per value, with a YAML file name, through its
per-plugin loop and its default filters (the only way to scan one value: the public
``scan_line`` is an eager debug mode that reports every string, and the per-value helpers are
private). The 30 vectors were the detector and trap cases of our tests (random token bodies):

* 19 real secrets: it names the right kind for 11; it reports 6 only as a generic "Base64
  High Entropy String" (GitHub ``github_pat_``, Google ``AIza``, ``npm_``, Docker Hub
  ``dckr_pat_``, Hugging Face ``hf_``, OpenAI ``sk-proj-``), which gives no detector to name
  and no severity to set; it misses 2 (a Docker registry ``{"auths": ...}`` JSON, a random
  value under ``API_TOKEN``: its keyword list has no "token"). We find all 19.
* 11 traps: it reports 5 (``MYSQL_ALLOW_EMPTY_PASSWORD: "yes"``, ``api_key_env: MY_SECRET1``,
  ``secretName: db-tls``, a SOPS ``ENC[AES256_GCM,...]`` value and AWS's documentation key
  ``...EXAMPLE``). We report none.
* Speed: 0.22 ms per value against 0.010 ms for ``check`` here. A run over the shared corpus
  (2,300 files) asks about 15,000 values and 3,500 scripts or embedded files: about +3.3 s on
  a run of about 5 s, against about 0.2 s for ours.

It also keeps its settings process-global and has no notion of placeholders (``$(VAR)``),
weak defaults or ``${VAR:-default}``, which we would still need on top. Decision: our own
detectors, written as our own regular expressions from published facts (token prefixes,
alphabets and lengths as documented by the issuers and catalogued by gitleaks and trufflehog),
with a cheap substring pre-filter, plus the checks no token scanner has: secret-named keys
with literal values (high when the value looks generated, see ``looks_generated``), Docker
registry auth JSON, well-known defaults and literal fallbacks in ``${VAR:-default}``. Revisit
if a maintained library gains value-level scanning and the formats above.

Families: ``secret`` detections are reported by SL103 hardcoded-secret; ``weak`` ones (a
well-known or guessable default) by SL500; ``default`` ones (a literal fallback hidden in a
variable reference) by SL501. A value gets one family only.

Nothing here ever returns or logs a secret value: callers get a ``Detection`` (detector name,
description, severity) and build messages from the *key path*.
"""

from __future__ import annotations

import re
from functools import lru_cache

from . import lazyre
from .findings import Severity
from .plain import Frozen


class Detection(Frozen):
    """``detector``: stable kebab-case id (``github-token``); ``description``: for messages.
    ``family``: ``secret`` (SL103), ``weak`` (SL500) or ``default`` (SL501).
    (A frozen dataclass before: ``linter.plain``, start-up.)"""

    __slots__ = FIELDS = ("detector", "description", "severity", "family")

    def __init__(self, detector: str, description: str, severity: Severity,
                 family: str = "secret") -> None:
        self._assign(locals())


def _d(detector: str, description: str, severity: Severity, pattern: str) -> tuple:
    return Detection(detector, description, severity), pattern


#: a format's pattern, compiled the first time a value passes ``_FORMAT_HINTS`` (most runs
#: never do, and compiling all of them costs a tenth of a Dockerfile's start-up)
_pattern = lru_cache(maxsize=None)(re.compile)


# A token is not glued to more token characters on either side (no partial matches).
_L = r"(?<![A-Za-z0-9_])"
_R = r"(?![A-Za-z0-9_-])"

_FORMATS = [
    # the header alone (a grep pattern, a doc sentence) is not a key: some base64 must follow
    _d("private-key", "a private key", Severity.CRITICAL,
       r"-----BEGIN[ A-Z0-9]{0,30} PRIVATE KEY(?: BLOCK)?-----[\s\S]{0,300}?[A-Za-z0-9+/]{32}"),
    _d("private-key", "a private key", Severity.CRITICAL,
       r"PuTTY-User-Key-File-[23]: [\s\S]{0,2000}?Private-Lines: \d+\s+[A-Za-z0-9+/]{32}"),
    _d("aws-access-key-id", "an AWS access key ID", Severity.CRITICAL,
       r"(?<![A-Z0-9])(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z2-7]{16}(?![A-Z0-9])"),
    _d("github-token", "a GitHub token", Severity.CRITICAL,
       r"(?<![A-Za-z0-9_])(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36}(?![A-Za-z0-9])"),
    _d("github-fine-grained-token", "a GitHub fine-grained personal access token",
       Severity.CRITICAL, r"(?<![A-Za-z0-9_])github_pat_[A-Za-z0-9_]{60,100}"),
    _d("gitlab-token", "a GitLab token", Severity.CRITICAL,
       _L + r"(?:glpat|glptt|glrt|gldt|glcbt|glimt|glagent|gloas|glsoat|glffct|glft)-"
       r"[A-Za-z0-9_-]{20,}|" + _L + r"GR1348941[A-Za-z0-9_-]{20}" + _R),
    _d("slack-token", "a Slack token", Severity.HIGH,
       r"(?<![A-Za-z0-9])xox[abposre]-[A-Za-z0-9-]{10,}"
       r"|(?<![A-Za-z0-9])xapp-\d-[A-Z0-9]+-\d+-[a-z0-9]{20,}"),
    _d("slack-webhook", "a Slack webhook URL", Severity.HIGH,
       r"hooks\.slack\.com/(?:services|workflows|triggers)/[A-Za-z0-9+/_-]{20,}"),
    _d("stripe-live-key", "a live Stripe secret key", Severity.CRITICAL,
       r"(?<![A-Za-z0-9])(?:sk|rk)_live_[A-Za-z0-9]{20,}"),
    _d("stripe-test-key", "a Stripe test key", Severity.LOW,
       r"(?<![A-Za-z0-9])(?:sk|rk)_test_[A-Za-z0-9]{20,}"),
    _d("google-api-key", "a Google API key", Severity.HIGH,
       _L + r"AIza[0-9A-Za-z_-]{35}" + _R),
    _d("npm-token", "an npm access token", Severity.HIGH,
       r"(?<![A-Za-z0-9_])npm_[A-Za-z0-9]{36}(?![A-Za-z0-9])"),
    _d("docker-hub-token", "a Docker Hub access token", Severity.HIGH,
       _L + r"dckr_(?:pat|oat)_[A-Za-z0-9_-]{27,}" + _R),
    _d("pypi-token", "a PyPI upload token", Severity.HIGH,
       _L + r"pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,}"),
    _d("openai-api-key", "an OpenAI API key", Severity.HIGH,
       _L + r"sk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{40,}|" + _L
       + r"sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}" + _R),
    _d("anthropic-api-key", "an Anthropic API key", Severity.HIGH,
       _L + r"sk-ant-(?:api|admin)\d\d-[A-Za-z0-9_-]{80,}"),
    _d("huggingface-token", "a Hugging Face access token", Severity.HIGH,
       _L + r"hf_[A-Za-z]{34}" + _R),
    _d("sendgrid-api-key", "a SendGrid API key", Severity.HIGH,
       _L + r"SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}" + _R),
    _d("vault-token", "a HashiCorp Vault token", Severity.HIGH,
       _L + r"hv[sb]\.[A-Za-z0-9_-]{24,}" + _R),
    _d("digitalocean-token", "a DigitalOcean token", Severity.HIGH,
       _L + r"do[opr]_v1_[a-f0-9]{64}" + _R),
    _d("databricks-token", "a Databricks access token", Severity.HIGH,
       _L + r"dapi[a-f0-9]{32}(?:-\d)?" + _R),
    _d("shopify-token", "a Shopify access token", Severity.HIGH,
       _L + r"shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}" + _R),
    _d("grafana-token", "a Grafana service account token", Severity.HIGH,
       _L + r"glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}" + _R),
    _d("telegram-bot-token", "a Telegram bot token", Severity.HIGH,
       r"(?<![A-Za-z0-9_:-])\d{8,10}:AA[A-Za-z0-9_-]{33}" + _R),
    _d("azure-storage-key", "an Azure storage account key", Severity.CRITICAL,
       r"AccountKey=[A-Za-z0-9+/]{86}==|SharedAccessKey=[A-Za-z0-9+/]{42}[A-Za-z0-9+/=]{2}"),
    _d("jwt", "a JSON Web Token", Severity.MEDIUM,
       r"(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}"),
]
# Cheap pre-filter: a value holding none of these substrings cannot match any format above.
_FORMAT_HINTS = lazyre.compile(r"PRIVATE KEY|PuTTY|A3T|AKIA|ASIA|ABIA|ACCA|gh[pousr]_|github_pat_"
                           r"|gl[a-z]+-"
                           r"|GR1348941|xox|xapp-|hooks\.slack|_live_|_test_|AIza|npm_|dckr_|pypi-"
                           r"|sk-|hf_|SG\.|hv[sb]\.|_v1_|dapi|shp|glsa_|:AA|AccountKey=|AccessKey="
                           r"|eyJ")

URL_CREDENTIALS = Detection("url-credentials", "a password inside a URL", Severity.HIGH)
URL_CREDENTIALS_SIMPLE = Detection("url-credentials", "a password inside a URL", Severity.MEDIUM)
# scheme://user:password@host; the user may be empty (Redis: redis://:password@host)
_URL_CREDS = lazyre.compile(r"\b[a-zA-Z][a-zA-Z0-9+.-]{1,20}://([^\s/:@'\"]*):([^\s/@'\"]+)@[^\s/@'\"]")
# credentials written before an '@' outside URL syntax: Oracle's jdbc:oracle:thin:user/pass@,
# Go's MySQL DSN user:pass@tcp(host:3306)/db
_AT_CREDS = lazyre.compile(r"\bjdbc:oracle:[a-z0-9]+:([A-Za-z0-9_$#.]+)/([^\s@/'\"]+)@"
                       r"|(?<![\w/:@.-])([A-Za-z_][A-Za-z0-9_.-]*):([^\s@/'\"]+)@(?:tcp|udp|unix)\(")
CONNECTION_STRING = Detection("connection-string-password",
                              "a password inside a connection string", Severity.HIGH)
CONNECTION_STRING_SIMPLE = Detection("connection-string-password",
                                     "a password inside a connection string", Severity.MEDIUM)
WEAK_CONNECTION = Detection("well-known-default", "a connection string whose password is a "
                            "well-known or guessable default", Severity.MEDIUM, "weak")
# a Java system property on a command line or in JAVA_OPTS: -Ddatabase.password=...
_JVM_PROPERTY = lazyre.compile(r"(?:^|(?<=[\s\"']))-D([A-Za-z0-9_.-]+)=(\"[^\"]*\"|'[^']*'|[^\s\"']+)")
JVM_PROPERTY = Detection("command-line-password", "a password in a -D system property",
                         Severity.HIGH)
JVM_PROPERTY_SIMPLE = Detection("command-line-password", "a password in a -D system property",
                                Severity.MEDIUM)
WEAK_JVM_PROPERTY = Detection("well-known-default", "a -D system property whose password is "
                              "a well-known or guessable default", Severity.MEDIUM, "weak")
# key=value connection strings: ADO.NET / ODBC / JDBC properties (Server=db;User Id=sa;
# Password=...;), libpq (host=db user=app password=...). A password key counts only beside a
# key that says where to connect or as whom, so a lone "password=" is left to the other checks.
_CONN_PASSWORD = lazyre.compile(
    r"(?i)(?:^|(?<=[;\s\"'{(,]))(?:password|pwd|passwd)\s*=\s*"
    r"(?:'((?:[^'\\]|\\.)*)'|\"([^\"]*)\"|\{([^}]*)\}|([^;\s\"'&]+))")
_CONN_KEY = lazyre.compile(
    r"(?i)(?:^|(?<=[;\s\"'{(,]))(?:server|host|hostaddr|data\s?source|address|addr"
    r"|network\s?address|database|dbname|initial\s?catalog|uid|user\s?id|user|username"
    r"|user\s?name|port|driver|dsn|provider|sslmode)\s*=")
_CONN_USER = lazyre.compile(r"(?i)(?:^|(?<=[;\s\"'{(,]))(?:uid|user\s?id|user|username|user\s?name)"
                        r"\s*=\s*['\"{]?([^;\s\"'&}]+)")
# a secret-named query parameter with a literal value: ?api_key=..., &access_token=...
_URL_QUERY = lazyre.compile(r"\b[a-zA-Z][a-zA-Z0-9+.-]{1,20}://[^\s?#'\"]+\?([^\s#'\"]+)")
URL_QUERY_SECRET = Detection("url-credentials", "a secret in a URL query parameter", Severity.HIGH)
SECRET_NAMED = Detection("secret-named-key", "a literal value under a secret-looking name",
                         Severity.HIGH)
# a literal under a secret-looking name, too simple to look generated (still not a placeholder)
SECRET_NAMED_SIMPLE = Detection("secret-named-key", "a literal value under a secret-looking name",
                                Severity.MEDIUM)
AWS_SECRET_KEY = Detection("aws-secret-access-key", "an AWS secret access key", Severity.CRITICAL)
_AWS_SECRET_VALUE = lazyre.compile(r"^[A-Za-z0-9/+]{40}$")
DOCKER_AUTH = Detection("docker-registry-auth", "Docker registry credentials (auths JSON)",
                        Severity.HIGH)
NPMRC_AUTH = Detection("npmrc-auth", "an npm registry credential (.npmrc auth)", Severity.HIGH)
AUTH_HEADER = Detection("http-auth-header", "a credential in an HTTP authorization header",
                        Severity.HIGH)
_AUTH_HEADER = lazyre.compile(
    r"\b(?:proxy-)?authorization\s*[:=]\s*(?:bearer|basic|token|apikey|api-key)\s+([^\s'\"\\,;]+)"
    r"|\b(?:x-api-key|x-auth-token|private-token|x-vault-token|api-key)\s*[:=]\s*([^\s'\"\\,;]+)",
    re.IGNORECASE)
_AUTH_HINT = lazyre.compile(r"uthorization|-token|api-key", re.IGNORECASE)
_NPMRC = lazyre.compile(r"(?:^|[\s:'\"])_(?:authToken|auth|password)\s*=\s*['\"]?([^\s'\"]+)")

WEAK_DEFAULT = Detection("well-known-default", "a well-known or guessable default value",
                         Severity.MEDIUM, "weak")
WEAK_NAMED = Detection("same-as-name", "a guessable value (it repeats the name of its service, "
                       "image or user)", Severity.MEDIUM, "weak")
WEAK_URL = Detection("well-known-default", "a URL whose password is a well-known or guessable "
                     "default", Severity.MEDIUM, "weak")

# Example credentials published in vendor docs are not leaks.
_DOC_EXAMPLES = ("EXAMPLE", "example")


def scan_value(value: str, context: frozenset[str] = frozenset()) -> list[Detection]:
    """Token formats found anywhere in ``value`` (each detector at most once), then the
    passwords written inside a URL (``scheme://user:pw@host``, ``redis://:pw@host``, a JDBC
    ``?password=``), a connection string (``Server=db;User Id=sa;Password=pw;``, libpq
    ``host=db password=pw``, Oracle ``user/pw@``, Go ``user:pw@tcp(...)``) or a ``-D`` system
    property. A password that is a well-known default gives a ``weak`` detection instead;
    ``context`` holds the words such a default may repeat (see ``is_weak_default``)."""
    found: list[Detection] = []
    if not value or len(value) < 8:
        return found
    if _FORMAT_HINTS.search(value):
        seen = set()
        for detection, pattern in _FORMATS:
            if detection.detector in seen:
                continue
            m = _pattern(pattern).search(value)
            if m and not any(x in m.group(0) for x in _DOC_EXAMPLES):
                found.append(detection)
                seen.add(detection.detector)
    url_found = False
    if "://" in value:
        for m in _URL_CREDS.finditer(value):
            d = _credential(m.group(1), m.group(2), context,
                            (URL_CREDENTIALS, URL_CREDENTIALS_SIMPLE, WEAK_URL))
            if d is not None:
                found.append(d)
                url_found = True
                break
        else:
            for m in _URL_QUERY.finditer(value):
                if _secret_query(m.group(1)):
                    found.append(URL_QUERY_SECRET)
                    url_found = True
                    break
    if not url_found and "=" in value:
        d = connection_string_password(value, context)
        if d is not None:
            found.append(d)
    if not url_found and "@" in value and not any(d.detector == CONNECTION_STRING.detector
                                                  for d in found):
        for m in _AT_CREDS.finditer(value):
            user, password = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
            d = _credential(user, password, context,
                            (CONNECTION_STRING, CONNECTION_STRING_SIMPLE, WEAK_CONNECTION))
            if d is not None:
                found.append(d)
                break
    if "-D" in value:
        for m in _JVM_PROPERTY.finditer(value):
            if is_secret_name(m.group(1)):
                d = _credential("", m.group(2).strip("'\""), context,
                                (JVM_PROPERTY, JVM_PROPERTY_SIMPLE, WEAK_JVM_PROPERTY))
                if d is not None:
                    found.append(d)
                    break
    if '"auth' in value and docker_auth_secret(value):
        found.append(DOCKER_AUTH)
    if _AUTH_HINT.search(value):
        for m in _AUTH_HEADER.finditer(value):
            token = m.group(1) or m.group(2)
            if len(token) >= 8 and not is_placeholder(token):
                found.append(AUTH_HEADER)
                break
    if "_auth" in value or "_password" in value:
        for m in _NPMRC.finditer(value):
            if not is_placeholder(m.group(1)):
                found.append(NPMRC_AUTH)
                break
    return found


def _credential(user: str, password: str, context: frozenset[str],
                kinds: tuple[Detection, Detection, Detection]) -> Detection | None:
    """The detection for a literal ``user``/``password`` pair written in a URL or a connection
    string: ``kinds`` is (generated-looking, simple, well-known default); ``None`` when the
    password or the user is a placeholder. An empty user (``redis://:pw@host``) is no user."""
    strong, simple, weak = kinds
    password = password.strip()
    if is_placeholder(password) or (user and is_placeholder(user)):
        return None
    if is_weak_default(password, context | ({_norm(user)} if user else frozenset())):
        return weak
    return strong if looks_generated(password) else simple


def connection_string_password(text: str, context: frozenset[str] = frozenset()
                               ) -> Detection | None:
    """The detection for a literal password in a ``key=value`` connection string (ADO.NET
    ``Password=``/``Pwd=``, ODBC ``PWD={...}``, JDBC properties, libpq ``password=``), when a
    key beside it says where to connect or as whom; ``None`` otherwise or for placeholders."""
    for m in _CONN_PASSWORD.finditer(text):
        password = next(g for g in m.groups() if g is not None)
        # the keys around it, on the same line: where and as whom it connects
        start = text.rfind("\n", 0, m.start()) + 1
        end = text.find("\n", m.end())
        line = text[start:end if end != -1 else len(text)]
        if not _CONN_KEY.search(line):
            continue
        user = _CONN_USER.search(line)
        d = _credential(user.group(1) if user else "", password, context,
                        (CONNECTION_STRING, CONNECTION_STRING_SIMPLE, WEAK_CONNECTION))
        if d is not None:
            return d
    return None


def _secret_query(query: str) -> bool:
    for param in query.split("&"):
        k, _, val = param.partition("=")
        if val and is_secret_name(k) and not is_placeholder(val):
            return True
    return False


_DOCKER_AUTH_FIELD = lazyre.compile(
    r"\"(auth|password|identitytoken|registrytoken)\"\s*:\s*\"((?:[^\"\\]|\\.)*)\"")


def docker_auth_secret(text: str) -> bool:
    """True for a Docker client config (``{"auths": {"registry": {"auth": "<base64 of
    user:password>"}}}``, or the legacy ``.dockercfg`` map of registries) holding a literal
    credential: an ``auth`` that decodes to ``user:password``, a ``password``, an
    ``identitytoken`` or a ``registrytoken``. Placeholders and ``credsStore`` helpers do not
    count."""
    for m in _DOCKER_AUTH_FIELD.finditer(text):
        field, value = m.group(1), m.group(2)
        if not value or is_placeholder(value):
            continue
        if field != "auth":
            if '"auths"' in text:  # any JSON may have a "password": only a Docker config counts
                return True
            continue
        decoded = decode_base64(value)
        if decoded is None or ":" not in decoded:
            continue
        user, _, password = decoded.partition(":")
        if password and not is_placeholder(password) and not is_placeholder(user):
            return True
    return False


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
    "validation", "validity", "lifespan", "age", "limit", "arn", "identifier", "object",
    "resource", "ocid",
})
# A word just before a final "secret" that makes the key the name of a Secret object.
_SECRET_OBJECT_HEADS = frozenset({
    "existing", "sealed", "external", "password", "passwd", "pwd", "credentials", "credential",
    "creds", "tls", "ssl", "cert", "certs", "certificate", "ca", "keystore", "truststore"})
_APPROLE = frozenset({"vault", "approle"})
_WORD_SPLIT = lazyre.compile(r"[^A-Za-z0-9]+|(?<=[a-z0-9])(?=[A-Z])")


def _words(name: str) -> list[str]:
    return [w.lower() for w in _WORD_SPLIT.split(name) if w]


def _is_secret_word(word: str) -> bool:
    return word in _SECRET_WORDS or (len(word) > 6 and word.endswith(_SECRET_SUFFIXES))


def is_secret_name(name: str) -> bool:
    """True for ``DB_PASSWORD``, ``apiKey``, ``GITHUB_TOKEN``, ``client-secret``,
    ``PGPASSWORD``, ``SECRET_KEY_BASE``, ``VAULT_SECRET_ID``; False for ``PASSWORD_FILE``,
    ``TOKEN_TTL``, ``NEXT_PUBLIC_TOKEN``, ``api_key_env``, ``TOKEN_REFRESH_INTERVAL``,
    ``AWS_CREDENTIALS_REGION``, ``password_encryption``, and the names of secrets kept
    elsewhere: ``SECRET_NAME``, ``secretKeyRef``, ``existingSecret``, ``passwordSecret``,
    ``DB_SECRET_ARN``, ``DB_SECRET_ID``."""
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
    tail = words[last + 1:]
    if any(w in _NOT_SECRET_WORDS for w in tail):
        # ... except Vault's AppRole credential, VAULT_SECRET_ID / approle secret_id
        return tail == ["id"] and words[last] == "secret" and bool(_APPROLE & set(words))
    # the name of a Secret object, not its content: existingSecret, EXISTING_SECRET,
    # passwordSecret, DB_PASSWORD_SECRET, tlsSecret (Helm charts' and operators' convention)
    if words[last] == "secret" and last and words[last - 1] in _SECRET_OBJECT_HEADS:
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


_TEMPLATE = lazyre.compile(r"\$\{|\$\(|\{\{|%[A-Za-z_][A-Za-z0-9_]*%|^<[^<>]+>$|^\$\$?[A-Za-z_{]"
                       r"|^__[A-Za-z0-9_.-]+__$|^\[[A-Za-z0-9_ .-]+\]$|^ENC\[[A-Z0-9_]+,")
_BOOLEAN_WORDS = frozenset({"true", "false", "yes", "no", "on", "off", "y", "n", "none", "null",
                            "nil", "~", "0", "1", "enabled", "disabled"})
_REFERENCE = lazyre.compile(r"^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$")  # another variable's NAME
# the key's own word in capitals, standing for the value: --cookie-secret=SECRET
_CAPS_WORD = frozenset({"SECRET", "PASSWORD", "TOKEN", "APIKEY", "PASSPHRASE", "CREDENTIALS"})
_MASKED = lazyre.compile(r"^[*xX.•#-]{3,}$")
# Instructions to the reader instead of a value: your-api-key, yourpassword, <...>-here.
_PROSE = lazyre.compile(r"^your(?:[-_ .]|[a-z]{3,}|[A-Z])|^(?:insert|replace|enter|put|paste)[-_ ]"
                    r"|[-_ ](?:goes[-_ ])?here$", re.IGNORECASE)
_URL = lazyre.compile(r"^[a-zA-Z][a-zA-Z0-9+.:-]*://([^\s/?#]*)([^\s?#]*)(?:\?([^\s#]*))?(?:#\S*)?$")
_PATH_PREFIXES = ("/", "./", "../", "~/", "file:", "vault:", "arn:aws:secretsmanager",
                  "projects/", "secret/", "ref+", "sm://", "awssm://", "op://", "\\\\")
_WINDOWS_PATH = lazyre.compile(r"^[A-Za-z]:[\\/]")
# a PEM block whose body is elided (``...``, ``<key>``): a documentation template, not a key
_EMPTY_PEM = lazyre.compile(r"^-----BEGIN [A-Z0-9 ]{1,40}-----(?:\s|\.|…|<[^<>\n]*>|\[[^\]\n]*\])*"
                        r"-----END [A-Z0-9 ]{1,40}-----$")


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
    if v.startswith("-----BEGIN ") and _EMPTY_PEM.match(v):
        return True
    if v.startswith(_PATH_PREFIXES) or _WINDOWS_PATH.match(v):
        return True
    if "://" in v and _is_plain_url(v):
        return True
    return bool(_REFERENCE.match(v))


# One ``key: value`` / ``key = value`` line of a configuration file embedded in a value.
_CONFIG_LINE = lazyre.compile(r"^[ \t]*(?:-[ \t]+)?[\"']?([A-Za-z_][A-Za-z0-9_.-]*)[\"']?[ \t]*[:=][ \t]*"
                          r"(?:\"([^\"]*)\"[ \t]*,?|'([^']*)'|([^\s#\[{|>&*!][^#]*?))[ \t]*"
                          r"(?:#.*)?$")  # a JSON member ends with a comma


def scan_embedded(text: str, context: frozenset[str] = frozenset()
                  ) -> list[tuple[int, str, Detection]]:
    """For a configuration file held in one value (a ConfigMap key, a Compose ``configs``
    ``content``): ``(line index, key, detection)`` for each ``key: literal`` line under a
    secret-looking key, and each ``key: ${VAR:-literal}`` fallback. Token formats are left to
    ``scan_value`` on the whole text."""
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
        if "$" in value:
            fallback = variable_default(key, value)
            if fallback is not None:
                found.append((i, key, fallback))
                continue
        if is_secret_name(key) and not is_placeholder(value):
            found.append((i, key, secret_named(key, value, context)))
    return found


def decode_base64(value: str) -> str | None:
    """Kubernetes Secret ``data`` values are base64; return the text, or ``None`` if it is not
    valid base64 or not text."""
    import base64  # with struct: only for a Kubernetes Secret's data (start-up, issue #14)
    import binascii

    try:
        raw = base64.b64decode("".join(value.split()), validate=True)
    except (binascii.Error, ValueError):
        return None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return None


def is_base64_binary(value: str) -> bool:
    """True when ``value`` is valid base64 of something that is not UTF-8 text (a PKCS#12
    keystore, a DER key...)."""
    import base64  # see decode_base64
    import binascii

    try:
        raw = base64.b64decode("".join(value.split()), validate=True)
    except (binascii.Error, ValueError):
        return False
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return bool(raw)
    return False


def check(name: str, value: str | None, context: frozenset[str] = frozenset()) -> list[Detection]:
    """Detections for one ``name = value`` pair, in this order (the first that applies wins):
    token formats anywhere in the value; a literal fallback in ``${VAR:-default}`` when the
    key or the variable is secret-looking (family ``default``); nothing for other
    placeholders; under a secret-looking name, a well-known or guessable default (family
    ``weak``), an AWS secret key, or any other literal (``secret-named-key``, high when the
    value looks generated, medium when it is simple). ``None`` gives nothing."""
    if value is None:
        return []
    found = scan_value(value, context)
    if found:
        return found
    if "$" in value and "\n" not in value:  # a multi-line file: see ``scan_embedded``
        fallback = variable_default(name, value)
        if fallback is not None:
            return [fallback]
    if not is_secret_name(name) or is_placeholder(value):
        return []
    return [secret_named(name, value, context)]


def secret_named(name: str, value: str, context: frozenset[str] = frozenset()) -> Detection:
    """The detection for a literal (not a placeholder) under a secret-looking ``name``."""
    if is_weak_default(value, context):
        return weak_detection(value)
    v = value.strip().strip("'\"")
    if _AWS_SECRET_VALUE.match(v) and "aws" in name.lower() and looks_generated(v):
        return AWS_SECRET_KEY
    return SECRET_NAMED if looks_generated(v) else SECRET_NAMED_SIMPLE


# ------------------------------------------------------------------------ strength of a value

def shannon_entropy(value: str) -> float:
    """Bits per character of ``value`` (Shannon entropy of its character frequencies)."""
    if not value:
        return 0.0
    from math import log2  # here: most runs never measure a value (start-up, issue #14)

    n = len(value)
    counts: dict[str, int] = {}
    for c in value:
        counts[c] = counts.get(c, 0) + 1
    return -sum(k / n * log2(k / n) for k in counts.values())


def looks_generated(value: str) -> bool:
    """True when ``value`` has enough entropy to look like a generated secret rather than a
    word someone typed: at least 10 characters and 3 bits of Shannon entropy per character
    (``zufsob-kuvtum-bImxa6`` yes; ``whalehello``, ``dbz`` no)."""
    return len(value) >= 10 and shannon_entropy(value) >= 3.0


# --------------------------------------------------------------------- well-known defaults

# Default and demo passwords that anyone would try first, and the names of the software they
# ship with (POSTGRES_PASSWORD=postgres). Compared after normalisation (see ``_norm``).
_WEAK_WORDS = frozenset({
    "password", "passwort", "passwd", "pass", "passw", "pwd", "pw", "secret", "secrets", "token",
    "key", "apikey", "changeme", "changeit", "changethis", "change", "admin", "administrator",
    "root", "toor", "test", "tests", "tester", "testing", "example", "sample", "default", "guest",
    "user", "users", "demo", "dev", "development", "local", "localhost", "letmein", "welcome",
    "qwerty", "qwertz", "azerty", "asdf", "abc", "abcd", "abcdef", "foo", "foobar", "bar", "baz",
    "dummy", "fake", "insecure", "unsecure", "notsecure", "nopass", "nopassword", "hunter",
    "iloveyou", "monkey", "dragon", "master", "login", "access", "manager", "super",
    "supersecret", "topsecret", "docker", "swarm", "kubernetes", "k8s",
    # software that ships or documents these as defaults
    "postgres", "postgresql", "pg", "mysql", "mariadb", "mongo", "mongodb", "redis", "valkey",
    "rabbit", "rabbitmq", "elastic", "elasticsearch", "opensearch", "kibana", "grafana",
    "prometheus", "minio", "minioadmin", "keycloak", "sonar", "sonarqube", "nexus", "jenkins",
    "gitea", "gitlab", "nextcloud", "owncloud", "wordpress", "drupal", "joomla", "oracle",
    "mssql", "sqlserver", "sa", "couchdb", "couchbase", "cassandra", "neo", "neoj", "influx",
    "influxdb", "airflow", "superset", "odoo", "ldap", "openldap", "vault", "consul", "kafka",
    "zookeeper", "clickhouse", "memcached", "nginx", "traefik", "portainer", "pgadmin",
    "phpmyadmin", "adminer", "sentry", "zipkin", "jaeger", "rancher", "harbor", "artifactory",
    "tomcat", "wildfly", "jboss", "weblogic", "activemq", "artemis", "scott", "tiger",
})
# Words people wrap around a default: my-password, postgrespw, examplePW, supersecret...
_WEAK_PREFIXES = ("my", "your", "the", "some", "super", "top", "very", "test", "dev", "demo",
                  "default", "example", "sample", "change", "admin", "root", "local", "dummy",
                  "fake", "insecure", "unsecure", "random", "secret", "new", "simple", "strong",
                  "good", "real", "long", "this", "is", "an", "a")
_WEAK_SUFFIXES = ("password", "passwort", "passwd", "pass", "pwd", "pw", "secret", "token",
                  "key", "admin", "me", "it", "here", "value", "string")
_LEET = str.maketrans("013457@$", "oieastas")
_EDGE_JUNK = lazyre.compile(r"^[0-9!@#$%^&*?.~+=]+|[0-9!@#$%^&*?.~+=]+$")
_SEPARATORS = lazyre.compile(r"[\s_.\-/:]+")


def _norm(value: str) -> str:
    """Lower case, separators removed, leading/trailing digits and punctuation removed, then
    leet digits read as letters: ``Pa$$w0rd123!`` -> ``password``, ``s3cr3t`` -> ``secret``."""
    v = _SEPARATORS.sub("", value.strip().strip("'\"").lower())
    return _EDGE_JUNK.sub("", v).translate(_LEET)


@lru_cache(maxsize=4096)
def _weak(v: str, context: frozenset[str]) -> bool:
    todo, seen = [v], set()
    while todo:
        w = todo.pop()
        if w in _WEAK_WORDS or w in context:
            return True
        if w in seen or len(seen) > 64:
            continue
        seen.add(w)
        for p in _WEAK_PREFIXES:
            if w.startswith(p) and len(w) > len(p):
                todo.append(w[len(p):])
        for s in _WEAK_SUFFIXES:
            if w.endswith(s) and len(w) > len(s):
                todo.append(w[:-len(s)])
        for c in context:  # the service or user name glued to a default: peerdbminioadmin
            if len(w) > len(c):
                if w.startswith(c):
                    todo.append(w[len(c):])
                if w.endswith(c):
                    todo.append(w[:-len(c)])
    return False


def weak_detection(value: str) -> Detection:
    """For a value ``is_weak_default`` accepted: ``WEAK_DEFAULT`` when it is guessable on its
    own, ``WEAK_NAMED`` when only its context (a service, image or user name) makes it so."""
    return WEAK_DEFAULT if is_weak_default(value) else WEAK_NAMED


def is_weak_default(value: str, context: frozenset[str] = frozenset()) -> bool:
    """True for a well-known or guessable default: ``password``, ``changeme``, ``P@ssw0rd1``,
    ``postgres``, ``my-password``, ``examplerootPW``, ``top-secret``, ``minio123``, only
    digits (``123456``); or one of the ``context`` words (already normalised: the service,
    image, container or user name next to it), alone or wrapped (``orderpw`` beside an
    ``order-db`` service). Values longer than 32 characters are never defaults."""
    raw = value.strip().strip("'\"")
    if not raw or len(raw) > 32:
        return False
    v = _norm(raw)
    if not v:
        return len(raw) <= 10 and raw.isdigit()
    return _weak(v, context)


_CONTEXT_STOP = frozenset({"app", "api", "web", "www", "server", "service", "svc", "latest",
                           "alpine", "slim", "bookworm", "bullseye", "stable", "main", "com",
                           "org", "net", "io", "docker", "library", "image", "images", "local",
                           "the", "and", "for", "container", "containers", "default"})
_CONTEXT_SPLIT = lazyre.compile(r"[^A-Za-z0-9]+")


def context_words(*texts: str | None) -> frozenset[str]:
    """The words a guessable default may repeat, from service, container, image and user
    names: ``quay.io/debezium/example-mysql:2.7`` -> ``{debezium, example, mysql}``."""
    out = set()
    for t in texts:
        if not t:
            continue
        for w in _CONTEXT_SPLIT.split(t.lower()):
            w = w.translate(_LEET)
            if len(w) >= 3 and w.isalpha() and w not in _CONTEXT_STOP:
                out.add(w)
    return frozenset(out)


# ------------------------------------------------------- literal fallbacks in ${VAR:-default}

_VAR_OPEN = lazyre.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(:?-)")


def variable_defaults(text: str) -> list[tuple[str, str]]:
    """``(variable, default)`` for every ``${NAME:-default}`` / ``${NAME-default}`` in
    ``text`` (nested braces balanced; ``$$`` ignored)."""
    out = []
    for m in _VAR_OPEN.finditer(text):
        if m.start() and text[m.start() - 1] == "$":
            continue
        i, level, n = m.end(), 1, len(text)
        while i < n:
            c = text[i]
            if c == "{" and text[i - 1] == "$":
                level += 1
            elif c == "}":
                level -= 1
                if level == 0:
                    break
            i += 1
        if level == 0:
            out.append((m.group(1), text[m.end():i]))
    return out


def variable_default(name: str, value: str) -> Detection | None:
    """The ``default`` family detection for a literal fallback in ``${VAR:-default}`` when
    the key ``name`` or ``VAR`` is secret-looking, else ``None``. The description names the
    variable, never the fallback."""
    for var, default in variable_defaults(value):
        if not (is_secret_name(name) or is_secret_name(var)):
            continue
        if not default or is_placeholder(default) or "$" in default:
            continue
        kind = ("a well-known or guessable default" if is_weak_default(default)
                else "a literal value")
        return Detection("variable-default",
                         f"{kind} as the fallback of ${{{var}}} (used whenever it is unset)",
                         Severity.MEDIUM, "default")
    return None


# ------------------------------------------------------------------------ secrets in paths


def path_secrets(path: str) -> list[tuple[str, Detection]]:
    """The components of ``path`` (directory or file names) that hold a secret, each with
    what was found: a token pasted as a directory name (``deploy/ghp_.../Dockerfile``)."""
    return [(part, found[0]) for part, found in _path_scan(path) if found]


@lru_cache(maxsize=4096)
def _path_scan(path: str) -> tuple[tuple[str, tuple[Detection, ...]], ...]:
    return tuple((part, _part_scan(part) if len(part) >= 8 else ())
                 for part in path.replace("\\", "/").split("/"))


@lru_cache(maxsize=16384)
def _part_scan(part: str) -> tuple[Detection, ...]:
    """The secrets in one component of a path: the directories a run walks are the same
    parts of every file's path, each scanned once (issue #14: a run over the corpus scanned
    the same few hundred directory names 2,300 times, 40 ms before it could fork)."""
    return tuple(d for d in scan_value(part) if d.family == "secret")


@lru_cache(maxsize=1 << 14)
def mask_path(path: str) -> str:
    """``path`` with every component that holds a secret replaced by ``[REDACTED-<hash>]``:
    the secret is never shown, and the same path always reads the same (a SARIF URI stays a
    valid, stable URI). The hash is 8 hex digits of SHA-256: nothing to recover a token
    from. (Kept per path: a report asks it of every finding, issue #14.)"""
    if not path or len(path) < 8:
        return path
    scanned = _path_scan(path)
    if not any(found for _, found in scanned):
        return path
    import hashlib

    sep = "\\" if "\\" in path and "/" not in path else "/"
    return sep.join(
        f"[REDACTED-{hashlib.sha256(part.encode('utf-8', 'surrogatepass')).hexdigest()[:8]}]"
        if found else part for part, found in scanned)


# A long run that may be random (private key bodies, base64 blobs, unprefixed API keys, a
# token glued to other text); ``_random_looking`` decides. Hex digests (no upper case) never
# qualify.
_BLOB = lazyre.compile(r"[A-Za-z0-9+/_\-]{24,}={0,2}")


def holds_random_blob(text: str) -> bool:
    """Whether ``text`` holds a long run of characters that looks random: what the code
    frames and the message scrubber redact when no detector names the secret (a token glued
    to a key, ``imghp_...``, is not at a word boundary for the detectors)."""
    return any(_random_looking(m.group()) for m in _BLOB.finditer(text))


def _char_class(c: str) -> int:
    return 0 if c.isdigit() else 1 if c.isupper() else 2


def _random_looking(blob: str) -> bool:
    """Mixed case and digits, switching between them as often as random text does (words,
    paths and version strings switch rarely: 4 times in the 13 characters of ``Python3Script``)."""
    chars = [c for c in blob if c.isascii() and c.isalnum()]
    if len(chars) < 20 or len({_char_class(c) for c in chars}) < 3:
        return False
    switches = sum(_char_class(a) != _char_class(b) for a, b in zip(chars, chars[1:]))
    return switches >= 0.35 * (len(chars) - 1)
