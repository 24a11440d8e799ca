"""Opt-in style rules for Compose files (SL420, SL421, SL423-SL425, SL430-SL432).

dclint ships these as warnings; they change nothing Compose does, so shiplint runs them only
when selected (by code, name or dclint ID). Merged keys (``<<: *anchor``) are not counted as
written in the mapping, so anchors never make a file "out of order".
"""

from __future__ import annotations

from typing import Iterator

from linter.compose import ComposeFile, Service
from linter.engine import Example, Hit, Rule
from linter.findings import Severity
from linter.yaml import YMapping, YScalar, YSequence

_SPEC = "https://docs.docker.com/reference/compose-file/"


def _style(code, name, summary, rationale, remediation, dclint, failing, passing, refs=None,
           severity=Severity.INFO):
    return Rule(code=code, name=name, severity=severity, summary=summary, rationale=rationale,
                remediation=remediation, references=refs or [_SPEC], aliases={"dclint": dclint},
                tags=["style"], enabled_by_default=False,
                failing=[Example("compose.yaml", failing)], passing=[Example("compose.yaml", passing)])


BUILD_AND_IMAGE = _style(
    "SL420", "build-and-image", "Service has both build and image",
    "With both keys Compose builds the image and tags it with `image:`; readers may expect "
    "it to be pulled. Legitimate when tagging a build for a registry, hence opt-in.",
    "Keep one, or set `pull_policy: build` to say the image is built here.",
    "no-build-and-image",
    "services:\n  web:\n    build: .\n    image: registry.example.com/web:1\n",
    "services:\n  web:\n    build: .\n    image: registry.example.com/web:1\n    pull_policy: build\n",
    refs=[_SPEC + "services/#pull_policy", _SPEC + "build/"])

PROJECT_NAME = _style(
    "SL421", "missing-project-name", "File has no top-level project name",
    "Without `name:` the project is named after the directory, so two checkouts (or a "
    "renamed folder) create separate sets of containers, networks and volumes.",
    "Add `name: <project>` at the top of the file.",
    "require-project-name-field",
    "services:\n  web:\n    image: nginx:1.27\n",
    "name: shop\nservices:\n  web:\n    image: nginx:1.27\n",
    refs=[_SPEC + "version-and-name/"])

SERVICES_ORDER = _style(
    "SL423", "services-not-sorted", "Services are not in alphabetical order",
    "A sorted list makes services easy to find and diffs easy to read in large files.",
    "Sort the entries of `services:` by name.",
    "services-alphabetical-order",
    "services:\n  web:\n    image: nginx:1.27\n  api:\n    image: app:1\n",
    "services:\n  api:\n    image: app:1\n  web:\n    image: nginx:1.27\n")

DEPENDS_ORDER = _style(
    "SL424", "depends-on-not-sorted", "depends_on entries are not in alphabetical order",
    "A sorted dependency list is easier to compare between services.",
    "Sort the entries of `depends_on`.",
    "service-dependencies-alphabetical-order",
    "services:\n  web:\n    image: nginx:1.27\n    depends_on: [db, cache]\n"
    "  db:\n    image: postgres:16\n  cache:\n    image: redis:7\n",
    "services:\n  web:\n    image: nginx:1.27\n    depends_on: [cache, db]\n"
    "  db:\n    image: postgres:16\n  cache:\n    image: redis:7\n")

TOP_LEVEL_ORDER = _style(
    "SL425", "top-level-key-order", "Top-level keys are not in the conventional order",
    "The usual order (extension fields, name, include, services, networks, volumes, secrets, "
    "configs, models) lets readers find sections at a glance.",
    "Reorder the top-level sections.",
    "top-level-properties-order",
    "volumes:\n  data: {}\nservices:\n  web:\n    image: nginx:1.27\n",
    "x-common: &c {restart: always}\nname: shop\nservices:\n  web:\n    image: nginx:1.27\n"
    "volumes:\n  data: {}\n")

PORTS_ORDER = _style(
    "SL430", "ports-not-sorted", "Port mappings are not in ascending order",
    "Sorted ports make clashes and gaps easy to see.",
    "Sort `ports` by host port.",
    "service-ports-alphabetical-order",
    "services:\n  web:\n    image: nginx:1.27\n    ports: ['127.0.0.1:8443:443', '127.0.0.1:8080:80']\n",
    "services:\n  web:\n    image: nginx:1.27\n    ports: ['127.0.0.1:8080:80', '127.0.0.1:8443:443']\n")

KEYS_ORDER = _style(
    "SL431", "service-keys-order", "Service keys are not in the conventional order",
    "Grouping keys the same way in every service (image and build first, then "
    "dependencies, data, environment, networking, runtime, metadata, security) makes services "
    "comparable at a glance.",
    "Reorder the service's keys by group: image/build/container_name; depends_on; volumes, "
    "configs, secrets; environment, env_file; ports, networks; command, entrypoint, "
    "restart, healthcheck; labels, logging; user; then the rest.",
    "service-keys-order",
    "services:\n  web:\n    ports: ['127.0.0.1:80:80']\n    image: nginx:1.27\n",
    "services:\n  web:\n    image: nginx:1.27\n    ports: ['127.0.0.1:80:80']\n    restart: always\n")

