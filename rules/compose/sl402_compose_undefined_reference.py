"""SL402 compose-undefined-reference: Service refers to a network, volume, secret, config or
service that is not defined.
"""

from __future__ import annotations

from linter.compose import ComposeFile, Service
from linter.compose.project import Project, extends_of, project_of
from linter.compose.refs import service_refs
from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.suggest import did_you_mean
from linter.yaml import YMapping, YScalar

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

_SPEC = "https://docs.docker.com/reference/compose-file/services/"


_KIND_WORD = {"networks": "network", "volumes": "volume", "secrets": "secret",
              "configs": "config", "models": "model"}


RULE = Rule(
    code="SL402",
    name="compose-undefined-reference",
    severity=Severity.HIGH,
    summary="Service refers to a network, volume, secret, config or service that is not defined",
    rationale=(
        "Compose refuses a project in which a service uses a network, named volume, secret or "
        "config that the top-level sections do not declare, or depends on (`depends_on`, "
        "`links`, `volumes_from`, `network_mode: service:...`, `extends`) a service that does "
        "not exist. A typo in one of these names is found at deploy time instead of review."),
    remediation=(
        "Declare the resource in the top-level `networks:`/`volumes:`/`secrets:`/`configs:` "
        "section (`external: true` when it is created outside the project), or fix the name. "
        "For an optional dependency write `depends_on: {name: {condition: service_started, "
        "required: false}}`."),
    references=[_SPEC + "#depends_on", _SPEC + "#networks", _SPEC + "#volumes",
                _SPEC + "#secrets", "https://docs.docker.com/reference/compose-file/volumes/"],
    aliases={},  # Docker Compose itself rejects this; no linter has an ID for it
    tags=["correctness"],
    failing=lambda: [
        Example("compose.yaml", "services:\n  web:\n    image: nginx:1.27\n    networks: [frontend]\n"
                                "networks:\n  front: {}\n"),
        Example("compose.yaml", "services:\n  web:\n    image: nginx:1.27\n    depends_on: [dbb]\n"
                                "  db:\n    image: postgres:16\n"),
        Example("compose.yaml", "services:\n  db:\n    image: postgres:16\n"
                                "    volumes: ['pgdata:/var/lib/postgresql/data']\n"
                                "volumes:\n  pg_data: {}\n"),
    ],
    passing=lambda: [
        Example("compose.yaml",
                "services:\n  web:\n    image: nginx:1.27\n    networks: [front, default]\n"
                "    depends_on:\n      db: {condition: service_healthy}\n"
                "      cache: {condition: service_started, required: false}\n"
                "    secrets: [db_pw]\n    volumes: ['data:/data', './html:/usr/share/nginx/html']\n"
                "  db:\n    image: postgres:16\nnetworks:\n  front: {}\nvolumes:\n  data:\n"
                "secrets:\n  db_pw: {file: ./db_pw.txt}\n"),
    ],
    security=False,
)


def _overrides_elsewhere(s: Service) -> bool:
    """A service entry without image, build, extends or provider only makes sense as an
    override of a service another file defines."""
    return not any(
        (v := s.node.get(k)) is not None and not (isinstance(v, YScalar) and v.value is None)
        for k in ("image", "build", "extends", "provider"))


def fragment_kinds(project: Project, cf: ComposeFile) -> set[str] | None:
    """What may legitimately be defined by files this project does not show.

    ``None``: everything (a partial project, or a file that overrides services defined
    elsewhere: a fragment meant for ``docker compose -f base.yaml -f this.yaml``, unless
    the project shows the file that defines them). Otherwise
    the kinds of resource that the file uses although no file of the project has a
    top-level section for them at all: a file that uses network 'elk' without any
    ``networks:`` section is a fragment of a bigger project far more often than a mistake
    (Compose would have refused it on the first run); when the section exists, a name
    missing from it is a typo. When any kind is missing, services may be too."""
    if project.partial or any(_overrides_elsewhere(s) and not any(
            f is not cf and f.service(s.name) is not None for f in project.merge_order)
            for s in cf.services):
        return None
    used = {ref.kind for s in cf.services for ref in service_refs(s) if ref.kind != "service"}
    missing = {k for k in used if not any(isinstance(f.node.get(k), YMapping) for f in project.files)}
    if missing:
        missing.add("service")
    return missing


@RULE.check(ComposeFile)
def undefined(cf: ComposeFile) -> Iterator[Hit]:
    project = project_of(cf)
    elsewhere = fragment_kinds(project, cf)
    if elsewhere is None:
        return
    names = project.service_names
    for s in cf.services:
        for ref in service_refs(s):
            if not ref.known or not ref.name or ref.kind in elsewhere:
                continue
            if ref.kind == "service":
                if ref.name in names or not ref.required:
                    continue
                yield Hit(ref, f"service '{s.name}': {ref.how} names service '{ref.name}', "
                               "which is not defined" + _suggest(ref.name, names),
                          fix=f"define service '{ref.name}' or fix the name")
                continue
            if ref.kind == "networks" and ref.name == "default":
                continue
            if project.defines(ref.kind, ref.name):
                continue
            word = _KIND_WORD[ref.kind]
            defined = set()
            for f in project.files:
                m = f.node.get(ref.kind)
                if isinstance(m, YMapping):
                    defined |= {str(k) for k in m.keys() if k is not None}
            yield Hit(ref, f"service '{s.name}' uses {word} '{ref.name}', which the top-level "
                           f"'{ref.kind}' section does not declare" + _suggest(ref.name, defined),
                      fix=f"declare it under top-level `{ref.kind}:` (with `external: true` "
                          "if it is created outside this project)")
        base, file = extends_of(s)
        if base is not None and file is None and cf.service(base) is None and base not in names:
            at = s.node.get("extends") or s
            yield Hit(at, f"service '{s.name}' extends service '{base}', which is not defined "
                          "in this file" + _suggest(base, names))


def _suggest(name: str, candidates) -> str:
    return did_you_mean(name, sorted(candidates), 0.75)
