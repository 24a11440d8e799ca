"""Compose projects: override files, overlays, include, extends; merging with positions."""

from __future__ import annotations

import textwrap

import pytest

from helpers import lint_text
from linter import yaml
from linter.compose import build
from linter.compose.merge import merge
from linter.compose.project import ComposeProjects, related_names
from linter.engine import Engine, load_rules, select_rules
from linter.runner import lint_paths


def write(tmp_path, name, text):
    p = tmp_path / name
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(textwrap.dedent(text), encoding="utf-8")
    return p


def load(path):
    docs, _ = yaml.load(path.read_text(encoding="utf-8"))
    cf, _ = build(str(path), docs)
    return cf


def project_of(cf, declared=None):
    """The project the pipeline would give ``cf`` in a run of its own."""
    return ComposeProjects(declared).attach(cf)


def lint(paths, *select):
    rules = load_rules()
    engine = Engine(select_rules(rules, select=list(select)) if select else rules)
    return lint_paths([str(p) for p in paths], engine).findings


# --------------------------------------------------------------------------- grouping


@pytest.mark.parametrize("name, overlay, expected", [
    ("compose.yaml", False, ["compose.override.yaml", "compose.override.yml"]),
    ("docker-compose.yml", False, ["docker-compose.override.yaml", "docker-compose.override.yml"]),
    ("docker-compose.prod.yml", True, ["docker-compose.yaml", "docker-compose.yml",
                                       "compose.yaml", "compose.yml"]),
    ("org__repo__compose.dev.yaml", True, ["org__repo__compose.yaml", "org__repo__compose.yml",
                                           "org__repo__docker-compose.yaml",
                                           "org__repo__docker-compose.yml"]),
    ("stack.yaml", False, []),
])
def test_related_names(name, overlay, expected):
    names, is_overlay = related_names(f"/nowhere/{name}")
    assert is_overlay == overlay
    assert [n.rsplit("/", 1)[-1] for n in names] == expected


def test_base_and_override_form_one_project(tmp_path):
    base = write(tmp_path, "compose.yaml", """\
        services:
          web:
            image: nginx:1.27
            networks: [front]
        """)
    write(tmp_path, "compose.override.yaml", """\
        services:
          web:
            ports: ["127.0.0.1:8080:80"]
        networks:
          front: {}
        """)
    p = project_of(load(base))
    assert not p.partial
    assert [f.path.rsplit("/", 1)[-1] for f in p.merge_order] == ["compose.yaml",
                                                                    "compose.override.yaml"]
    assert p.defines("networks", "front")
    # the override alone has a service without image: fine, the base gives it
    assert not [f for f in lint([tmp_path], "SL402", "SL407")]


def test_overlay_without_its_base_is_partial(tmp_path):
    overlay = write(tmp_path, "compose.prod.yaml", """\
        services:
          web:
            networks: [front]
            depends_on: [db]
        """)
    assert project_of(load(overlay)).partial
    assert lint([overlay], "SL402", "SL407") == []


def test_overlays_see_each_other_and_the_base(tmp_path):
    write(tmp_path, "compose.yaml", "services:\n  app:\n    image: app:1\n")
    write(tmp_path, "compose.observability.yaml", "services:\n  collector:\n    image: otel:1\n")
    agent = write(tmp_path, "compose.agent.yaml", """\
        services:
          agent:
            image: agent:1
            depends_on: [collector, app]
        """)
    p = project_of(load(agent))
    assert {"app", "collector", "agent"} <= p.service_names
    assert lint([agent], "SL402") == []


def test_include_and_extends_from_other_files(tmp_path):
    write(tmp_path, "infra/db.yaml", """\
        services:
          db:
            image: postgres:16
        networks:
          back: {}
        """)
    write(tmp_path, "common.yaml", """\
        services:
          base:
            image: app:1
            restart: always
        """)
    main = write(tmp_path, "compose.yaml", """\
        include:
          - infra/db.yaml
        services:
          web:
            extends: {file: common.yaml, service: base}
            depends_on: [db]
            networks: [back]
        """)
    p = project_of(load(main))
    assert not p.partial and "db" in p.service_names
    assert lint([main], "SL402", "SL407") == []
    web = p.merged_service("web")
    assert web.image.value == "app:1" and web.restart.value == "always"
    assert p.file_of(web.restart.node).endswith("common.yaml")


def test_missing_include_makes_the_project_partial(tmp_path):
    main = write(tmp_path, "compose.yaml", """\
        include: [missing.yaml]
        services:
          web:
            image: a:1
            depends_on: [db]
        """)
    assert project_of(load(main)).partial
    assert lint([main], "SL402") == []


