"""Compose rules SL401-SL432: the tricky cases beyond each rule's examples."""

from __future__ import annotations

import textwrap

import pytest

from helpers import lint_text
from linter.engine import Engine, load_rules, select_rules

RULES = load_rules()


def run(text: str, code: str):
    engine = Engine(select_rules(RULES, select=[code]))
    found = lint_text("compose.yaml", textwrap.dedent(text), engine)
    return [f for f in found if f.code == code]


def lines(text: str, code: str):
    return [f.span.line for f in run(text, code)]


# ------------------------------------------------------------------------ SL401 schema


def test_schema_error_is_not_reported_twice_with_the_tree_problem():
    found = lint_text("compose.yaml", "services:\n  web:\n    image: a:1\n    ports: '80:80'\n")
    assert [f.code for f in found if f.code in ("SL001", "SL401")] == ["SL001"]


def test_schema_findings_never_show_values():
    found = lint_text("compose.yaml", textwrap.dedent("""\
        services:
          web:
            image: a:1
            environment: {API_TOKEN: {nested: s3cr3t-value}}
            healthcheck: {test: [CMD, {x: s3cr3t-value}]}
        """))
    assert not [f for f in found if "s3cr3t" in f.message or "s3cr3t" in (f.fix or "")]
    (f,) = [f for f in found if f.code == "SL401"]
    assert f.message == "service 'web' healthcheck.test[1] must be a string, not a mapping"


# ------------------------------------------------------------------------ SL410 ports


@pytest.mark.parametrize("port, fires", [
    ("'8080:80'", True), ("'80'", True), ("'0.0.0.0:80:80'", True), ("'[::]:80:80'", True),
    ("'127.0.0.1:80:80'", False), ("'[::1]:80:80'", False), ("'10.0.0.5:80:80'", False),
    ("'${HOST_IP}:80:80'", False), ("'${HOST_IP:-127.0.0.1}:80:80'", False),
    ("'${HOST_IP:-0.0.0.0}:80:80'", True), ("'${PORT}:80'", True),
    ("{target: 80, published: 8080}", True), ("{target: 80, host_ip: 127.0.0.1, published: 80}", False),
    ("{target: 80, host_ip: '::', published: 80}", True),
])
def test_all_interfaces(port, fires):
    text = f"services:\n  web:\n    image: a:1\n    ports:\n      - {port}\n"
    assert bool(run(text, "SL410")) == fires


def test_all_interfaces_message_and_host_network():
    (f,) = run("services:\n  web:\n    image: a:1\n    ports: ['0.0.0.0:8080:80/udp']\n", "SL410")
    assert f.message == ("service 'web' publishes container port 80/udp as host port 8080 on "
                         "every host interface (host address '0.0.0.0')")
    assert f.fix == "bind it to one interface, e.g. '127.0.0.1:8080:80'"
    assert run("services:\n  web:\n    image: a:1\n    network_mode: host\n    ports: ['80:80']\n",
               "SL410") == []


def test_duplicate_ports():
    text = """\
        services:
          a:
            image: a:1
            ports: ["53:53/tcp", "53:53/udp", "127.0.0.1:8000-8010:8000-8010"]
          b:
            image: a:1
            ports: ["10.0.0.1:9000:80", "8005:80"]
          c:
            image: a:1
            ports: ["10.0.0.2:9000:80", "${P}:80", "${P:-9100}:80"]
          d:
            image: a:1
            ports: [{target: 53, published: 53, protocol: udp}]
          e:
            image: a:1
            ports: ["9100:81"]
        """
    found = run(text, "SL411")
    assert [(f.span.line, f.message) for f in found] == [
        (7, "service 'b' publishes host port 8005/tcp, which service 'a' already publishes "
            "(line 4)"),
        (13, "service 'd' publishes host port 53/udp, which service 'a' already publishes "
             "(line 4)"),
        (16, "service 'e' publishes host port 9100/tcp, which service 'c' already publishes "
             "(line 10)"),
    ]


def test_duplicate_ports_and_profiles():
    text = """\
        services:
          dev:
            image: a:1
            profiles: [dev]
            ports: ["127.0.0.1:80:80"]
          prod:
            image: a:1
            profiles: [prod]
            ports: ["127.0.0.1:80:80"]
          both:
            image: a:1
            profiles: [prod, debug]
            ports: ["127.0.0.1:80:80"]
        """
    assert lines(text, "SL411") == [13]


