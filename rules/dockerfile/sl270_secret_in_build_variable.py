"""SL270 secret-in-build-variable: ARG or ENV named like a secret, or a build argument used as
a credential."""

from __future__ import annotations

import re

from linter import lazyre
from linter.dockerfile import Dockerfile
from linter.dockerfile.shell import scripts
from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.secrets import is_secret_name

from .sources import sources
from .variables import VAR, variable_names

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

_CHECKS = "https://docs.docker.com/reference/build-checks/"


RULE = Rule(
    code="SL270",
    name="secret-in-build-variable",
    severity=Severity.MEDIUM,
    summary="ARG or ENV named like a secret, or a build argument used as a credential",
    rationale=(
        "Build arguments and ENV values are stored in the image: ENV in its configuration, ARG "
        "in the build history (`docker history`) of every RUN that uses it, and in build "
        "provenance. A token passed with `--build-arg GITHUB_TOKEN=...` is readable by anyone "
        "who can pull the image, even though the Dockerfile holds no value. (A literal value "
        "is judged by SL103/SL500/SL501 instead; names ending in _FILE, _VERSION, _PATH or "
        "containing PUBLIC are not secrets.) A build argument whose name says nothing is "
        "still a secret when a RUN or ADD uses it as one: in a URL's user or password "
        "(`https://user:${TOKEN}@host/`), as a key in a URL's path or query "
        "(`https://host/$KEY/`, `?token=$T`), or in `curl -u`, an `Authorization` header or "
        "`wget --password`; the finding is then on that use."),
    remediation=(
        "Pass secrets with a secret mount: `RUN --mount=type=secret,id=github_token,"
        "env=GITHUB_TOKEN ...` and `docker build --secret id=github_token,env=GITHUB_TOKEN`; "
        "set runtime secrets when the container starts, not in the image."),
    references=["https://docs.docker.com/build/building/secrets/",
                _CHECKS + "secrets-used-in-arg-or-env/"],
    aliases={"hadolint": "DL3064", "buildkit": "SecretsUsedInArgOrEnv", "trivy": "DS-0031"},
    tags=["security", "secrets"],
    failing=lambda: [Example("Dockerfile", "FROM node:22\nARG NPM_TOKEN\nRUN npm ci\n"),
             Example("Dockerfile", "FROM node:22\nARG TOKEN\nENV GITHUB_TOKEN=${TOKEN}\n"),
             Example("Dockerfile", "FROM alpine:3.20\nARG KEY\n"
                                   "RUN wget -qO /tmp/geo.tgz https://download.example.com/$KEY/geo.tgz\n"),
             Example("Dockerfile", "FROM alpine:3.20\nARG GH\n"
                                   "RUN git clone https://${GH}@github.com/acme/private.git\n")],
    passing=lambda: [Example("Dockerfile", "FROM node:22\nARG NPM_TOKEN_FILE\nARG PASSWORD_VERSION=2\n"
                                   "ENV NEXT_PUBLIC_API_KEY=\n"),
             Example("Dockerfile", "FROM node:22\nRUN --mount=type=secret,id=npm,env=NPM_TOKEN "
                                   "npm ci\n"),
             Example("Dockerfile", "FROM alpine:3.20\nARG VERSION=1.2\nARG GH_USER=bot\n"
                                   "RUN wget https://example.com/$VERSION/tool.tgz && "
                                   "git clone https://$GH_USER@example.com/x.git\n")],
    masks_source=True,
    reports_overridden=True,
)


@RULE.check(Dockerfile)
def _secret_name(df: Dockerfile) -> Iterator[Hit]:
    for ins in df.instructions:
        target = ins.onbuild if ins.keyword == "ONBUILD" and ins.onbuild else ins
        if target.keyword not in ("ARG", "ENV"):
            continue
        for kv in target.key_values:
            if not is_secret_name(kv.key):
                continue
            value = (kv.value or "").strip()
            if value and not VAR.fullmatch(value) and not (value.startswith("$") and
                                                             VAR.match(value)):
                # a literal: SL103/SL500/SL501 judge it (a placeholder such as `_`, set at
                # run time, puts no secret in the image)
                continue
            where = "the build history" if target.keyword == "ARG" else "the image configuration"
            yield Hit(kv, f"{target.keyword} {kv.key} is named like a secret; its value ends up "
                          f"in {where}", fix="use RUN --mount=type=secret instead")


# --------------------------------------------------------------------------------------------
# a build argument used as a credential

_URL = lazyre.compile(r"[A-Za-z][A-Za-z0-9+.-]*://[^\s'\"<>]+")
# words of a variable's name that make it a credential when a URL carries it
_CREDENTIAL_WORDS = frozenset({"key", "apikey", "token", "secret", "password", "passwd", "pwd",
                               "pass", "passphrase", "auth", "credential", "credentials",
                               "creds", "pat", "sig", "signature", "license", "licence"})
_NOT_CREDENTIAL = frozenset({"file", "path", "version", "url", "public", "name", "user",
                             "username", "id", "dir", "type", "host"})