def test_undefined_reference_is_reported_in_a_complete_project(tmp_path):
    main = write(tmp_path, "compose.yaml", """\
        services:
          web:
            image: a:1
            depends_on: [dbb]
          db:
            image: postgres:16
        """)
    (f,) = lint([main], "SL402")
    assert f.span.line == 4 and "did you mean 'db'" in f.message


def test_standard_input_has_no_siblings():
    found = lint_text("compose.yaml", "services:\n  web:\n    image: a:1\n    depends_on: [x]\n")
    assert [f.code for f in found if f.code == "SL402"] == ["SL402"]


# ---------------------------------------------------------------------------- merging


def test_merged_service_keeps_each_value_where_written(tmp_path):
    base = write(tmp_path, "compose.yaml", """\
        services:
          web:
            image: nginx:1.27
            privileged: true
            ports: ["8080:80", "127.0.0.1:9000:9000"]
            environment:
              A: "1"
              B: "2"
            command: [a, b]
            volumes: ["./a:/a"]
        """)
    write(tmp_path, "compose.override.yaml", """\
        services:
          web:
            privileged: false
            ports: ["8080:80/udp"]
            environment: [B=3, C=4]
            command: [c]
            volumes: !reset []
        """)
    p = project_of(load(base))
    web = p.merged_service("web")
    assert web.privileged.value == "false"
    assert p.file_of(web.privileged.node).endswith("compose.override.yaml")
    assert web.privileged.span.line == 3
    assert [(x.published, x.protocol) for x in web.ports] == [("8080", "tcp"), ("9000", "tcp"),
                                                              ("8080", "udp")]
    assert [(e.name, e.value.value) for e in web.environment] == [("A", "1"), ("B", "3"),
                                                                  ("C", "4")]
    assert [i.value for i in web.node.get("command").items] == ["c"]
    assert web.volumes == []
    assert web.image.value == "nginx:1.27" and p.file_of(web.image.node).endswith("compose.yaml")


def _y(text):
    return yaml.load(textwrap.dedent(text))[0][0].root


def test_merge_rules():
    base = _y("""\
        ports: ["127.0.0.1:80:80", "443:443"]
        volumes: ["./a:/data", "logs:/logs"]
        cap_add: [NET_ADMIN]
        healthcheck: {test: [CMD, a], interval: 5s}
        labels: {a: "1"}
        x-list: [1]
        """)
    over = _y("""\
        ports: ["127.0.0.1:80:80", "8443:443"]
        volumes: ["./b:/data"]
        cap_add: [NET_ADMIN, SYS_TIME]
        healthcheck: {test: [CMD, b]}
        labels: !override {b: "2"}
        x-list: [2]
        """)
    m = merge(base, over)
    get = lambda k: [i.value for i in m.get(k).items]  # noqa: E731
    assert get("ports") == ["443:443", "127.0.0.1:80:80", "8443:443"]
    assert get("volumes") == ["logs:/logs", "./b:/data"]
    assert get("cap_add") == ["NET_ADMIN", "SYS_TIME"]
    assert [i.value for i in m.get("healthcheck").get("test").items] == ["CMD", "b"]
    assert m.get("healthcheck").get("interval").value == "5s"
    assert m.get("labels").keys() == ["b"]
    assert get("x-list") == [1, 2]


def test_reset_removes_a_key():
    m = merge(_y("a: 1\nb: 2\n"), _y("b: !reset null\nc: 3\n"))
    assert m.keys() == ["a", "c"]


def test_values_an_override_replaces_are_not_reported(tmp_path):
    write(tmp_path, "compose.yaml", """\
        services:
          web:
            image: nginx:1.27
            restart: allways
            ports: ["8080:80"]
            stop_grace_period: 10 seconds
            environment: {A: "1"}
          db:
            image: postgres:16
            ports: ["5432:5432"]
        """)
    write(tmp_path, "compose.override.yaml", """\
        services:
          web:
            restart: always
            ports: !override ["127.0.0.1:8080:80"]
            environment: [B=2]
        """)
    found = lint([tmp_path], "SL410", "SL414", "SL415")
    assert [(f.path.rsplit("/", 1)[-1], f.span.line, f.code) for f in found] == [
        ("compose.yaml", 6, "SL414"), ("compose.yaml", 10, "SL410")]
    # without the override, the base values are what Compose uses
    (tmp_path / "compose.override.yaml").unlink()
    found = lint([tmp_path], "SL410", "SL414", "SL415")
    assert sorted(f.code for f in found) == ["SL410", "SL410", "SL414", "SL415"]


