"""The Compose tree: shapes, interpolation, spans."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from linter import yaml
from linter.compose import (
    ComposeFile,
    build,
    expand,
    has_variables,
    interpolate,
    is_compose,
    parse_port,
    split_volume,
)

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"


def make(text: str) -> tuple[ComposeFile, list]:
    docs, problems = yaml.load(textwrap.dedent(text))
    assert problems == []
    cf, probs = build("compose.yaml", docs)
    assert cf is not None
    return cf, probs


def svc(text: str, name: str = "web"):
    cf, probs = make(text)
    s = cf.service(name)
    assert s is not None
    return s, probs


# ------------------------------------------------------------------------ interpolation


@pytest.mark.parametrize("text, expected", [
    ("plain", ("plain", True)),
    ("", ("", True)),
    ("$VAR", (None, False)),
    ("${VAR}", (None, False)),
    ("a-${VAR:-def}-b", ("a-def-b", True)),
    ("${VAR-def}", ("def", True)),
    ("${VAR:-}", ("", True)),
    ("${VAR:?must be set}", (None, False)),
    ("${VAR?must be set}", (None, False)),
    ("${VAR:+alt}", (None, False)),
    ("${VAR+alt}", (None, False)),
    ("$$VAR", ("$VAR", True)),
    ("cost: $$5", ("cost: $5", True)),
    ("$$", ("$", True)),
    ("${A:-${B:-inner}}", ("inner", True)),
    ("${A:-$B}", (None, False)),
    ("${A:-x$${B}}", ("x${B}", True)),
    ("$1 and $", ("$1 and $", True)),
    ("${bad name}", (None, False)),
    ("${UNCLOSED", (None, False)),
    ("${VAR:-a:b/c}", ("a:b/c", True)),
])
def test_interpolate(text, expected):
    assert interpolate(text) == expected


def test_expand_keeps_unknown_variables_canonical():
    assert expand("${REGISTRY:?set it}/app:${TAG:-1.0}") == "${REGISTRY}/app:1.0"
    assert expand("$HOST:80") == "$HOST:80"
    assert expand("${X:+a:b}:80:80") == "${X}:80:80"


def test_has_variables():
    assert has_variables("${A}")
    assert has_variables("x $A")
    assert has_variables("${A:-1}")
    assert not has_variables("$$A")
    assert not has_variables("price $5")
    assert not has_variables("none")
    assert not has_variables("$")


# -------------------------------------------------------------------------- detection


def test_is_compose():
    def root(t):
        return yaml.load(textwrap.dedent(t))[0][0].root

    assert is_compose(root("services:\n  web:\n    image: nginx\n  empty:\n"))
    assert is_compose(root("services: {}\n"))
    assert not is_compose(root("services:\n  - web\n"))
    assert not is_compose(root("services:\n  web: nginx\n"))
    assert not is_compose(root("apiVersion: v1\nkind: Pod\n"))
    assert not is_compose(root("- a\n"))
    assert not is_compose(None)


def test_top_level():
    cf, probs = make("""\
        version: "3.8"
        name: proj
        services:
          web:
            image: nginx:1.25
          worker:
        networks:
          front: {}
        volumes:
          data:
        secrets:
          s: {file: ./s.txt}
        configs:
          c: {file: ./c.txt}
        """)
    assert probs == []
    assert cf.version.value == "3.8"
    assert cf.name.value == "proj"
    assert [s.name for s in cf.services] == ["web", "worker"]
    assert cf.services[1].node.entries == []
    assert cf.services[0].span.line == 4
    assert cf.networks.keys() == ["front"]
    assert cf.volumes.keys() == ["data"]
    assert cf.secrets is not None and cf.configs is not None


# ---------------------------------------------------------------------------- values


def test_image_reference_and_unknown():
    cf, _ = make("""\
        services:
          a:
            image: ${REG:-docker.io}/lib/app:${TAG:-1.2}
          b:
            image: ${REG}/app:${TAG:-1.2}
          c:
            image: nginx
        """)
    a, b, c = cf.services
    assert a.image.value == "docker.io/lib/app:1.2" and a.image.known
    ref = a.image.reference
    assert (ref.registry, ref.repository, ref.tag, ref.unknown) == ("docker.io", "lib/app", "1.2", False)
    assert b.image.value is None and not b.image.known
    assert b.image.raw == "${REG}/app:${TAG:-1.2}"
    assert b.image.reference.unknown and b.image.reference.tag == "1.2"
    assert c.image.reference.tag is None and not c.image.reference.unknown
    assert a.image.span.line == 3 and a.image.span.column == 12


def test_scalar_fields_and_bools():
    s, probs = svc("""\
        services:
          web:
            user: "0"
            privileged: true
            read_only: "${RO:-yes}"
            network_mode: host
            pid: host
            ipc: host
            mem_limit: 512m
            cpus: 0.5
            restart:
            container_name: ~
        """)
    assert probs == []
    assert s.user.value == "0" and s.user.as_bool() is None
    assert s.privileged.as_bool() is True and s.privileged.raw == "true"
    assert s.read_only.as_bool() is True
    assert s.network_mode.value == "host" and s.pid.value == "host" and s.ipc.value == "host"
    assert s.mem_limit.value == "512m"
    assert s.cpus.value == "0.5"
    assert s.restart is None and s.container_name is None  # null is "not set"
    assert s.value("mem_limit").value == "512m"
    assert s.value("nothing") is None


def test_list_or_string_fields():
    s, probs = svc("""\
        services:
          web:
            cap_add: NET_ADMIN
            cap_drop: [ALL]
            security_opt:
              - no-new-privileges:true
              - seccomp:unconfined
            env_file: .env
            devices:
              - /dev/fuse
              - source: /dev/sda
                target: /dev/xvda
        """)
    assert probs == []
    assert [v.value for v in s.cap_add] == ["NET_ADMIN"]
    assert [v.value for v in s.cap_drop] == ["ALL"]
    assert [v.value for v in s.security_opt] == ["no-new-privileges:true", "seccomp:unconfined"]
    assert [v.value for v in s.env_file] == [".env"]
    assert [v.value for v in s.devices] == ["/dev/fuse", "/dev/sda"]
    assert [v.value for v in s.values("cap_add")] == ["NET_ADMIN"]


def test_env_file_long_form():
    s, probs = svc("""\
        services:
          web:
            env_file:
              - a.env
              - path: ./b.env
                required: false
              - required: true
        """)
    assert [v.value for v in s.env_file] == ["a.env", "./b.env"]
    assert s.env_file[1].span.line == 5
    assert len(probs) == 1 and "path" in probs[0].message and probs[0].rule == "parse-error"


# ----------------------------------------------------------------------- environment


def test_environment_list_form():
    s, probs = svc("""\
        services:
          web:
            environment:
              - PLAIN=value
              - EMPTY=
              - NOVALUE
              - "QUOTED=a b"
              - WITH_EQ=a=b
              - VAR=${HOME}
        """)
    assert probs == []
    env = {e.name: e for e in s.environment}
    assert list(env) == ["PLAIN", "EMPTY", "NOVALUE", "QUOTED", "WITH_EQ", "VAR"]
    assert env["PLAIN"].value.value == "value"
    assert env["EMPTY"].value.value == "" and env["EMPTY"].value.raw == ""
    assert env["NOVALUE"].value is None
    assert env["QUOTED"].value.value == "a b"
    assert env["WITH_EQ"].value.value == "a=b"
    assert env["VAR"].value.value is None and not env["VAR"].value.known
    p = env["PLAIN"]
    # "      - PLAIN=value": the item starts at column 9
    assert (p.span.line, p.span.column, p.span.end_column) == (4, 9, 20)
    assert (p.name_span.column, p.name_span.end_column) == (9, 14)
    assert (p.value.span.column, p.value.span.end_column) == (15, 20)
    q = env["QUOTED"]  # inside quotes: one column further
    assert (q.name_span.column, q.value.span.column, q.value.span.end_column) == (10, 17, 20)


def test_environment_map_form():
    s, probs = svc("""\
        services:
          web:
            environment:
              A: "1"
              B:
              C: 2
              D: ""
              E: true
        """)
    assert probs == []
    env = {e.name: e for e in s.environment}
    assert env["A"].value.value == "1"
    assert env["B"].value is None
    assert env["C"].value.value == "2"
    assert env["D"].value.value == ""
    assert env["E"].value.as_bool() is True
    assert env["A"].name_span.line == 4 and env["A"].value.span.line == 4
    assert env["A"].span.column == 7 and env["A"].span.end_column == 13


def test_merge_key_values_keep_written_line():
    cf, probs = make("""\
        x-common: &common
          image: base:1.0
          environment:
            SHARED: "yes"
          privileged: true
        services:
          web:
            <<: *common
            user: app
          api:
            environment:
              <<: {INHERITED: "1"}
              OWN: "2"
        """)
    assert probs == []
    web, api = cf.services
    assert web.image.value == "base:1.0" and web.image.span.line == 2
    assert web.privileged.span.line == 5
    assert web.environment[0].name == "SHARED" and web.environment[0].span.line == 4
    assert web.user.span.line == 9
    by_name = {e.name: e for e in api.environment}
    assert by_name["INHERITED"].merged and by_name["INHERITED"].span.line == 12
    assert not by_name["OWN"].merged


# ------------------------------------------------------------------------------ build


def test_build_string_and_mapping():
    cf, probs = make("""\
        services:
          a:
            build: ./app
          b:
            build:
              context: .
              dockerfile: Dockerfile.prod
              target: runtime
              args:
                - VERSION=1.0
                - TOKEN
          c:
            build:
              context: .
              args:
                VERSION: "2"
        """)
    assert probs == []
    a, b, c = cf.services
    assert a.build.context.value == "./app" and a.build.args == []
    assert b.build.dockerfile.value == "Dockerfile.prod" and b.build.target.value == "runtime"
    assert [(x.name, x.value.value if x.value else None) for x in b.build.args] == [("VERSION", "1.0"), ("TOKEN", None)]
    assert [(x.name, x.value.value) for x in c.build.args] == [("VERSION", "2")]


# ------------------------------------------------------------------------------ ports


@pytest.mark.parametrize("text, expected", [
    ("80", (None, None, "80", "tcp")),
    ("8080:80", (None, "8080", "80", "tcp")),
    ("127.0.0.1:8080:80/udp", ("127.0.0.1", "8080", "80", "udp")),
    ("127.0.0.1::80", ("127.0.0.1", None, "80", "tcp")),
    ("8080-8081:80-81", (None, "8080-8081", "80-81", "tcp")),
    ("[::1]:8080:80", ("::1", "8080", "80", "tcp")),
    ("::1:8080:80", ("::1", "8080", "80", "tcp")),
    ("0.0.0.0:53:53/UDP", ("0.0.0.0", "53", "53", "udp")),
    ("", None),
    ("8080:", None),
])
def test_parse_port(text, expected):
    assert parse_port(text) == expected


def test_ports_short_long_and_variables():
    s, probs = svc("""\
        services:
          web:
            ports:
              - 80
              - "8080:80"
              - "127.0.0.1:9000:9000/udp"
              - "8080-8081:80-81"
              - "[::1]:5000:5000"
              - "${HOST_IP:-0.0.0.0}:443:443"
              - "${BIND}:22:22"
              - target: 3000
                published: "3001"
                host_ip: 10.0.0.1
                protocol: UDP
                mode: host
              - target: 4000
        """)
    assert probs == []
    got = [(p.host_ip, p.published, p.target, p.protocol, p.known) for p in s.ports]
    assert got == [
        (None, None, "80", "tcp", True),
        (None, "8080", "80", "tcp", True),
        ("127.0.0.1", "9000", "9000", "udp", True),
        (None, "8080-8081", "80-81", "tcp", True),
        ("::1", "5000", "5000", "tcp", True),
        ("0.0.0.0", "443", "443", "tcp", True),
        ("${BIND}", "22", "22", "tcp", False),
        ("10.0.0.1", "3001", "3000", "udp", True),
        (None, None, "4000", "tcp", True),
    ]
    assert s.ports[3].published_range == (8080, 8081) and s.ports[3].target_range == (80, 81)
    assert s.ports[0].span.line == 4 and s.ports[7].span.line == 11
    assert s.ports[7].mode == "host" and s.ports[7].raw is None
    assert s.ports[1].raw == "8080:80"


def test_bad_ports_are_problems_not_crashes():
    s, probs = svc("""\
        services:
          web:
            ports:
              - "8080:"
              - [1, 2]
              - published: 80
        """)
    assert s.ports == []
    # wrong types and a missing target are parse errors; a string that is not a port
    # mapping is a value Compose refuses, kept aside for SL401 (see linter.compose.portspec)
    assert [p.span.line for p in probs] == [5, 6]
    assert all(p.rule == "parse-error" for p in probs)
    assert [(n.span.line, what) for n, what in s.port_errors] == [
        (4, "ports[0]: '8080:' has no container port; write "
            "[HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL], e.g. '127.0.0.1:8080:80'")]


# ---------------------------------------------------------------------------- volumes


@pytest.mark.parametrize("text, expected", [
    ("/data", ["/data"]),
    ("data:/data:ro", ["data", "/data", "ro"]),
    ("C:\\host:/data", ["C:\\host", "/data"]),
    ("C:\\host:C:\\data:ro", ["C:\\host", "C:\\data", "ro"]),
])
def test_split_volume(text, expected):
    assert split_volume(text) == expected


def test_volumes_short_and_long():
    s, probs = svc("""\
        services:
          web:
            volumes:
              - data:/var/lib/data
              - ./conf:/etc/conf:ro
              - /var/run/docker.sock:/var/run/docker.sock
              - ~/cache:/cache:rw,z
              - /anonymous
              - ${DATA_DIR}:/srv
              - ${NAMED:-dbdata}:/db
              - ${LOCAL:-./local}:/local
              - type: bind
                source: /etc
                target: /host-etc
                read_only: true
                bind:
                  propagation: rslave
              - type: volume
                source: cache
                target: /cache2
              - type: tmpfs
                target: /tmp
        """)
    assert probs == []
    got = [(v.type, v.source, v.target, v.read_only, v.known) for v in s.volumes]
    assert got == [
        ("volume", "data", "/var/lib/data", False, True),
        ("bind", "./conf", "/etc/conf", True, True),
        ("bind", "/var/run/docker.sock", "/var/run/docker.sock", False, True),
        ("bind", "~/cache", "/cache", False, True),
        ("volume", None, "/anonymous", False, True),
        ("bind", "${DATA_DIR}", "/srv", False, False),
        ("volume", "dbdata", "/db", False, True),
        ("bind", "./local", "/local", False, True),
        ("bind", "/etc", "/host-etc", True, True),
        ("volume", "cache", "/cache2", False, True),
        ("tmpfs", None, "/tmp", False, True),
    ]
    assert s.volumes[3].options == ["rw", "z"]
    assert s.volumes[8].bind.str("propagation") == "rslave"
    assert s.volumes[0].is_named_volume and not s.volumes[4].is_named_volume
    assert s.volumes[2].is_bind and s.volumes[2].span.line == 6


# ----------------------------------------------------------------------------- deploy


def test_deploy_resources():
    s, probs = svc("""\
        services:
          web:
            deploy:
              resources:
                limits:
                  cpus: "0.50"
                  memory: 512M
                  pids: 100
                reservations:
                  memory: 128M
        """)
    assert probs == []
    assert s.deploy_limits.cpus.value == "0.50"
    assert s.deploy_limits.memory.value == "512M" and s.deploy_limits.memory.span.line == 7
    assert s.deploy_limits.pids.value == "100"
    assert s.deploy_reservations.memory.value == "128M" and s.deploy_reservations.cpus is None


def test_no_deploy():
    s, _ = svc("services:\n  web:\n    image: x\n")
    assert s.deploy is None and s.deploy_limits is None and s.deploy_reservations is None


# ---------------------------------------------------------------------------- robustness


def test_wrong_types_are_reported():
    cf, probs = make("""\
        services:
          web:
            image: [not, a, string]
            environment: 42
            cap_add: {a: b}
            ports: "80:80"
            volumes: /data
            deploy: yes
            build: [x]
            labels:
              - {a: b}
          bad: just-a-string
        """)
    web = cf.service("web")
    assert web.image is None and web.environment == [] and web.ports == [] and web.volumes == []
    assert cf.service("bad") is None
    lines = sorted(p.span.line for p in probs)
    assert lines == [3, 4, 5, 6, 7, 8, 9, 11, 12]
    assert all(p.rule == "parse-error" for p in probs)
    assert any("service 'web': 'ports' must be a list, not a string" == p.message for p in probs)


@pytest.mark.parametrize("text", [
    "", "# nothing\n", "- a\n", "just text\n", "services:\n", "services: [a, b]\n",
    "services:\n  web:\n    <<: *undefined\n", "services:\n  ? [a]\n  : {image: x}\n",
    "services:\n  web: !reset null\n", "services:\n  web:\n    image: !reset\n",
    "services:\n  web:\n    environment:\n      ? [a]\n      : b\n",
])
def test_odd_inputs_do_not_crash(text):
    docs, _ = yaml.load(text)
    build("x.yaml", docs)


def test_reset_and_non_string_service_names():
    docs, _ = yaml.load("services:\n  web: !reset null\n  ? [a]\n  : {image: x}\n  ok:\n    image: y\n")
    cf, probs = build("x.yaml", docs)
    assert [s.name for s in cf.services] == ["ok"]
    assert len(probs) == 1 and probs[0].span.line == 3 and "names" in probs[0].message


def test_non_mapping_root():
    docs, _ = yaml.load("- a\n")
    cf, probs = build("x.yaml", docs)
    assert cf is None and probs[0].rule == "parse-error"


def test_empty_file():
    assert build("x.yaml", yaml.load("")[0]) == (None, [])


@pytest.mark.slow
@pytest.mark.skipif(not (CORPUS / "compose").is_dir(), reason="corpus not available")
def test_corpus_builds():
    count = 0
    for path in sorted((CORPUS / "compose").iterdir()):
        docs, _ = yaml.load(path.read_text(encoding="utf-8-sig"))
        cf, _ = build(str(path), docs)
        if cf is not None:
            for s in cf.services:
                if s.image is not None:
                    s.image.reference  # noqa: B018 - must not raise
                count += 1
    assert count > 0
