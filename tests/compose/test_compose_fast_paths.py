"""The fast paths of the Compose side (issue #14), each against the slow reference it stands
in for: ``tree._fields`` against ``YMapping.get``, the lazy ``Project.file_of`` against a
walk of every file, ``Project.owners`` against ``file_of``, the kept overlay groups against
``overlay_groups`` made again, the kept ``service_deps`` against a fresh read, and SL406's
lazily read edges against the edges of every service of the project."""

from __future__ import annotations

import os
import pickle
import random
import textwrap
from pathlib import Path

import pytest

from linter import yaml
from linter.compose.merge import merge
from linter.compose.project import (
    ComposeProjects,
    FileOwners,
    overlay_groups,
    related_names,
    walk_nodes,
)
from linter.compose.refs import _deps, service_deps
from linter.compose.tree import _fields
from linter.imagelinks import compose_builds
from linter.yaml import YMapping, YScalar
from test_compose_project import load, write

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "compose"
CORPUS_FILES = sorted(CORPUS.glob("*")) if CORPUS.is_dir() else []
corpus = pytest.mark.skipif(not CORPUS_FILES, reason="no corpus")


def mappings(node):
    return [n for n in walk_nodes(node) if isinstance(n, YMapping)]


# ------------------------------------------------------------------- _fields vs m.get

NASTY_MAPPINGS = [
    # duplicate keys: the last value wins
    "image: a\nimage: b\nuser: root\nuser: app\n",
    # merge keys: explicit keys win, then the earlier merge source
    "x-a: &a {image: from-a, user: a, restart: always}\n"
    "x-b: &b {image: from-b, user: b, pid: host}\n"
    "s:\n  <<: [*a, *b]\n  user: mine\n",
    "x-a: &a {image: from-a}\ns:\n  image: mine\n  <<: *a\n  image: again\n",
    # keys that are not strings, or look like other keys
    "1: one\ntrue: yes\n~: null-key\n1.0: float\n'1': string-one\nimage: x\n",
    "? [complex]\n: value\nimage: x\n",
    "{}\n",
]


@pytest.mark.parametrize("text", NASTY_MAPPINGS)
def test_fields_answer_as_get_on_nasty_mappings(text):
    docs, _ = yaml.load(text)
    for m in mappings(docs[0].root):
        _assert_fields_as_get(m)


def test_fields_answer_as_get_on_merged_mappings():
    docs, _ = yaml.load(textwrap.dedent("""\
        base:
          environment: [A=1, A=2, B=3]
          labels: {x: 1}
          image: a
        over:
          environment: {A: 9, C: 4}
          labels: [x=2, y=3]
          image: b
        """))
    root = docs[0].root
    merged = merge(root.get("base"), root.get("over"), None)
    for m in mappings(merged):
        _assert_fields_as_get(m)


@corpus
def test_fields_answer_as_get_on_the_corpus():
    for path in CORPUS_FILES:
        docs, _ = yaml.load(path.read_text(encoding="utf-8", errors="replace"))
        for d in docs:
            for m in mappings(d.root):
                _assert_fields_as_get(m)


def _assert_fields_as_get(m: YMapping) -> None:
    fields = _fields(m)
    names = {e.key.value for e in m.entries if isinstance(e.key, YScalar)
             and isinstance(e.key.value, str)}
    assert set(fields) == names
    for name in names | {"image", "absent", "user", "1", "true"}:
        assert fields.get(name) is m.get(name), name


# ------------------------------------------------------------ file_of, owners, pickling


def _reference_file_of(project):
    """``file_of`` as it was: every node of every file, the first file keeping a node."""
    owner = {}
    for cf in project.files:
        for n in walk_nodes(cf.node):
            owner.setdefault(id(n), cf.path)
    return lambda node: owner.get(id(node))


def _project_dir(tmp_path):
    write(tmp_path, "infra/db.yaml", """\
        x-db: &db {image: postgres:16, restart: always}
        services:
          db:
            <<: *db
            user: postgres
        """)
    write(tmp_path, "common.yaml", """\
        services:
          base:
            image: app:1
            user: root
            build: {context: ., dockerfile: Dockerfile}
            environment: [A=1]
        """)
    write(tmp_path, "compose.yaml", """\
        include: [infra/db.yaml]
        x-env: &env {B: 2}
        services:
          web:
            extends: {file: common.yaml, service: base}
            environment: *env
            depends_on: [db]
          api:
            build: .
            user: "0"
        """)
    write(tmp_path, "compose.override.yaml", """\
        services:
          web:
            environment: [C=3]
            ports: ["127.0.0.1:80:80"]
          api:
            image: api:1
        """)
    write(tmp_path, "compose.prod.yaml", "services:\n  web:\n    restart: always\n")
    write(tmp_path, "compose.dev.yaml", "services:\n  api:\n    user: root\n")
    return sorted(p for p in tmp_path.rglob("*.yaml"))