QUOTED_VOLUMES = _style(
    "SL432", "quoted-volume", "Volume entry is quoted",
    "Volume strings need no quotes; mixing quoted and plain entries is noise in diffs.",
    "Remove the quotes around the volume entry.",
    "no-quotes-in-volumes",
    "services:\n  web:\n    image: nginx:1.27\n    volumes: ['./html:/usr/share/nginx/html:ro']\n",
    "services:\n  web:\n    image: nginx:1.27\n    volumes:\n      - ./html:/usr/share/nginx/html:ro\n")


def _written_keys(m: YMapping) -> list[tuple[str, YScalar]]:
    return [(e.key.as_str(), e.key) for e in m.entries
            if not e.merged and isinstance(e.key, YScalar) and e.key.value is not None]


def _first_out_of_order(items: list[tuple], key=lambda x: x) -> int | None:
    for i in range(1, len(items)):
        if key(items[i]) < key(items[i - 1]):
            return i
    return None


@BUILD_AND_IMAGE.check(Service)
def build_and_image(s: Service) -> Iterator[Hit]:
    if s.build is not None and s.image is not None and s.value("pull_policy") is None:
        yield Hit(s.image, f"service '{s.name}' has both 'build' and 'image'")


@PROJECT_NAME.check(ComposeFile)
def project_name(cf: ComposeFile) -> Iterator[Hit]:
    if "name" not in cf.node:
        yield Hit(cf.node.entries[0].key if cf.node.entries else cf,
                  "the file sets no top-level 'name' for the project")


@SERVICES_ORDER.check(ComposeFile)
def services_order(cf: ComposeFile) -> Iterator[Hit]:
    m = cf.node.get("services")
    if isinstance(m, YMapping):
        keys = _written_keys(m)
        i = _first_out_of_order(keys, key=lambda k: k[0].lower())
        if i is not None:
            yield Hit(keys[i][1], f"service '{keys[i][0]}' comes after '{keys[i - 1][0]}'; "
                                  "services are not sorted")


@DEPENDS_ORDER.check(Service)
def depends_order(s: Service) -> Iterator[Hit]:
    v = s.node.get("depends_on")
    if isinstance(v, YSequence):
        items = [(i.as_str(), i) for i in v.items if isinstance(i, YScalar)]
    elif isinstance(v, YMapping):
        items = _written_keys(v)
    else:
        return
    i = _first_out_of_order(items, key=lambda k: k[0].lower())
    if i is not None:
        yield Hit(items[i][1], f"service '{s.name}': depends_on '{items[i][0]}' comes after "
                               f"'{items[i - 1][0]}'")


_TOP = {"version": 1, "name": 2, "include": 3, "services": 4, "networks": 5, "volumes": 6,
        "secrets": 7, "configs": 8, "models": 9}


@TOP_LEVEL_ORDER.check(ComposeFile)
def top_level_order(cf: ComposeFile) -> Iterator[Hit]:
    keys = [(k, n) for k, n in _written_keys(cf.node) if k in _TOP or k.startswith("x-")]
    i = _first_out_of_order(keys, key=lambda k: 0 if k[0].startswith("x-") else _TOP[k[0]])
    if i is not None:
        yield Hit(keys[i][1], f"top-level '{keys[i][0]}' comes after '{keys[i - 1][0]}'")


@PORTS_ORDER.check(Service)
def ports_order(s: Service) -> Iterator[Hit]:
    ports = [(p.published_range or p.target_range or (0, 0), p) for p in s.ports if p.known]
    i = _first_out_of_order(ports, key=lambda x: x[0])
    if i is not None:
        yield Hit(ports[i][1], f"service '{s.name}': port '{ports[i][1].raw or ports[i][1].target}'"
                               " is listed after a higher one")


_GROUPS = [("image", "build", "container_name"), ("depends_on",),
           ("volumes", "volumes_from", "configs", "secrets"), ("environment", "env_file"),
           ("ports", "networks", "network_mode", "extra_hosts"),
           ("command", "entrypoint", "working_dir", "restart", "healthcheck"),
           ("logging", "labels"), ("user", "isolation")]
_GROUP_OF = {k: i for i, g in enumerate(_GROUPS) for k in g}


@KEYS_ORDER.check(Service)
def keys_order(s: Service) -> Iterator[Hit]:
    keys = [(k, n) for k, n in _written_keys(s.node) if not k.startswith("x-")]
    i = _first_out_of_order(keys, key=lambda k: _GROUP_OF.get(k[0], len(_GROUPS)))
    if i is not None:
        yield Hit(keys[i][1], f"service '{s.name}': '{keys[i][0]}' belongs before "
                              f"'{keys[i - 1][0]}'")


@QUOTED_VOLUMES.check(Service)
def quoted_volumes(s: Service) -> Iterator[Hit]:
    v = s.node.get("volumes")
    if isinstance(v, YSequence):
        for item in v.items:
            if isinstance(item, YScalar) and item.style in ("'", '"'):
                yield Hit(item, f"service '{s.name}': volume entry is quoted")