def test_duplicate_port_within_one_service():
    assert lines("services:\n  a:\n    image: a:1\n    ports: ['80:80', '80:80', '80:81']\n",
                 "SL411") == [4]


def test_base60_ports():
    text = "services:\n  a:\n    image: a:1\n    ports:\n      - 22:22\n      - 8080:22\n" \
           "      - 8080:80\n      - 127.0.0.1:22:22\n      - '22:22'\n"
    assert lines(text, "SL412") == [5, 6]


# ---------------------------------------------------------------- SL402-SL409 consistency


def test_undefined_references_of_every_kind():
    text = """\
        services:
          web:
            image: a:1
            networks: {front: {aliases: [w]}, backend: {}}
            volumes: ["dta:/data", "./x:/x", "${VOL}:/v"]
            secrets: [pw, {source: tls}]
            configs: [cfg]
            links: ["db:database"]
            volumes_from: ["service:cache:ro", "container:abc"]
            network_mode: service:vpn
            extends: basic
          db:
            image: a:1
        networks: {front: {}}
        volumes: {data: {}}
        secrets: {pw: {file: x}}
        configs: {other: {file: y}}
        """
    found = run(text, "SL402")
    msgs = [f.message for f in found]
    assert any("network 'backend'" in m for m in msgs)
    assert any("volume 'dta'" in m and "did you mean 'data'" in m for m in msgs)
    assert any("secret 'tls'" in m for m in msgs)
    assert any("config 'cfg'" in m for m in msgs)
    assert any("volumes_from names service 'cache'" in m for m in msgs)
    assert any("network_mode names service 'vpn'" in m for m in msgs)
    assert any("extends service 'basic'" in m for m in msgs)
    assert not any("'db'" in m or "'abc'" in m or "'front'" in m for m in msgs)


def test_fragment_files_are_not_reported():
    # uses network 'elk' with no networks section at all: a fragment for -f
    assert run("services:\n  x:\n    image: a:1\n    networks: [elk]\n    depends_on: [es]\n",
               "SL402") == []
    # a service without image: it overrides one defined elsewhere
    assert run("services:\n  a:\n    depends_on: [b]\n  c:\n    image: a:1\n    depends_on: [d]\n",
               "SL402") == []


def test_container_names_and_replicas():
    text = """\
        services:
          a: {image: a, container_name: web}
          b: {image: a, container_name: web}
          c: {image: a, container_name: "${NAME}"}
          d: {image: a, container_name: "${NAME}"}
          e: {image: a, container_name: w2, scale: "${N:-3}"}
          f: {image: a, container_name: w3, deploy: {replicas: 1}}
        """
    assert lines(text, "SL403") == [3]
    assert lines(text, "SL404") == [6]


def test_network_mode_with_networks():
    assert lines("services:\n  a:\n    image: a\n    network_mode: none\n    networks: []\n",
                 "SL405") == []
    assert lines("services:\n  a:\n    image: a\n    network_mode: 'service:b'\n"
                 "    networks: {x: {}}\n  b:\n    image: a\n", "SL405") == [4]


def test_cycles():
    text = """\
        services:
          a: {image: x, depends_on: [b]}
          b: {image: x, links: ["c:see"]}
          c: {image: x, depends_on: {a: {condition: service_started}}}
          d: {image: x, depends_on: [d]}
          e: {image: x, depends_on: [a]}
        """
    found = run(text, "SL406")
    assert [f.message for f in found] == [
        "services depend on each other in a cycle: a -> b -> c -> a",
        "services depend on each other in a cycle: d -> d",
    ]


def test_conflicting_resource_settings_compare_values():
    text = """\
        services:
          same:
            image: a
            mem_limit: 1g
            cpus: 1
            deploy: {resources: {limits: {memory: 1024M, cpus: "1.0"}}}
          differ:
            image: a
            pids_limit: 100
            scale: 2
            deploy: {replicas: 3, resources: {limits: {pids: 200}}}
          unknown:
            image: a
            mem_limit: ${MEM}
            deploy: {resources: {limits: {memory: 1G}}}
        """
    found = run(text, "SL408")
    assert [f.span.line for f in found] == [9, 10]
    assert "pids_limit '100' and deploy.resources.limits.pids '200'" in found[0].message