_USER_WORDS = frozenset({"user", "username", "login", "name", "account", "email", "owner",
                         "org", "organization"})
_QUERY_KEY = lazyre.compile(r"(?:^|[?&;])([A-Za-z_.-]*(?:key|token|secret|password|passwd|pwd|"
                        r"auth|sig|signature|credential)[A-Za-z_.-]*)=([^&#]*)", re.I)


def _words(name: str) -> list[str]:
    return [w for w in re.split(r"[_\-.]|(?<=[a-z])(?=[A-Z])", name.lower()) if w]


def _credential_name(name: str) -> bool:
    words = _words(name)
    hits = [i for i, w in enumerate(words) if w in _CREDENTIAL_WORDS]
    return bool(hits) and not any(w in _NOT_CREDENTIAL for w in words[hits[-1] + 1:])


def _user_name(name: str) -> bool:
    return any(w in _USER_WORDS for w in _words(name)) and not _credential_name(name)


def _url_credentials(url: str) -> list[tuple[str, str]]:
    """``(variable, role)`` of the variables a URL uses as credentials."""
    out: list[tuple[str, str]] = []
    rest = url.split("://", 1)[1]
    authority, slash, path = rest.partition("/")
    if "@" in authority:
        userinfo = authority.rsplit("@", 1)[0]
        user, colon, password = userinfo.partition(":")
        if colon:
            out += [(n, "the password of a URL") for n in variable_names(password)]
        else:
            out += [(n, "the user of a URL") for n in variable_names(user) if not _user_name(n)]
    path, _, query = path.partition("?")
    out += [(n, "a URL's path") for n in variable_names(path) if _credential_name(n)]
    for m in _QUERY_KEY.finditer("?" + query if query else ""):
        out += [(n, f"the URL parameter '{m.group(1)}'") for n in variable_names(m.group(2))]
    out += [(n, "a URL's query") for n in variable_names(query) if _credential_name(n)
            and all(n != o for o, _ in out)]
    return out


def _option_credentials(cmd) -> list[tuple[object, str, str]]:
    """``(word, variable, role)`` of credentials on a curl/wget command line."""
    out = []
    words = cmd.words
    for k, w in enumerate(words[1:], 1):
        v = w.value
        nxt = words[k + 1] if k + 1 < len(words) else None
        if cmd.name == "curl" and v in ("-u", "--user", "--proxy-user") and nxt is not None:
            _, colon, password = nxt.value.partition(":")
            out += [(nxt, n, f"curl {v}") for n in variable_names(password if colon else "")]
        elif cmd.name in ("curl", "wget") and v in ("-H", "--header") and nxt is not None:
            head, _, value = nxt.value.partition(":")
            if head.strip().lower() in ("authorization", "proxy-authorization", "private-token",
                                        "x-api-key", "x-auth-token"):
                out += [(nxt, n, f"the {head.strip()} header") for n in variable_names(value)]
        elif cmd.name == "wget" and v.startswith(("--password=", "--http-password=",
                                                  "--ftp-password=")):
            out += [(w, n, f"wget {v.split('=', 1)[0]}") for n in variable_names(v)]
    return out


def _build_args_before(stage, ins) -> set[str]:
    """The names of the stage's ARGs declared before ``ins`` and not replaced by an ENV."""
    names: set[str] = set()
    for other in stage.instructions:
        if other is ins:
            break
        if other.keyword == "ARG":
            names.update(kv.key for kv in other.key_values)
        elif other.keyword == "ENV":
            names.difference_update(kv.key for kv in other.key_values)
    return names


def _uses(df: Dockerfile):
    """``(instruction, node, variable, role)`` for each variable a RUN or ADD uses as a
    credential."""
    for ins, sc in scripts(df):
        for cmd in sc.commands:
            for w in cmd.words[1:]:
                if "$" not in w.raw:
                    continue
                for url in _URL.findall(w.value):
                    for name, role in _url_credentials(url):
                        yield ins, w, name, role
            for w, name, role in _option_credentials(cmd):
                yield ins, w, name, role
    for ins in df.instructions:
        if ins.keyword == "ADD" and "$" in ins.args:
            for text, span in sources(ins)[0]:
                for url in _URL.findall(text):
                    for name, role in _url_credentials(url):
                        yield ins, span, name, role


@RULE.check(Dockerfile)
def _credential_use(df: Dockerfile) -> Iterator[Hit]:
    reported: set[str] = set()
    for ins, node, name, role in _uses(df):
        if name in reported or is_secret_name(name) or ins.stage is None:
            continue  # a secret-looking name is reported where it is declared
        if name not in _build_args_before(ins.stage, ins):
            continue  # not a build argument here (an ENV, a shell variable, the base image's)
        reported.add(name)
        yield Hit(node, f"build argument {name} is used as a credential ({role}); build "
                        "arguments are kept in the image history (docker history), so anyone "
                        "who can pull the image can read it",
                  fix=f"pass it as a secret: RUN --mount=type=secret,id={name.lower()},"
                      f"env={name} ... and docker build --secret id={name.lower()},env={name}")
