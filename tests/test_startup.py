"""Start-up: a plain one-file run imports only what its file and its output format need, and
the command line it parses without typer gets exactly the arguments typer would give.

No timing here (benchmarks/startup.py measures it): what is asserted is what a run does not
import, read from the interpreter's modules at exit."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from helpers import ROOT

#: what a plain text run over one Dockerfile must not import, and why it would be waste
NOT_FOR_A_DOCKERFILE = {
    "typer": "the command-line framework: a plain `check` is parsed without it",
    "pydantic": "typer's adapters",
    "rich": "typer's help and the progress bar (a one-file run shows none)",
    "jsonschema": "configuration and Compose validation: there is neither",
    "referencing": "jsonschema's",
    "sarif_om": "the SARIF report: the output is text",
    "attr": "sarif_om's and jsonschema's",
    "linter.report.sarif": "the SARIF report",
    "linter.report.json": "the JSON report",
    "ruamel": "YAML: there is none",
    "subprocess": "helm, kustomize and shellcheck (none of which runs here)",
    "importlib.metadata": "finding the rule packs (linter.entrypoints reads them)",
    "linter.compose": "the Compose model: rules of several formats name its targets by "
                      "module (Rule.check), the runner makes the projects for a Compose file",
    "linter.kubernetes.tree": "the Kubernetes model (the run's KubernetesSet needs none of it)",
    "linter.rules.kubernetes.pss": "the Pod Security helpers of SL101's Kubernetes check",
    "dotenv": "Compose's .env files",
    "linter.fix": "the fixer: a rule writes its text edits with linter.findings' primitives",
    "linter.kubernetes.schema": "the Kubernetes schemas (SL101's default version is the "
                                "package's DEFAULT_VERSION)",
    "linter.rendered": "placing what a rendering found: nothing is rendered",
    "linter.kustomize_placement": "placing what a Kustomize build found: there is none",
    "difflib": "'did you mean' hints (linter.suggest imports it when it writes one)",
    "datetime": "the days of exceptions and rule sets: there is no configuration",
}

_PROBE = """
import atexit, json, sys
atexit.register(lambda: print(json.dumps(sorted(sys.modules)), file=sys.stderr))
sys.argv = ["shiplint"] + sys.argv[1:]
from linter.cli import main
main()
"""


def _modules_of_run(tmp_path, *args: str, cwd=None) -> tuple[set[str], subprocess.CompletedProcess]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("SHIPLINT_", "GITHUB_", "GITLAB_"))}
    env["PYTHONPATH"] = str(ROOT)
    r = subprocess.run([sys.executable, "-c", _PROBE, *args], capture_output=True, text=True,
                       env=env, cwd=cwd or tmp_path, timeout=120)
    last = r.stderr.strip().splitlines()[-1]
    return set(json.loads(last)), r


def _loaded(modules: set[str], name: str) -> bool:
    return name in modules or any(m.startswith(name + ".") for m in modules)


def _rules_of(modules: set[str], family: str) -> list[str]:
    """The rule modules of a family among ``modules`` (its helpers may serve other families:
    ``kubernetes.pss`` is the runtime rules' too)."""
    return sorted(m for m in modules if m.startswith(f"linter.rules.{family}.sl"))


def test_a_plain_text_run_over_one_dockerfile_imports_nothing_it_does_not_need(tmp_path):
    (tmp_path / "Dockerfile").write_text("FROM python:3.12-slim\nRUN pip install flask\n"
                                         'CMD ["python", "app.py"]\n')
    modules, r = _modules_of_run(tmp_path, "check", "Dockerfile", "-f", "text", "--jobs", "1")
    assert r.returncode == 1, r.stderr[:300]
    assert "Dockerfile:1:1: SL101" in r.stdout  # it did lint
    loaded = {name: why for name, why in NOT_FOR_A_DOCKERFILE.items() if _loaded(modules, name)}
    assert loaded == {}
    # the rules of the kinds of file it does not lint
    assert [m for f in ("compose", "kubernetes", "controlplane", "crossformat")
            for m in _rules_of(modules, f)] == []
    assert _rules_of(modules, "dockerfile")
    # of the runtime family, only the rule that judges Dockerfiles (RULE_FORMATS)
    assert _rules_of(modules, "runtime") == ["linter.rules.runtime.sl101_runs_as_root"]


def test_the_json_report_still_loads_its_own_module(tmp_path):
    (tmp_path / "Dockerfile").write_text("FROM alpine:3.20\nUSER 1000\n")
    modules, r = _modules_of_run(tmp_path, "check", "Dockerfile", "-f", "json")
    assert r.returncode == 0, r.stderr[:300]
    assert json.loads(r.stdout)["findings"] == []
    assert "linter.report.json" in modules and not _loaded(modules, "typer")


def test_help_and_other_commands_still_go_through_typer(tmp_path):
    modules, r = _modules_of_run(tmp_path, "check", "--help")
    assert r.returncode == 0 and "Usage: shiplint check" in r.stdout
    assert _loaded(modules, "typer")
    modules, r = _modules_of_run(tmp_path, "check", "--no-such-option")
    assert r.returncode == 2
    assert "No such option: --no-such-option" in r.stderr


# --- the plain parser gives what typer gives ------------------------------------------------

PLAIN = [
    ["check"],
    ["check", "Dockerfile"],
    ["check", "a", "b", "-"],
    ["check", "Dockerfile", "-f", "json"],
    ["check", "-f", "sarif:out.sarif", "-f", "text", "x"],
    ["check", "--format=json", "x"],
    ["check", "x", "-q"],
    ["check", "x", "-qq"],
    ["check", "-q", "x", "--quiet"],
    ["check", "x", "--select", "SL1", "--select", "SL2,SL3", "--ignore", "SL101"],
    ["check", "x", "--jobs", "1"],
    ["check", "x", "-j", "4", "--max-results", "10"],
    ["check", "x", "--show-source", "--exit-zero", "--no-cache"],
    ["check", "x", "--config", "c.yaml", "--root", "r", "-o", "out.txt"],
    ["check", "x", "--output", "a", "--output", "b"],
    ["check", "x", "--fail-on", "high", "--profile", "restricted"],
]

#: what the plain parser leaves to typer (typer may accept some of them, differently)
NOT_PLAIN = [
    [], ["--version"], ["check", "--help"], ["check", "-h"], ["rules"], ["explain", "SL101"],
    ["check", "--bogus"], ["check", "-x"], ["check", "--jobs"], ["check", "--jobs", "two"],
    ["check", "--jobs", "-1"], ["check", "--jobs=+2"], ["check", "-fjson"], ["check", "-qv"],
    ["check", "--", "-file"], ["check", "--format="], ["check", "--show-source=yes"],
    ["check", "-o", "-"], ["check", "-f"], ["check", "--jobs", "٣"],
]


def _typer_kwargs(argv: list[str]) -> dict:
    """The keyword arguments typer passes to ``check`` for ``argv`` (``check ...``)."""
    import typer
    from typer.testing import CliRunner

    from linter import cli

    cli.app.real()  # the real app: check's defaults are typer's OptionInfo now
    seen: dict = {}

    def capture(**kwargs):
        seen.update(kwargs)

    capture.__signature__ = __import__("inspect").signature(cli.check)
    capture.__annotations__ = cli.check.__annotations__
    capture.__globals__.update({"List": __import__("typing").List,
                                "Optional": __import__("typing").Optional})
    one = typer.Typer()
    one.command("check")(capture)
    one.command("other")(lambda: None)
    r = CliRunner().invoke(one, argv)
    assert r.exit_code == 0, (argv, r.output)
    return seen


@pytest.mark.parametrize("argv", PLAIN, ids=" ".join)
def test_the_plain_parser_gives_what_typer_gives(argv):
    from linter import cli

    plain = cli.app.plain_call(argv)
    assert plain is not None, argv
    func, kwargs = plain
    assert func is cli.check
    assert kwargs == _typer_kwargs(argv)


@pytest.mark.parametrize("argv", NOT_PLAIN, ids=lambda a: " ".join(a) or "(none)")
def test_anything_else_is_left_to_typer(argv):
    from linter import cli

    assert cli.app.plain_call(argv) is None


def test_one_kubernetes_file_loads_no_typer_nor_dockerfile_rules(tmp_path):
    (tmp_path / "pod.yaml").write_text(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n"
        "    - name: c\n      image: nginx:1.27\n")
    modules, r = _modules_of_run(tmp_path, "check", "pod.yaml")
    assert r.returncode == 1 and "pod.yaml:" in r.stdout, r.stderr[:300]
    assert not [m for m in ("typer", "pydantic", "rich", "sarif_om") if _loaded(modules, m)]
    assert _rules_of(modules, "dockerfile") == [] and _rules_of(modules, "kubernetes")
    # nor the Dockerfile model and its parser (the rules of several formats name it by module)
    assert not [m for m in ("linter.dockerfile", "dockerfile_parse", "tree_sitter_bash")
                if _loaded(modules, m)]
    # nor jsonschema: a valid object passes SL390's quick check (when the schemas are there)
    assert not [m for m in ("jsonschema", "referencing") if _loaded(modules, m)]


def test_a_valid_compose_file_needs_no_jsonschema_and_an_invalid_one_gets_its_errors(tmp_path):
    (tmp_path / "compose.yaml").write_text(
        "services:\n  web:\n    image: nginx:1.27\n    x-note: {any: thing}\n"
        "    ports: ['8080:80']\nx-shared: 1\n")
    modules, r = _modules_of_run(tmp_path, "check", "compose.yaml", "--no-cache")
    assert "compose.yaml:" in r.stdout and "SL401" not in r.stdout, r.stderr[:300]
    assert not [m for m in ("jsonschema", "referencing") if _loaded(modules, m)]
    (tmp_path / "compose.yaml").write_text("services:\n  web:\n    image: nginx:1.27\n"
                                           "    restart_policy: always\n")
    modules, r = _modules_of_run(tmp_path, "check", "compose.yaml", "--no-cache")
    assert "compose.yaml:4:5: SL401" in r.stdout and _loaded(modules, "jsonschema")


@pytest.mark.parametrize("mutate", [
    lambda d: d["services"]["web"].update(ports=[{"target": "80"}, 8080, True]),  # a boolean
    lambda d: d["services"]["web"].update(bogus=1),
    lambda d: d["services"].update(db=[]),
    lambda d: d.update(networks={"n": {"driver": 1.5}}),
    lambda d: d["services"]["web"].update(deploy={"resources": {"limits": {"cpus": []}}}),
])
def test_the_quick_compose_check_never_passes_what_jsonschema_rejects(mutate):
    from linter.compose import schema

    data = {"services": {"web": {"image": "nginx", "x-any": [1]}}, "x-top": {}}
    assert schema._quick()(data) and not list(schema._validator().iter_errors(data))
    mutate(data)
    assert list(schema._validator().iter_errors(data))
    assert not schema._quick()(data)


# --- patterns compiled on first use ----------------------------------------------------------

def test_a_lazy_pattern_is_its_compiled_pattern():
    import copy
    import pickle
    import re

    from linter import lazyre

    p = lazyre.compile(r"(?P<word>[a-z]+)(\d*)", re.I)
    assert "match" not in vars(p)  # nothing compiled yet
    assert p.match("Ab12").group("word") == "Ab" and p.sub("-", "ab1 cd") == "- -"
    assert (p.pattern, p.flags & re.I, p.groups, dict(p.groupindex)) == \
        (r"(?P<word>[a-z]+)(\d*)", re.I, 2, {"word": 1})
    for other in (pickle.loads(pickle.dumps(p)), copy.deepcopy(p), copy.copy(p)):
        assert other.findall("a1 b2") == [("a", "1"), ("b", "2")]
    assert [m.span() for m in p.finditer("x y")] == [(0, 1), (2, 3)]
    assert p.split("a1 b", maxsplit=1) == ["", "a", "1", " b"]


# --- rules of the file's kinds alone, and only when no rule can be named ---------------------

def test_every_family_names_the_kinds_its_rules_check():
    import importlib

    import linter.rules as pack

    for family in pack.families():
        package = importlib.import_module(f"linter.rules.{family}")
        kinds = set(package.FORMATS)
        codes = {r.code for r in pack._family(family)}
        assert set(getattr(package, "RULE_FORMATS", {})) <= codes, family  # no stale code
        for module in pack._modules(family):
            rule = pack._rule(module)
            mine = set(pack._kinds(package, module))
            assert rule.formats and set(rule.formats) <= mine <= kinds, \
                (family, rule.code, rule.formats, mine)
            if rule.code in getattr(package, "RULE_FORMATS", {}):  # exactly what it checks
                assert mine == set(rule.formats), (family, rule.code, rule.formats, mine)


def test_the_rules_for_a_kind_are_those_of_the_whole_pack_that_check_it():
    import linter.rules as pack

    for kind in ("dockerfile", "compose", "kubernetes"):
        some = {r.code for r in pack.rules_for([kind])}
        assert {r.code for r in pack.RULES if kind in r.formats} <= some


@pytest.mark.parametrize("extra", [
    ["--select", "SL401"],           # a Compose rule, named on a Dockerfile run
    ["--ignore", "compose-schema-error"],
    ["-f", "sarif"],                 # SARIF lists every rule
])
def test_a_run_that_names_rules_loads_all_of_them(tmp_path, extra):
    (tmp_path / "Dockerfile").write_text("FROM alpine:3.20\nUSER 1000\n")
    modules, r = _modules_of_run(tmp_path, "check", "Dockerfile", *extra)
    assert r.returncode == 0, r.stderr[:300]
    assert _rules_of(modules, "compose")


def test_a_configuration_above_the_file_loads_every_rule(tmp_path):
    (tmp_path / ".shiplint.yaml").write_text("extend-select: [SL401]\n")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "Dockerfile").write_text("FROM alpine:3.20\nUSER 1000\n")
    modules, r = _modules_of_run(tmp_path, "check", "Dockerfile", cwd=tmp_path / "sub")
    assert r.returncode == 0, r.stderr[:300]  # the configuration names a Compose rule: valid
    assert _rules_of(modules, "compose")
    (tmp_path / ".shiplint.yaml").unlink()
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n")  # not shiplint's
    modules, r = _modules_of_run(tmp_path, "check", "Dockerfile", cwd=tmp_path / "sub")
    assert r.returncode == 0, r.stderr[:300]
    assert _rules_of(modules, "compose") == []