def test_duplicate_mount_targets():
    text = """\
        services:
          a:
            image: a
            volumes:
              - ./a:/data/
              - type: volume
                source: v
                target: /data
              - ./b:/other
        volumes: {v: {}}
        """
    (f,) = run(text, "SL409")
    assert f.span.line == 6 and "'/data' (the first on line 5)" in f.message


def test_service_without_image_is_opt_in():
    assert "SL407" not in {r.code for r in select_rules(RULES)}
    assert lines("services:\n  a:\n    environment: {A: '1'}\n  b:\n    extends: a\n", "SL407") \
        == [2, 4]


# -------------------------------------------------------------------- SL413-SL429 values


def test_durations():
    text = """\
        services:
          a:
            image: a
            stop_grace_period: 1m30s
            healthcheck:
              test: [CMD, x]
              interval: "30"
              timeout: 1.5s
              start_period: ${SP:-10 s}
              start_interval: ${SI}
            deploy:
              restart_policy: {delay: 5sec, window: 0}
        """
    found = run(text, "SL414")
    assert [f.span.line for f in found] == [7, 9, 12]
    assert "healthcheck.interval '30'" in found[0].message


@pytest.mark.parametrize("value, fires", [
    ("'no'", False), ("no", False), ("always", False), ("on-failure", False),
    ("on-failure:3", False), ("unless-stopped", False), ("${R}", False),
    ("allways", True), ("on-failure:x", True), ("'false'", True), ("${R:-sometimes}", True),
])
def test_restart_values(value, fires):
    assert bool(run(f"services:\n  a:\n    image: a\n    restart: {value}\n", "SL415")) == fires


def test_version_and_container_name_and_propagation():
    assert lines("version: '2.4'\nservices:\n  a:\n    image: a\n", "SL413") == [1]
    assert lines("services:\n  a:\n    image: a\n    container_name: -web\n", "SL422") == [4]
    assert lines("services:\n  a:\n    image: a\n    container_name: ${N}\n", "SL422") == []
    text = "services:\n  a:\n    image: a\n    volumes: ['/x:/x:ro,slave', '/y:/y:z']\n"
    assert lines(text, "SL416") == [4]


def test_healthcheck_test_and_healthy_dependencies():
    assert lines("services:\n  a:\n    image: a\n    healthcheck: {test: []}\n", "SL428") == [4]
    assert lines("services:\n  a:\n    image: a\n    healthcheck: {test: ['${T}', x]}\n",
                 "SL428") == []
    text = """\
        services:
          app:
            image: a
            depends_on:
              built: {condition: service_healthy}
              off: {condition: service_healthy}
              plain: {condition: service_healthy}
              fine: {condition: service_completed_successfully}
          built: {build: ./b}
          off: {image: a, healthcheck: {disable: true}}
          plain: {image: a}
          fine: {image: a}
        """
    found = run(text, "SL429")
    assert [f.span.line for f in found] == [6, 7]
    assert "'off' disables its healthcheck" in found[0].message


# ------------------------------------------------------------------ opt-in hardening/style


def test_opt_in_rules_are_off_by_default():
    default = {r.code for r in select_rules(RULES)}
    for code in ("SL417", "SL418", "SL419", "SL420", "SL421", "SL423", "SL424", "SL425",
                 "SL426", "SL427", "SL430", "SL431", "SL432"):
        assert code not in default
    for code in ("SL401", "SL402", "SL410", "SL411", "SL413", "SL414", "SL429"):
        assert code in default


def test_hardening_details():
    assert lines("services:\n  a:\n    image: a\n    deploy: {resources: {limits: {pids: 0}}}\n",
                 "SL417") == [4]
    assert lines("services:\n  a:\n    build: .\n", "SL418") == []  # Dockerfile may have one
    assert lines("services:\n  db-migrate:\n    image: a\n", "SL419") == []
    assert lines("services:\n  a:\n    image: a\n", "SL427") == []  # one service


def test_style_rules_ignore_merge_keys():
    text = """\
        x-base: &base
          restart: always
          zzz_label: 1
        services:
          b:
            <<: *base
            image: a
            depends_on: [a]
          a:
            image: a
        """
    assert lines(text, "SL431") == []
    assert lines(text, "SL423") == [9]
    assert lines(text, "SL425") == []


# ------------------------------------------------------------- SL433-SL435 definitions