def test_superseded_keeps_mapping_entries_merged_with_a_list(tmp_path):
    base = write(tmp_path, "compose.yaml", """\
        services:
          web:
            image: a:1
            environment: {A: "1", B: "2"}
        """)
    write(tmp_path, "compose.override.yaml", "services:\n  web:\n    environment: [B=3]\n")
    cf = load(base)
    p = project_of(cf)
    env = cf.service("web").node.get("environment")
    a, b = env.entries
    assert not p.superseded(cf, "web", a.value) and p.superseded(cf, "web", b.value)


# ------------------------------------------------- files named together, any names

BASE = """\
    services:
      web:
        image: nginx:1.27
        privileged: true
    networks:
      front: {}
    """
PROD = """\
    services:
      web:
        privileged: false
        networks: [front]
      worker:
        image: registry.example.com/worker:2
        networks: [back]
    """


def _codes(findings):
    return sorted((f.code, f.path.rsplit("/", 1)[-1], f.span.line) for f in findings)


def test_files_with_any_names_are_one_project_when_named_together(tmp_path):
    base, prod = write(tmp_path, "base.yml", BASE), write(tmp_path, "prod.yml", PROD)
    rules = load_rules()
    engine = Engine(select_rules(rules, select=["SL402", "SL120"]))
    # alone, each file is judged by itself: prod overrides a service it does not define, so
    # it is a fragment whose references cannot be judged, and base is privileged
    alone = _codes(lint_paths([str(base), str(prod)], engine).findings)
    assert alone == [("SL120", "base.yml", 4)]
    together = _codes(lint_paths([str(base), str(prod)], engine,
                                 compose_files=[str(base), str(prod)]).findings)
    # merged: 'front' is defined by base, prod resets privileged; 'back' is still undefined
    assert together == [("SL402", "prod.yml", 7)], together
    p = project_of(load(prod), declared=[[str(base), str(prod)]])
    assert [f.path.rsplit("/", 1)[-1] for f in p.merge_order] == ["base.yml", "prod.yml"]
    # the declaration was for that run only: the next run sees the files alone again
    assert _codes(lint_paths([str(base), str(prod)], engine).findings) == alone


def test_merge_order_is_the_order_named(tmp_path):
    base, prod = write(tmp_path, "base.yml", BASE), write(tmp_path, "prod.yml", PROD)
    rules = load_rules()
    engine = Engine(select_rules(rules, select=["SL120"]))
    # prod first, base last: base's privileged: true wins, so it is reported
    found = _codes(lint_paths([str(base), str(prod)], engine,
                              compose_files=[str(prod), str(base)]).findings)
    assert found == [("SL120", "base.yml", 4)], found


def test_compose_file_in_dot_env_groups_like_compose(tmp_path):
    write(tmp_path, "base.yml", BASE)
    write(tmp_path, "prod.yml", PROD)
    (tmp_path / ".env").write_text('# read by docker compose\nexport COMPOSE_FILE="base.yml:prod.yml"\n')
    found = _codes(lint([tmp_path], "SL402", "SL120"))
    assert found == [("SL402", "prod.yml", 7)], found
    (tmp_path / ".env").write_text("COMPOSE_PATH_SEPARATOR=,\nCOMPOSE_FILE=base.yml,prod.yml\n")
    assert _codes(lint([tmp_path], "SL402", "SL120")) == [("SL402", "prod.yml", 7)]
    (tmp_path / ".env").write_text("OTHER=1\n")  # an edited .env is read again
    assert ("SL120", "base.yml", 4) in _codes(lint([tmp_path], "SL402", "SL120"))


def test_compose_file_in_a_dot_env_above(tmp_path, capsys):
    write(tmp_path, "deploy/base.yml", BASE)
    write(tmp_path, "deploy/prod.yml", PROD)
    (tmp_path / ".env").write_text("this line is not valid\nCOMPOSE_FILE=deploy/base.yml:deploy/prod.yml\n")
    assert _codes(lint([tmp_path], "SL402", "SL120")) == [("SL402", "prod.yml", 7)]
    assert "could not parse" not in capsys.readouterr().err  # dotenv's complaint is not ours


def test_compose_file_naming_one_file_reads_no_override(tmp_path):
    write(tmp_path, "compose.yaml", "services:\n  web:\n    image: nginx:1.27\n    privileged: true\n")
    write(tmp_path, "compose.override.yaml", "services:\n  web:\n    privileged: false\n")
    assert _codes(lint([tmp_path / "compose.yaml"], "SL120")) == []  # the override resets it
    (tmp_path / ".env").write_text("COMPOSE_FILE=compose.yaml\n")
    assert _codes(lint([tmp_path / "compose.yaml"], "SL120")) == [("SL120", "compose.yaml", 4)]