def _projects(paths):
    runs = ComposeProjects()
    for p in paths:
        cf = load(p)
        if cf is not None:
            yield runs.attach(cf)


def _check_file_of(project, ask_order):
    reference = _reference_file_of(project)
    nodes = [n for cf in project.files for n in walk_nodes(cf.node)]
    merged = [project.merged_service(name) for name in sorted(project.service_names)]
    nodes += [n for s in merged if s is not None for n in walk_nodes(s.node)]
    nodes.append(YScalar(None, None, "foreign", "foreign", ""))  # in no file
    ask_order.shuffle(nodes)
    for n in nodes:
        assert project.file_of(n) == reference(n)
    for s in merged:
        if s is None:
            continue
        mine = list(walk_nodes(s.node))
        owners = project.owners_of(mine)
        for n in mine:
            assert owners.file_of(n) == reference(n)


def test_file_of_answers_as_a_walk_of_every_file(tmp_path):
    paths = _project_dir(tmp_path)
    for seed in range(3):
        for project in _projects(paths):
            _check_file_of(project, random.Random(seed))


@corpus
def test_file_of_answers_as_a_walk_of_every_file_on_the_corpus():
    for project in _projects(CORPUS_FILES):
        _check_file_of(project, random.Random(0))


def test_owners_travel_with_their_service(tmp_path):
    """What the image links keep of a service that builds a Dockerfile travels (a worker of
    --jobs, the cache) as its values and their files, not its tree nor the project's."""
    paths = _project_dir(tmp_path)
    cf = load(tmp_path / "compose.yaml")
    project = ComposeProjects().attach(cf)
    found = {k[1]: b for k, b, _ in compose_builds(cf) if b is not None}
    web, _, _, owners, _ = found["web"]
    data = pickle.dumps((web, owners))
    assert len(data) < 2_000  # the values, not the service's tree nor the project's files
    web2, owners2 = pickle.loads(data)
    assert isinstance(owners2, FileOwners)
    assert owners2.file_of(web2.user.node).endswith("common.yaml")
    assert owners2.file_of(web2.image.node).endswith("common.yaml")
    assert (web2.name, web2.user.value, web2.span) == (web.name, web.user.value, web.span)
    assert owners2.file_of(web.user.node) is None  # the original, not the copy it holds
    assert project.file_of(web.user.node).endswith("common.yaml")
    assert paths


def test_compose_builds_say_where_a_value_is_written(tmp_path):
    _project_dir(tmp_path)
    cf = load(tmp_path / "compose.yaml")
    project = ComposeProjects().attach(cf)
    found = {k[1]: b for k, b, _ in compose_builds(cf) if b is not None}
    assert set(found) == {"web", "api"}
    for name, (building, _, _, owners, path) in found.items():
        assert path == cf.path
        merged = project.merged_service(name)
        assert building.name == name
        for value, want in ((building.user, merged.user), (building.image, merged.image)):
            assert (value is None) == (want is None)
            if value is not None:
                assert (value.node, value.value) == (want.node, want.value)
        for value in (building.user, building.image):
            if value is not None:
                assert owners.file_of(value.node) == project.file_of(value.node)
    assert found["web"][3].file_of(found["web"][0].user.node).endswith("common.yaml")


# ---------------------------------------------------------------------- overlay groups


@corpus
def test_kept_overlay_groups_are_the_groups_made_again():
    runs = ComposeProjects()
    for path in CORPUS_FILES:
        p = str(path)
        assert related_names(p, runs._listing, runs._overlay_groups) == \
            related_names(p, runs._listing)
    assert runs._overlay_groups(str(CORPUS)) is runs._overlay_groups(str(CORPUS) + os.sep)
    assert runs._overlay_groups(str(CORPUS)) == overlay_groups(os.listdir(CORPUS))


def test_overlay_groups_are_made_once_a_directory(tmp_path, monkeypatch):
    from linter.compose import project as module

    for name in ("compose.yaml", "compose.a.yaml", "compose.b.yaml", "compose.c.yaml"):
        write(tmp_path, name, "services:\n  s:\n    image: x\n")
    made = []
    real = module.overlay_groups
    monkeypatch.setattr(module, "overlay_groups", lambda names: made.append(1) or real(names))
    projects = list(_projects(sorted(tmp_path.glob("*.yaml"))))
    assert len(made) == 1
    overlay = next(p for p in projects if p.files[0].path.endswith("compose.b.yaml"))
    assert sorted(os.path.basename(f.path) for f in overlay.files) == [
        "compose.a.yaml", "compose.b.yaml", "compose.c.yaml", "compose.yaml"]