@pytest.mark.parametrize("device, severity", [
    ("/dev/mem", "high"), ("/dev/nvme0n1p2:/dev/disk", "high"), ("/dev/mapper/vg-root", "high"),
    ("/dev/kmsg", "medium"), ("/dev/ttyUSB0", None), ("/dev/dri/renderD128", None),
    ("/dev/net/tun", None), ("${DEVICE}", None), ("${DEVICE:-/dev/sdb}", "high"),
])
def test_dangerous_devices(device, severity):
    found = run(f"services:\n  a:\n    image: a\n    devices: ['{device}']\n", "SL433")
    assert [str(f.severity) for f in found] == ([severity] if severity else [])


def test_dangerous_devices_long_syntax_and_cgroup_rules():
    text = """\
        services:
          a:
            image: a
            devices: [{source: /dev/sda, target: /dev/xvda, permissions: r}]
            device_cgroup_rules: ['b *:* rwm', 'c 1:3 mr']
        """
    assert lines(text, "SL433") == [4, 5]


def test_secret_without_source():
    text = """\
        secrets:
          a: {file: ./a}
          b: {name: shared}
          c: {external: true}
          d: {driver: vault}
        configs:
          e: {content: "x"}
          f: {labels: {k: v}}
        services: {}
        """
    assert lines(text, "SL434") == [3, 8]


def test_invalid_interpolation_positions_and_no_values():
    text = """\
        services:
          a:
            image: "app:${TAG"
            environment:
              PASSWORD: "pa$${x}ss-${}"
              OK: "${A:-${B:-c}} $$ $1"
            command: ["sh", "-c", "echo ${VAR:x}"]
        """
    found = run(text, "SL435")
    assert [(f.span.line, f.span.column) for f in found] == [(3, 17), (5, 28), (7, 33)]
    assert not [f for f in found if "pa$" in f.message or "ss-" in f.message]
    assert found[1].message == ("service 'a' environment.PASSWORD: invalid interpolation: "
                                "'${' is not followed by a variable name")


ODD = [
    "services:\n  web:\n    ports: [{target: [1]}, {published: {a: 1}}, 3.5, null, true]\n"
    "    volumes: [{}, 1, null]\n    depends_on: {a: [1], b: null, 1: 2}\n"
    "    networks: {null: null}\n    healthcheck: {test: [[1]], interval: 5}\n"
    "    deploy: {replicas: x, resources: {limits: {pids: [1]}}}\n    scale: [1]\n"
    "    extends: {service: [1]}\n    devices: [{source: null}]\n"
    "    device_cgroup_rules: [1]\n    restart: 5\n    container_name: 12\n"
    "    network_mode: [1]\n",
    "services:\n  a:\n    extends: a\n  b:\n    extends: {service: c}\n  c:\n    extends: b\n",
    "include: [1, {path: [null]}, {path: {a: b}}]\nservices:\n  a: {image: x}\nsecrets: [1]\n"
    "configs: {a: null, b: 1}\n",
    "services:\n  a:\n    image: x\n    command: '${'\n    environment: {'${': '${A:-${B'}\n",
    "services:\n  1: {image: x}\n  true: {image: y, depends_on: [1]}\n",
    "services:\n  web:\n    <<: *undefined\n", "services:\n  web: !reset null\n",
    "services:\n  a:\n    image: x\n    x-deep: " + "[" * 600 + "]" * 600 + "\n"
    "    environment: {A: " + "{a: " * 600 + "1" + "}" * 600 + "}\n",
]


@pytest.mark.parametrize("text", ODD)
def test_odd_files_never_crash_a_compose_rule(text):
    engine = Engine(select_rules(RULES, extend_select=["SL4"]))
    assert not [f for f in lint_text("compose.yaml", text, engine) if f.code == "SL007"]


@pytest.mark.parametrize("value, fires", [
    ("512m", False), ("1.5GiB", False), ("2gb", False), ("1024", False), ("'100 M'", False),
    ("-1", False), ("${M}", False), ("512 megabytes", True), ("1G RAM", True),
    ("${M:-lots}", True), ("'-2'", True),
])
def test_sizes(value, fires):
    text = f"services:\n  a:\n    image: a\n    memswap_limit: {value}\n"
    assert bool(run(text, "SL436")) == fires


def test_tmpfs_size_in_long_volume_syntax():
    text = "services:\n  a:\n    image: a\n    volumes:\n      - type: tmpfs\n" \
           "        target: /tmp\n        tmpfs: {size: 10 megs}\n"
    (f,) = run(text, "SL436")
    assert f.span.line == 7 and "volumes '/tmp' tmpfs.size" in f.message
