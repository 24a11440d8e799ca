"""Configuration files and flags, through the real CLI."""

from __future__ import annotations

import json

import pytest

from helpers import RULES
from linter.config import ConfigError, Resolver
from test_cli import BAD_DOCKERFILE, run

COMPOSE = "services:\n  db:\n    image: postgres\n    user: root\n"


def _codes(stdout: str) -> set[str]:
    return {f["code"] for f in json.loads(stdout)["findings"]}


def test_yaml_config_select_ignore_and_severity(tmp_path):
    (tmp_path / "Dockerfile").write_text(BAD_DOCKERFILE)
    (tmp_path / ".shiplint.yaml").write_text(
        "ignore: [unpinned-image]\nseverity: {SL101: low}\n")
    r = run("check", str(tmp_path), "-f", "json")
    data = json.loads(r.stdout)["findings"]
    assert {f["code"] for f in data} == {"SL101"} and data[0]["severity"] == "low"


def test_pyproject_table_and_nearest_file_wins(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.shiplint]\nselect = ["SL102"]\n')
    (tmp_path / "Dockerfile").write_text(BAD_DOCKERFILE)
    sub = tmp_path / "svc"
    sub.mkdir()
    (sub / "Dockerfile").write_text(BAD_DOCKERFILE)
    (sub / ".shiplint.yaml").write_text("select: [SL101]\n")
    r = run("check", str(tmp_path), "-f", "json")
    by_dir = {(f["path"].rsplit("/", 2)[-2], f["code"]) for f in json.loads(r.stdout)["findings"]}
    assert by_dir == {(tmp_path.name, "SL102"), ("svc", "SL101")}


def test_cli_flags_override_the_file(tmp_path):
    (tmp_path / "Dockerfile").write_text(BAD_DOCKERFILE)
    (tmp_path / ".shiplint.yaml").write_text("select: [SL101]\n")
    r = run("check", str(tmp_path), "-f", "json", "--select", "SL102")
    assert _codes(r.stdout) == {"SL102"}


def test_select_by_peer_alias_and_code_prefix(tmp_path):
    (tmp_path / "Dockerfile").write_text(BAD_DOCKERFILE)
    assert _codes(run("check", str(tmp_path), "-f", "json", "--select", "DL3006").stdout) == {"SL102"}
    assert _codes(run("check", str(tmp_path), "-f", "json", "--select", "SL10").stdout) >= {
        "SL101", "SL102"}


@pytest.mark.parametrize("content,words", [
    ("selct: [SL101]\n", "unknown key 'selct' (did you mean 'select'?)"),
    ("select: [SL9999]\n", "'SL9999' matches no rule"),
    ("ignore: [DL3002]\n", "'DL3002' is a related check, not the same as any rule; name SL101"),
    ("ignore: [runs-as-rot]\n", "did you mean 'runs-as-root'?"),
    ("fail-on: severe\n", "fail-on: 'severe' is not one of"),
    ("select: SL101\n", "select: 'SL101' is not of type 'array'"),
    ("options: {nope: {x: 1}}\n", "options: unknown rule 'nope'"),
    ("select: [\n", "invalid YAML"),
    ("rule_set: '0.1'\n", "unknown key 'rule_set' (did you mean 'rule-set'?)"),
    ("rule-set: '9.9'\n", "rule-set: '9.9' is not a rule set"),
    ("preview-rule-set: '0.2'\n", "preview-rule-set: '0.2' is not one of: next"),
    ("locked: [runs-as-rot]\n", "locked: 'runs-as-rot' matches no rule"),
    ("exceptions: {rule: SL101}\n", "exceptions: {'rule': 'SL101'} is not of type 'array'"),
    ("exceptions: [{rule: SL101, reason: x, namespce: a}]\n",
     "exceptions #1: unknown key 'namespce' (did you mean 'namespace'?)"),
])
def test_config_typos_are_clear_errors(tmp_path, content, words):
    (tmp_path / "Dockerfile").write_text(BAD_DOCKERFILE)
    (tmp_path / ".shiplint.yaml").write_text(content)
    r = run("check", str(tmp_path))
    assert r.returncode == 2, r.stdout
    assert words in r.stderr and ".shiplint.yaml" in r.stderr, r.stderr


def test_bad_flag_values_are_usage_errors(tmp_path):
    r = run("check", str(tmp_path), "--select", "nonsense-rule")
    assert r.returncode == 2 and "matches no rule" in r.stderr
    r = run("check", str(tmp_path), "--severity", "SL101")
    assert r.returncode == 2
    r = run("check", str(tmp_path), "--profile", "strict")
    assert r.returncode == 2 and "profile" in r.stderr