# -------------------------------------------------------------------------- service_deps


@corpus
def test_kept_dependencies_are_a_fresh_read():
    for path in CORPUS_FILES:
        cf = load(path)
        for s in cf.services if cf is not None else ():
            first = list(service_deps(s))
            assert list(service_deps(s)) == first == list(_deps(s))


# ---------------------------------------------------------------- SL406's lazy edges


def _reference_cycles(cf):
    """SL406 ``cycles`` as it was: the edges of every service of every file first."""
    from linter.compose.project import project_of
    from linter.rules.compose.sl406_dependency_cycle import _find_cycle, _in_file

    project = project_of(cf)
    edges = {}
    for f in project.files:
        for s in f.services:
            for ref in service_deps(s):
                if ref.known and ref.name:
                    edges.setdefault(s.name, []).append((ref.name, ref))
    reported = set()
    mine = {s.name for s in cf.services}
    out = []
    for start in sorted(edges):
        if start not in mine:
            continue
        path = _find_cycle(start, edges)
        if path is None or frozenset(path) in reported:
            continue
        reported.add(frozenset(path))
        for a, b in zip(path, path[1:] + path[:1]):
            ref = next((r for n, r in edges.get(a, []) if n == b), None)
            if ref is not None and cf.service(a) is not None and _in_file(cf, a, ref):
                out.append((ref.node, " -> ".join(path + [path[0]])))
                break
    return out


def _random_file(rng, names):
    lines = ["services:"]
    for name in rng.sample(names, rng.randint(1, len(names))):
        lines.append(f"  {name}:")
        lines.append("    image: x")
        deps = rng.sample(names, rng.randint(0, 3))
        how = rng.choice(["depends_on", "links", "volumes_from", "network_mode"])
        if deps and how == "network_mode":
            lines.append(f"    network_mode: service:{deps[0]}")
        elif deps:
            lines.append(f"    {how}: [{', '.join(deps)}]")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("seed", range(40))
def test_lazy_edges_find_the_cycles_all_edges_find(tmp_path, seed):
    from linter.rules.compose.sl406_dependency_cycle import cycles

    rng = random.Random(seed)
    names = [f"s{i}" for i in range(rng.randint(2, 7))]
    files = ["compose.yaml", "compose.override.yaml", "compose.a.yaml", "compose.b.yaml"]
    for name in files[:rng.randint(1, 4)]:
        (tmp_path / name).write_text(_random_file(rng, names), encoding="utf-8")
    for project in _projects(sorted(tmp_path.glob("*.yaml"))):
        cf = project.files[0]
        got = [(h.at.node if hasattr(h.at, "node") else h.at, h.message) for h in cycles(cf)]
        want = _reference_cycles(cf)
        assert [(n, m.rsplit(": ", 1)[-1]) for n, m in got] == want


# ----------------------------------------------------------------------- merged_build


def _described(build):
    if build is None:
        return None

    def value(v):
        return None if v is None else (v.raw, v.value, v.known, v.span, id(v.node))

    return (id(build.node), build.span, value(build.context), value(build.dockerfile),
            value(build.dockerfile_inline), value(build.target),
            [(a.name, value(a.value), a.span, id(a.node), a.merged) for a in build.args])


def _check_merged_build(project):
    for s in project.files[0].services:
        fast = project.merged_build(s.name, s)
        merged = project.merged_service(s.name) or s
        if len(project.merge_order) < 2 and "extends" not in s.node:
            assert _described(fast) == _described(merged.build)
        else:  # a merge makes a new ``build`` mapping each time, of the same values
            a, b = _described(fast), _described(merged.build)
            assert (a is None) == (b is None)
            assert a is None or a[1:] == b[1:]


def test_merged_build_is_the_merged_services_build(tmp_path):
    _project_dir(tmp_path)
    write(tmp_path, "compose.override.yaml", """\
        services:
          web:
            build: {args: [B=2], target: prod}
          api:
            build: {context: ./api}
        """)
    for project in _projects(sorted(tmp_path.rglob("*.yaml"))):
        _check_merged_build(project)


@corpus
def test_merged_build_is_the_merged_services_build_on_the_corpus():
    for project in _projects(CORPUS_FILES):
        _check_merged_build(project)