# --- rule packs found without importlib.metadata ---------------------------------------------

def test_entry_points_are_read_as_importlib_metadata_reads_them(tmp_path, monkeypatch):
    import importlib.metadata

    from linter.entrypoints import entry_points

    site = tmp_path / "site"
    for name, text in (("pack_a-1.0.dist-info", "[shiplint.rules]\na = pack_a:RULES [extra]\n"
                                                 "# a comment\n[other]\nx = y\n"),
                       ("Pack.A-2.0.dist-info", "[shiplint.rules]\nshadowed = pack_a\n"),
                       ("pack_b-0.1.egg-info", "[shiplint.rules]\n b =  pack_b.sub \n")):
        (site / name).mkdir(parents=True)
        (site / name / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\n")
        (site / name / "entry_points.txt").write_text(text)
    monkeypatch.syspath_prepend(str(site))
    for group in ("shiplint.rules", "console_scripts", "pytest11", "other"):
        ours = sorted((e.name, e.value) for e in entry_points(group))
        theirs = sorted((e.name, e.value) for e in importlib.metadata.entry_points(group=group))
        assert ours == theirs, group
    assert len([e for e in entry_points("shiplint.rules") if e.name != "builtin"]) == 2


# --- families loaded by content: the control plane's ------------------------------------------

def test_every_failing_example_of_a_family_loaded_by_content_holds_one_of_its_markers():
    """A family with ``MARKERS`` is left out of a run whose files hold none of them: each of
    its rules must then have nothing to say there: each of its failing examples holds one."""
    import importlib

    import linter.rules as pack

    found = 0
    for family in pack.families():
        markers = getattr(importlib.import_module(f"linter.rules.{family}"), "MARKERS", None)
        if markers is None:
            continue
        for rule in pack._family(family):
            for example in rule.failing:
                texts = [example.text, *(example.files or {}).values()]
                assert any(m in t.lower() for m in markers for t in texts), \
                    (rule.code, example.text)
                found += 1
    assert found > 60  # the control plane's, at least one each


def test_one_kubernetes_file_without_a_component_loads_no_control_plane_rule(tmp_path):
    (tmp_path / "pod.yaml").write_text(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n"
        "    - name: c\n      image: nginx:1.27\n")
    modules, r = _modules_of_run(tmp_path, "check", "pod.yaml")
    assert r.returncode == 1, r.stderr[:300]
    assert _rules_of(modules, "controlplane") == [] and _rules_of(modules, "kubernetes")


def test_a_control_plane_component_loads_the_control_plane_rules(tmp_path):
    (tmp_path / "apiserver.yaml").write_text(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: kube-apiserver\n  namespace: kube-system\n"
        "spec:\n  containers:\n    - name: kube-apiserver\n"
        "      image: registry.k8s.io/kube-apiserver:v1.31.0\n"
        "      command: [kube-apiserver, --anonymous-auth=true]\n")
    (tmp_path / "pod.yaml").write_text("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n")
    modules, r = _modules_of_run(tmp_path, "check", "pod.yaml", "apiserver.yaml")
    assert r.returncode == 1, r.stderr[:300]
    assert _rules_of(modules, "controlplane")
    assert "apiserver.yaml:" in r.stdout and "anonymous" in r.stdout.lower()