def test_exclude_prunes_the_walk_and_force_exclude_applies_to_named_files(tmp_path):
    (tmp_path / "vendor").mkdir()
    (tmp_path / "vendor" / "Dockerfile").write_text(BAD_DOCKERFILE)
    (tmp_path / ".shiplint.yaml").write_text("exclude: [vendor]\n")
    assert run("check", str(tmp_path)).returncode == 0
    named = str(tmp_path / "vendor" / "Dockerfile")
    assert run("check", named).returncode == 1
    assert run("check", "--force-exclude", named).returncode == 0


def test_per_file_ignores(tmp_path):
    (tmp_path / "dev").mkdir()
    (tmp_path / "dev" / "compose.yaml").write_text(COMPOSE)
    (tmp_path / "compose.yaml").write_text(COMPOSE)
    (tmp_path / ".shiplint.yaml").write_text("per-file-ignores:\n  'dev/*': [SL101, SL104]\n")
    r = run("check", str(tmp_path), "-f", "json")
    found = {(f["path"].count("/dev/"), f["code"]) for f in json.loads(r.stdout)["findings"]}
    assert (1, "SL101") not in found and (0, "SL101") in found and (1, "SL102") in found


def test_fail_on_from_config_and_exit_zero(tmp_path):
    (tmp_path / "compose.yaml").write_text(
        "services:\n  a:\n    image: a:1\n    mem_limit: 1g\n")  # only a LOW finding
    only = ("--select", "SL104")
    assert run("check", str(tmp_path), *only).returncode == 1
    (tmp_path / ".shiplint.yaml").write_text("fail-on: medium\n")
    assert run("check", str(tmp_path), *only).returncode == 0
    assert run("check", str(tmp_path), *only, "--fail-on", "low").returncode == 1
    assert run("check", str(tmp_path), *only, "--fail-on", "low", "--exit-zero").returncode == 0


def test_explicit_config_and_config_command(tmp_path):
    cfg = tmp_path / "team.yaml"
    cfg.write_text("select: [SL101]\nfail-on: high\n")
    r = run("config", str(tmp_path), "--config", str(cfg))
    data = json.loads(r.stdout)
    assert data["source"] == str(cfg) and data["fail-on"] == "high"
    assert "SL101" in data["rules"] and "SL102" not in data["rules"]
    (tmp_path / "Dockerfile").write_text(BAD_DOCKERFILE)
    r = run("check", str(tmp_path), "-f", "json", "--config", str(cfg))
    assert _codes(r.stdout) == {"SL101"}


def test_resolver_rejects_pyproject_without_table_when_named(tmp_path):
    p = tmp_path / "pyproject.toml"
    p.write_text("[project]\nname = 'x'\n")
    with pytest.raises(ConfigError, match="no \\[tool.shiplint\\]"):
        Resolver(RULES, explicit=str(p))
    # found by discovery, it is simply not a shiplint configuration
    assert Resolver(RULES).for_path(str(tmp_path)).source is None


def test_rule_options_reach_the_check(tmp_path):
    from linter.engine import Engine, Hit, Rule
    from linter.dockerfile import Dockerfile
    from linter.findings import Severity
    from linter.runner import engine_for
    from linter.config import from_dict

    demo = Rule("XX200", "demo-options", Severity.LOW, "s", "r", "f",
                options={"trusted-registries": ["docker.io"]})

    @demo.check(Dockerfile)
    def check(df):
        yield Hit(df.stages[0].from_instruction, ",".join(demo.option("trusted-registries")))

    from helpers import lint_text
    assert lint_text("Dockerfile", "FROM a\n", Engine([demo]))[0].message == "docker.io"
    cfg = from_dict({"options": {"demo-options": {"trusted-registries": ["ghcr.io"]}}}, ".", None)
    assert lint_text("Dockerfile", "FROM a\n", engine_for(cfg, [demo]))[0].message == "ghcr.io"


def test_stdin_filename_drives_config_lookup_and_paths_in_every_format(tmp_path):
    sub = tmp_path / "svc"
    sub.mkdir()
    (sub / ".shiplint.yaml").write_text("select: [SL102]\n")
    name = str(sub / "Dockerfile")
    for fmt in ("text", "json", "json-lines", "sarif", "gnu", "github", "gitlab", "junit",
                "checkstyle"):
        r = run("check", "-", "--stdin-filename", name, "-f", fmt, stdin=BAD_DOCKERFILE,
                cwd=tmp_path)
        assert r.returncode == 1, (fmt, r.stderr)
        assert "SL102" in r.stdout and "SL101" not in r.stdout, fmt
        assert "svc/Dockerfile" in r.stdout, fmt