def test_a_missing_named_file_makes_the_project_partial(tmp_path):
    prod = write(tmp_path, "prod.yml", PROD)
    rules = load_rules()
    engine = Engine(select_rules(rules, select=["SL402"]))
    found = lint_paths([str(prod)], engine, compose_files=[str(tmp_path / "gone.yml"), str(prod)])
    assert not [f for f in found.findings if f.code == "SL402"]  # cannot tell: part is missing
    assert project_of(load(prod), declared=[[str(tmp_path / "gone.yml"), str(prod)]]).partial


def test_cli_compose_file_option(tmp_path):
    import json
    import subprocess
    import sys

    write(tmp_path, "base.yml", BASE)
    write(tmp_path, "prod.yml", PROD)
    r = subprocess.run([sys.executable, "-m", "linter", "check", "-f", "json", "--select",
                        "SL402,SL120", "--compose-file", "base.yml", "--compose-file", "prod.yml"],
                       cwd=tmp_path, capture_output=True, text=True)
    found = [(f["code"], f["path"], f["line"]) for f in json.loads(r.stdout)["findings"]]
    assert found == [("SL402", "prod.yml", 7)], (found, r.stderr)
    assert "in 1 of 2 files" in r.stderr


def test_secrets_are_reported_even_when_an_override_replaces_them(tmp_path):
    token = "ghp_" + "R8x2Kq9Lm4Nv7Bc1Zs6Df3Gh5Jk0Pw2Ty8Ue"
    write(tmp_path, "compose.yaml", f"""\
        services:
          web:
            image: nginx:1.27
            environment:
              GITHUB_TOKEN: {token}
        """)
    write(tmp_path, "compose.override.yaml", """\
        services:
          web:
            environment:
              GITHUB_TOKEN: ${GITHUB_TOKEN}
        """)
    assert [f.code for f in lint([tmp_path], "SL103", "SL500")] != []


def test_whole_file_checks_skip_values_an_override_replaces(tmp_path):
    write(tmp_path, "compose.yaml", "services:\n  web:\n    image: nginx:latest\n")
    write(tmp_path, "compose.override.yaml", "services:\n  web:\n    image: nginx:1.27\n")
    assert lint([tmp_path], "SL102") == []
    (tmp_path / "compose.override.yaml").unlink()
    assert [f.code for f in lint([tmp_path], "SL102")] == ["SL102"]


def test_compose_file_option_wants_files(tmp_path):
    import subprocess
    import sys

    r = subprocess.run([sys.executable, "-m", "linter", "check", "--compose-file", "."],
                       cwd=tmp_path, capture_output=True, text=True)
    assert r.returncode == 2 and "is not a file" in r.stderr


def test_an_override_on_standard_input_is_what_its_base_merges(tmp_path):
    import json
    import subprocess
    import sys

    write(tmp_path, "compose.yaml", "services:\n  web:\n    image: nginx:1.27\n    privileged: true\n")
    write(tmp_path, "compose.override.yaml", "services:\n  web:\n    ports: ['127.0.0.1:80:80']\n")
    buffer = "services:\n  web:\n    privileged: false\n"  # the editor's unsaved override
    r = subprocess.run([sys.executable, "-m", "linter", "check", "-f", "json", "--select", "SL120",
                        "compose.yaml", "-", "--stdin-filename", "compose.override.yaml"],
                       input=buffer, cwd=tmp_path, capture_output=True, text=True)
    assert json.loads(r.stdout)["findings"] == [], r.stdout


def test_a_buffer_stands_for_its_file_during_its_run_only(tmp_path):
    from linter.source import from_stdin  # noqa: F401  (the CLI path, in-process)

    write(tmp_path, "compose.yaml", "services:\n  web:\n    image: nginx:1.27\n    privileged: true\n")
    write(tmp_path, "compose.override.yaml", "services:\n  web:\n    ports: ['127.0.0.1:80:80']\n")
    rules = load_rules()
    engine = Engine(select_rules(rules, select=["SL120"]))
    base = str(tmp_path / "compose.yaml")
    assert [f.code for f in lint_paths([base], engine).findings] == ["SL120"]
    found = lint_paths([base, "-"], engine, stdin=b"services:\n  web:\n    privileged: false\n",
                       stdin_filename=str(tmp_path / "compose.override.yaml"))
    assert found.findings == []
    assert [f.code for f in lint_paths([base], engine).findings] == ["SL120"]  # the disk again