def test_kubernetes_version_flag_reaches_the_schema_rule(tmp_path):
    pytest.importorskip("kubernetes_validate")
    (tmp_path / "d.yaml").write_text(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  replicas: '3'\n"
        "  selector: {matchLabels: {a: b}}\n  template:\n    metadata: {labels: {a: b}}\n"
        "    spec:\n      containers: [{name: a, image: 'a:1'}]\n")
    r = run("check", str(tmp_path), "-f", "json", "--select", "SL390,SL391",
            "--kubernetes-version", "1.99")
    [f] = json.loads(r.stdout)["findings"]
    assert f["code"] == "SL391" and "'1.99'" in f["message"]
    r = run("check", str(tmp_path), "-f", "json", "--select", "SL390,SL391",
            "--kubernetes-version", "1.33")
    assert [f["code"] for f in json.loads(r.stdout)["findings"]] == ["SL390"]


def test_verbose_names_selected_rules_that_cannot_run(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    import linter.rules.dockerfile.sl290_shellcheck as sc
    from linter.cli import app

    monkeypatch.setattr(sc, "program", lambda: None)  # as on a machine without shellcheck
    (tmp_path / "Dockerfile").write_text("FROM alpine:3.20\nUSER 1\n")
    r = CliRunner().invoke(app, ["check", str(tmp_path), "--extend-select", "SL290", "--verbose"])
    assert "note: SL290 shellcheck is off: the shellcheck program is not installed" in r.output
    r = CliRunner().invoke(app, ["check", str(tmp_path), "--verbose"])
    assert "SL290" not in r.output  # not selected: nothing to say
    # asked for by name, the note comes without --verbose too; through ALL it does not
    r = CliRunner().invoke(app, ["check", str(tmp_path), "--extend-select", "shellcheck"])
    assert "note: SL290 shellcheck is off" in r.output
    r = CliRunner().invoke(app, ["check", str(tmp_path), "--select", "ALL"])
    assert "is off" not in r.output


def test_per_file_ignores_and_require_reason_as_flags(tmp_path):
    (tmp_path / "dev").mkdir()
    (tmp_path / "dev" / "Dockerfile").write_text("# shiplint: ignore=SL102\nFROM ubuntu\n")
    r = run("check", ".", "-f", "json", "--select", "SL1",  # globs are relative to the cwd
            "--per-file-ignores", "dev/*=runs-as-root", cwd=tmp_path)
    assert _codes(r.stdout) == set()
    r = run("check", str(tmp_path), "-f", "json", "--select", "SL1", "--require-reason")
    assert _codes(r.stdout) == {"SL101", "SL008"}
    assert run("check", str(tmp_path), "--per-file-ignores", "SL101").returncode == 2


def test_exceptions_locked_and_rule_set_in_pyproject(tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        '[tool.shiplint]\nrule-set = "0.1"\nlocked = ["runs-as-root"]\n'
        'exceptions = [\n  {rule = "SL104", service = "db", reason = "sized by the host", '
        'expires = 2999-01-01},\n]\n')
    cfg = Resolver(RULES).for_path(str(tmp_path / "compose.yaml"))
    assert cfg.rule_set == "0.1" and cfg.locked == ["runs-as-root"]
    [e] = cfg.exceptions
    assert (e.selectors, e.service, e.reason, str(e.expires), e.line) == (
        ("SL104",), "db", "sized by the host", "2999-01-01", 5)
    (tmp_path / "compose.yaml").write_text(COMPOSE)
    r = run("check", str(tmp_path), "-f", "json", "--select", "SL104")
    assert json.loads(r.stdout)["findings"] == []


def test_preview_rule_set_as_a_flag_reaches_the_configuration(tmp_path):
    (tmp_path / ".shiplint.yaml").write_text("select: [SL101]\n")
    cfg = Resolver(RULES, overrides={"preview-rule-set": "next"}).for_path(str(tmp_path))
    assert cfg.preview_rule_set == "next" and cfg.select == ["SL101"]
    with pytest.raises(ConfigError, match="preview-rule-set"):
        Resolver(RULES, overrides={"preview-rule-set": "0.3"})
