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

from helpers import CORPUS, ROOT

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
    "linter.exceptions": "the configuration's exceptions: there is no configuration",
    "linter.baseline": "baselines: none is read or written",
    "dataclasses": "each @dataclass compiles its methods at import: the classes of a run's "
                   "path are plain ones (linter.plain)",
    "inspect": "dataclasses'",
}

_PROBE = """
import atexit, json, sys
atexit.register(lambda: print(json.dumps(sorted(sys.modules)), file=sys.stderr))
sys.argv = ["shiplint"] + sys.argv[1:]
from linter.cli import main
main()
"""


def _probe(probe: str, *args: str, cwd, env: dict | None = None,
           path: tuple = ()) -> subprocess.CompletedProcess:
    """A run of ``shiplint args`` through the script ``probe`` (which reports on stderr), in
    ``cwd``, without the environment's shiplint and CI settings. ``env``: more environment;
    ``path``: more directories on ``PYTHONPATH`` (a rule pack's)."""
    env = {**{k: v for k, v in os.environ.items()
              if not k.startswith(("SHIPLINT_", "GITHUB_", "GITLAB_"))}, **(env or {})}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), *map(str, path)])
    return subprocess.run([sys.executable, "-c", probe, *args], capture_output=True, text=True,
                          env=env, cwd=cwd, timeout=120)


def _modules_of_run(tmp_path, *args: str, cwd=None, env: dict | None = None,
                    path: tuple = ()) -> tuple[set[str], subprocess.CompletedProcess]:
    """The modules a run imported, and the run (``_probe``)."""
    r = _probe(_PROBE, *args, cwd=cwd or tmp_path, env=env, path=path)
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


def test_every_family_names_the_rules_off_by_default():
    """``OFF_BY_DEFAULT`` holds exactly the rules of the family that a run without
    configuration does not run: what ``linter.releases`` leaves out of today's default set."""
    import importlib

    import linter.rules as pack
    from linter import releases

    for family in pack.families():
        package = importlib.import_module(f"linter.rules.{family}")
        off = {r.code for r in pack._family(family)
               if not releases.in_default_set(r, releases.CURRENT)}
        assert set(getattr(package, "OFF_BY_DEFAULT", ())) == off, family


def test_the_rules_for_a_kind_are_those_of_the_default_set_that_check_it():
    """... but the checks across formats, over Kubernetes files alone: without a
    configuration (which a run choosing its rules by kind has not) only a Compose file ties
    an image to a Dockerfile (``LINKED_BY``). A rule off by default is not loaded: such a
    run does not run it."""
    import linter.rules as pack
    from linter import releases
    from linter.config import Config
    from linter.runner import engine_for

    linked = {r.code for r in pack._family("crossformat")}
    default = {r.code for r in engine_for(Config(), pack.RULES).rules}  # no configuration
    for kinds in (["dockerfile"], ["compose"], ["kubernetes"], ["compose", "kubernetes"]):
        some = {r.code for r in pack.rules_for(kinds)}
        every = {r.code for r in pack.RULES if set(kinds) & set(r.formats)}
        if "compose" not in kinds:
            assert not some & linked, kinds
            every -= linked
        assert every & default <= some <= every, kinds
        assert all(releases.in_default_set(r, releases.CURRENT) for r in pack.rules_for(kinds))


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


def test_a_pyproject_that_spells_shiplint_with_escapes_configures_the_run(tmp_path):
    """TOML spells a key's letters with escapes too: the table is shiplint's, and the
    opt-in rule it selects runs (a run that took the file for someone else's would not
    even load it: 'matches no rule')."""
    (tmp_path / "pyproject.toml").write_text(
        '[tool."\\u0073hiplint"]\nextend-select = ["SL234"]\n')
    (tmp_path / "Dockerfile").write_text("FROM alpine:3.20\nMAINTAINER someone\nUSER 1000\n")
    _, r = _modules_of_run(tmp_path, "check", "Dockerfile", "--no-cache")
    assert r.returncode == 1 and "SL234" in r.stdout, (r.stdout, r.stderr[:300])


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


def test_every_failing_example_of_a_rule_loaded_by_content_holds_one_of_its_markers():
    """A rule a family's ``RULE_MARKERS`` names is left out of a run whose files hold none
    of its markers: each of its failing examples holds one."""
    import importlib

    import linter.rules as pack

    found = 0
    for family in pack.families():
        by_rule = getattr(importlib.import_module(f"linter.rules.{family}"), "RULE_MARKERS", {})
        assert set(by_rule) <= {r.code for r in pack._family(family)}, family  # no stale code
        for rule in pack._family(family):
            for example in rule.failing if rule.code in by_rule else ():
                texts = [example.text, *(example.files or {}).values()]
                assert any(m in t.lower() for m in by_rule[rule.code] for t in texts), \
                    (rule.code, example.text)
                found += 1
    assert found >= 17


def test_one_pod_loads_no_rule_of_roles_ingresses_or_services(tmp_path):
    (tmp_path / "pod.yaml").write_text(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n"
        "    - name: c\n      image: nginx:1.27\n")
    (tmp_path / "role.yaml").write_text(
        "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: r}\n"
        "rules: [{apiGroups: ['*'], resources: ['*'], verbs: ['*']}]\n")
    modules, r = _modules_of_run(tmp_path, "check", "pod.yaml")
    assert r.returncode == 1, r.stderr[:300]
    rules = _rules_of(modules, "kubernetes")
    assert rules and not [m for m in rules if m.split(".")[-1][:5] in (
        "sl311", "sl317", "sl320", "sl325", "sl331", "sl333", "sl337")], rules
    modules, r = _modules_of_run(tmp_path, "check", "pod.yaml", "role.yaml")
    assert "role.yaml:4:" in r.stdout and "SL311" in r.stdout, r.stdout
    assert "linter.rules.kubernetes.sl311_rbac_wildcard" in modules


# what the rules chosen by content give each Kubernetes file of the corpus alone is what the
# whole pack gives it (about 10 s): left to .ci/run (`-m exhaustive`)
@pytest.mark.exhaustive
def test_rules_chosen_by_content_find_what_the_whole_pack_finds_on_the_corpus():
    from helpers import CORPUS

    from linter.config import Resolver
    from linter.engine import load_rules
    from linter.runner import lint_paths

    if not CORPUS.is_dir():
        pytest.skip("corpus not present")
    whole = Resolver(load_rules())
    left_out = 0
    for path in sorted((CORPUS / "kubernetes").iterdir()):
        data = path.read_bytes()
        chosen = load_rules(formats=("kubernetes",), texts=[data])
        left_out += len(whole.rules) - len(chosen)
        mine = lint_paths([str(path)], resolver=Resolver(chosen), jobs=1).findings
        theirs = lint_paths([str(path)], resolver=whole, jobs=1).findings
        assert theirs == mine, path.name
    assert left_out > 1000  # the markers did leave rules out


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


# --- a run answered by the cache imports no rule and parses nothing ---------------------------

#: what a run whose every file the cache answers must not import
NOT_WHEN_CACHED = ("linter.dockerfile", "dockerfile_parse", "tree_sitter", "linter.yaml",
                   "ruamel", "linter.compose", "linter.kubernetes.tree", "linter.releases",
                   "jsonschema")

FILES = {
    "Dockerfile": 'FROM python:3.12-slim\nRUN pip install flask\nCMD ["python", "app.py"]\n',
    "compose.yaml": "services:\n  web:\n    image: nginx:1.27\n    ports: ['8080:80']\n",
    "deployment.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n"
                       "  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n"
                       "      labels: {app: web}\n    spec:\n      containers:\n"
                       "        - name: web\n          image: nginx:1.27\n",
}


def _rule_modules(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if m.startswith("linter.rules.") and ".sl" in m)


def _cached_run(tmp_path, *args: str, **kw) -> tuple[set[str], subprocess.CompletedProcess]:
    env = {"XDG_CACHE_HOME": str(tmp_path / "xdg"), **kw.pop("env", {})}
    return _modules_of_run(tmp_path, *args, env=env, **kw)


@pytest.mark.parametrize("name", sorted(FILES))
def test_a_warm_run_imports_no_rule_and_no_parser(tmp_path, name):
    (tmp_path / name).write_text(FILES[name])
    cold_modules, cold = _cached_run(tmp_path, "check", name)
    assert cold.returncode == 1 and f"{name}:" in cold.stdout, cold.stderr[-500:]
    assert _rule_modules(cold_modules)
    modules, warm = _cached_run(tmp_path, "check", name)
    assert (warm.returncode, warm.stdout, warm.stderr.splitlines()[:-1]) == \
        (cold.returncode, cold.stdout, cold.stderr.splitlines()[:-1])
    assert _rule_modules(modules) == []
    assert [m for m in NOT_WHEN_CACHED if _loaded(modules, m)] == []
    # --no-cache lints it again, with the same output
    modules, again = _cached_run(tmp_path, "check", name, "--no-cache")
    assert again.stdout == cold.stdout and _rule_modules(modules)


def _pack(site, message: str) -> None:
    """A third-party rule pack, ``xpack``, installed in ``site`` (its entry point too): one
    rule, XP901, on every Dockerfile's first instruction."""
    (site / "xpack").mkdir(parents=True, exist_ok=True)
    (site / "xpack" / "__init__.py").write_text(
        "from linter.engine import Hit, Rule\nfrom linter.findings import Severity\n\n"
        "RULE = Rule(code='XP901', name='extra-pack-rule', severity=Severity.LOW, summary='s',"
        " rationale='r', remediation='f', security=False)\n\n\n"
        "@RULE.check('linter.dockerfile.tree:Dockerfile')\n"
        "def check(df):\n"
        f"    yield Hit(df.instructions[0], {message!r})\n")
    info = site / "xpack-1.0.dist-info"
    info.mkdir(exist_ok=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: xpack\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text("[shiplint.rules]\nxpack = xpack\n")


def test_what_a_warm_run_depends_on_still_invalidates_it(tmp_path):
    """An edited rule of a pack, a pack installed through an entry point, an edited
    configuration and a changed option each give a run that lints again."""
    import time

    (tmp_path / "Dockerfile").write_text(FILES["Dockerfile"])
    site = tmp_path / "site"
    site.mkdir()

    def run(*args: str) -> tuple[list[str], str]:
        modules, r = _cached_run(tmp_path, "check", "Dockerfile", *args, path=(site,))
        # the error first: the probe prints the modules it imported after it
        assert r.returncode in (0, 1), r.stderr[:1500]
        return _rule_modules(modules), r.stdout

    first = run()[1]
    assert "XP901" not in first
    assert run() == ([], first)  # warm
    _pack(site, "first message")  # a pack installed: a new rule set
    loaded, out = run()
    assert loaded and "XP901" in out and "first message" in out
    assert run() == ([], out)
    time.sleep(0.01)
    _pack(site, "second message")  # the pack's rule edited
    loaded, out = run()
    assert loaded and "second message" in out and "first message" not in out
    assert run() == ([], out)
    (tmp_path / ".shiplint.yaml").write_text("ignore: [SL101]\n")  # a configuration
    loaded, out = run()
    assert "SL101" not in out and "XP901" in out
    assert run() == ([], out)  # validated once: no rule imported to check it again
    (tmp_path / ".shiplint.yaml").write_text("ignore: [XP901]\n")  # edited
    loaded, out = run()
    assert "SL101" in out and "XP901" not in out
    assert run() == ([], out)
    loaded, out = run("--severity", "SL101=info")  # an option
    assert "SL101 [info]" in out
    assert run("--severity", "SL101=info") == ([], out)
    assert "SL101 [high]" in run()[1]


def test_the_code_fingerprint_follows_a_pack_by_its_files(tmp_path, monkeypatch):
    """A pack found through its entry point is fingerprinted by the files of its top-level
    package, without importing it."""
    import sys

    from linter import cache
    from linter.entrypoints import EntryPoint

    _pack(tmp_path, "one")
    monkeypatch.syspath_prepend(str(tmp_path))
    ep = EntryPoint("xpack", "xpack.sub:RULES", "shiplint.rules")
    before = cache.code_fingerprint(packs=[ep])
    assert "xpack" not in sys.modules
    assert cache.code_fingerprint(packs=[ep]) == before
    assert cache.code_fingerprint() != before  # the pack is part of it
    (tmp_path / "xpack" / "helpers.py").write_text("X = 1\n")  # a helper of the pack
    assert cache.code_fingerprint(packs=[ep]) != before
    assert cache.code_fingerprint(packs=[EntryPoint("other", "xpack.sub:RULES",
                                                    "shiplint.rules")]) != \
        cache.code_fingerprint(packs=[ep])


def test_the_code_fingerprint_follows_a_pack_module_kept_outside_its_package(
        tmp_path, monkeypatch):
    """An editable install maps ``linter.rules`` to a checkout's ``rules/``, outside
    ``linter/``: an edit there is new code (a warm run once answered from what the rules
    found before the edit). Here the same with a pack whose ``zpack.rules`` lives in a
    directory of its own, the package above it imported (as ``linter`` is)."""
    import importlib.util
    import sys

    from linter import cache
    from linter.entrypoints import EntryPoint

    (tmp_path / "site" / "zpack").mkdir(parents=True)
    elsewhere = tmp_path / "checkout" / "rules"
    elsewhere.mkdir(parents=True)
    (elsewhere / "__init__.py").write_text("RULES = []\n")
    (elsewhere / "helpers.py").write_text("X = 1\n")
    (tmp_path / "site" / "zpack" / "__init__.py").write_text("")

    class Editable:
        """What an editable install's finder does: zpack.rules is checkout/rules."""

        @staticmethod
        def find_spec(name, path=None, target=None):
            if name != "zpack.rules":
                return None
            return importlib.util.spec_from_file_location(
                name, elsewhere / "__init__.py", submodule_search_locations=[str(elsewhere)])

    monkeypatch.setattr(sys, "meta_path", [Editable, *sys.meta_path])
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    monkeypatch.delitem(sys.modules, "zpack", raising=False)
    import zpack  # noqa: F401 - the package above the pack's module, imported

    ep = EntryPoint("zpack", "zpack.rules:RULES", "shiplint.rules")
    before = cache.code_fingerprint(packs=[ep])
    assert "zpack.rules" not in sys.modules  # found, not run
    (elsewhere / "helpers.py").write_text("X = 2  # edited\n")
    assert cache.code_fingerprint(packs=[ep]) != before
    monkeypatch.delitem(sys.modules, "zpack")


def test_rule_modules_are_listed_as_pkgutil_lists_them():
    import importlib
    import pkgutil

    import linter.rules as pack

    assert pack.families() == sorted(i.name for i in pkgutil.iter_modules(pack.__path__)
                                     if i.ispkg)
    for family in pack.families():
        package = importlib.import_module(f"linter.rules.{family}")
        assert pack._modules(family) == sorted(
            i.name for i in pkgutil.walk_packages(package.__path__, package.__name__ + ".")
            if not i.ispkg and pack.RULE_MODULE.match(i.name.rsplit(".", 1)[-1])), family


# --- one YAML file: the rules of its kind alone ----------------------------------------------

@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus not present")
def test_the_kinds_told_from_a_yaml_files_bytes_hold_the_kind_it_is_linted_as():
    """``cli._yaml_kinds`` leaves out the rules of a kind only when the file cannot be of it:
    on every YAML file of the corpus, the kind the parser gives is among them."""
    from helpers import CORPUS

    from linter import cli
    from linter.discovery import YAML, kind_by_name
    from linter.parse import parse
    from linter.source import read

    seen = {"compose": 0, "kubernetes": 0}
    for path in sorted(CORPUS.rglob("*")):
        if not path.is_file() or kind_by_name(str(path)) != YAML:
            continue
        parsed = parse(read(str(path)), True)
        if parsed.kind in seen:
            assert parsed.kind in cli._yaml_kinds(str(path)), path
            seen[parsed.kind] += 1
    assert seen["compose"] > 200 and seen["kubernetes"] > 1000


@pytest.mark.parametrize("name, text, kinds", [
    ("pod.yaml", FILES["deployment.yaml"], ("kubernetes",)),
    ("services.yaml", FILES["compose.yaml"], ("compose",)),
    ("compose.yaml", "name: x\n", ("compose",)),  # by its name
    ("odd.yaml", '"\\x73ervices": {web: {image: x}}\n', ("compose", "kubernetes")),  # escaped
    ("both.yaml", "services: {}\n---\napiVersion: v1\nkind: Pod\n", ("compose", "kubernetes")),
    ("plain.yaml", "a: 1\n", ()),
    ("kustomization.yaml", "resources: []\n", ("compose", "kubernetes")),
])
def test_what_a_yaml_file_may_be(tmp_path, name, text, kinds):
    from linter import cli

    (tmp_path / name).write_text(text)
    assert cli._yaml_kinds(str(tmp_path / name)) == kinds


def test_a_file_of_a_chart_may_be_both(tmp_path):
    from linter import cli

    (tmp_path / "Chart.yaml").write_text("apiVersion: v2\nname: c\nversion: 1.0.0\n")
    assert cli._yaml_kinds(str(tmp_path / "Chart.yaml")) == ("compose", "kubernetes")


def test_one_compose_file_loads_no_kubernetes_rule_and_one_manifest_no_compose_rule(tmp_path):
    (tmp_path / "compose.yaml").write_text(FILES["compose.yaml"])
    (tmp_path / "deployment.yaml").write_text(FILES["deployment.yaml"])
    modules, r = _modules_of_run(tmp_path, "check", "compose.yaml", "--no-cache")
    assert r.returncode == 1 and "compose.yaml:" in r.stdout, r.stderr[-300:]
    assert _rules_of(modules, "compose") and _rules_of(modules, "kubernetes") == []
    modules, r = _modules_of_run(tmp_path, "check", "deployment.yaml", "--no-cache")
    assert r.returncode == 1 and "deployment.yaml:" in r.stdout, r.stderr[-300:]
    assert _rules_of(modules, "kubernetes") and _rules_of(modules, "compose") == []


def test_a_configuration_is_validated_once_and_an_invalid_one_every_time(tmp_path):
    (tmp_path / "Dockerfile").write_text(FILES["Dockerfile"])
    (tmp_path / ".shiplint.yaml").write_text("ignore: [SL102]\nseverity: {SL101: low}\n")
    modules, r = _cached_run(tmp_path, "check", "Dockerfile")
    assert r.returncode == 1 and "SL101 [low]" in r.stdout, r.stderr[-300:]
    assert _loaded(modules, "jsonschema") and _rule_modules(modules)
    modules, again = _cached_run(tmp_path, "check", "Dockerfile")
    assert again.stdout == r.stdout
    assert not _loaded(modules, "jsonschema") and _rule_modules(modules) == []
    (tmp_path / ".shiplint.yaml").write_text("ignore: [SL999]\n")
    for _ in range(2):
        modules, bad = _cached_run(tmp_path, "check", "Dockerfile")
        assert bad.returncode == 2 and "'SL999' matches no rule" in bad.stderr
    modules, bad = _cached_run(tmp_path, "check", "Dockerfile", "--severity", "SL999=low")
    assert bad.returncode == 2 and "SL999" in bad.stderr


def test_settings_known_valid_are_kept_under_the_code_that_validated_them(tmp_path, monkeypatch):
    from linter import cache

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    data = {"ignore": ["SL101"]}
    one, other = cache.Validated("code"), cache.Validated("other code")
    assert not one.known(data)
    one.remember(data)
    assert cache.Validated("code").known(data) and not cache.Validated("code").known({})
    assert not other.known(data) and not one.known({"ignore": ["SL102"]})


#: what a one-file Dockerfile run leaves alone, and why (the Dockerfile model's own part of
#: issue #14; the probe prints with ``repr``: the json package may be among them)
NOT_FOR_A_PLAIN_DOCKERFILE = {
    "linter.yaml": "the secret rules bind its nodes when they first scan a YAML tree",
    "urllib.parse": "SL280 needs it only for a url label of a label schema",
    "ipaddress": "urllib.parse's",
    "tree_sitter": "a plain RUN (`pip install flask`) is read without it",
    "importlib.resources": "tree-sitter-bash's __init__ (its highlight queries)",
}

#: what the run itself imports (``site`` may have imported urllib.parse before it)
_REPR_PROBE = _PROBE.replace(
    "import atexit, json, sys", "import atexit, sys\nBEFORE = set(sys.modules)").replace(
    "json.dumps(sorted(sys.modules))", "repr(sorted(set(sys.modules) - BEFORE))")


def _modules_of_dockerfile_run(tmp_path, text: str) -> set[str]:
    import ast

    (tmp_path / "Dockerfile").write_text(text)
    r = _probe(_REPR_PROBE, "check", "Dockerfile", "--no-cache", "-f", "text", "--jobs", "1",
               cwd=tmp_path)
    assert r.returncode == 1 and "Dockerfile:" in r.stdout, r.stderr[-300:]
    return set(ast.literal_eval(r.stderr.strip().splitlines()[-1]))


def test_a_dockerfile_run_imports_no_yaml_url_parser_nor_tree_sitter_it_can_do_without(
        tmp_path):
    modules = _modules_of_dockerfile_run(
        tmp_path, 'FROM python:3.12-slim\nRUN pip install flask\nCMD ["python", "app.py"]\n')
    assert {n: why for n, why in NOT_FOR_A_PLAIN_DOCKERFILE.items() if _loaded(modules, n)} == {}
    # a RUN the plain path cannot read loads tree-sitter, and its grammar's binding alone
    modules = _modules_of_dockerfile_run(
        tmp_path, "FROM debian:12\nRUN apt-get update && rm -rf /var/lib/apt/lists/*\n")
    assert "tree_sitter" in modules
    assert not _loaded(modules, "importlib.resources") and "tree_sitter_bash" not in modules


def test_the_dockerfile_model_defines_no_dataclass():
    from linter.dockerfile import packages, parser, shell, tree

    made = [f"{m.__name__}.{name}" for m in (tree, shell, packages, parser)
            for name, obj in vars(m).items()
            if isinstance(obj, type) and obj.__module__ == m.__name__
            and hasattr(obj, "__dataclass_fields__")]
    assert made == []


# --- one Kubernetes manifest, one Compose file (issue #14) -----------------------------------

#: what a run over one file of a YAML kind does not import, and why
NOT_FOR_A_MANIFEST = {
    "linter.compose.tree": "the Compose model (is_compose is the package's)",
    "linter.compose.project": "the Compose project",
    "linter.rules.crossformat.sl143_compose_user_undoes_dockerfile_user": "a Compose rule",
}
NOT_FOR_A_COMPOSE_FILE = {
    "linter.kubernetes.tree": "the Kubernetes model (k8s_value is the package's)",
    "linter.rules.crossformat.linked": "the Kubernetes side of the cross-format rules",
}
NOT_FOR_EITHER = {
    "linter.fix": "made with a fix only", "difflib": "linter.fix's", "shlex": "sh -c only",
    "dataclasses": "plain classes",
}  # (ipaddress and pathlib neither, but this interpreter's site imports them)


@pytest.mark.parametrize("name, text, not_needed", [
    ("deployment.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n"
     "  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n"
     "    spec:\n      containers:\n      - {name: web, image: nginx:1.27, "
     "ports: [{containerPort: 80}]}\n", NOT_FOR_A_MANIFEST),
    ("compose.yaml", 'services:\n  web:\n    image: nginx:1.27\n    ports: ["8080:80"]\n',
     NOT_FOR_A_COMPOSE_FILE),
])
def test_one_file_of_a_yaml_kind_imports_only_its_kind(tmp_path, name, text, not_needed):
    (tmp_path / name).write_text(text)
    modules, r = _modules_of_run(tmp_path, "check", name, "--no-cache", "--jobs", "1")
    assert r.returncode == 1 and f"{name}:" in r.stdout, r.stderr[-300:]  # it did lint
    own = {m: why for m, why in not_needed.items() if _loaded(modules, m)}
    assert own == {}
    other = "compose" if name == "deployment.yaml" else "kubernetes"
    assert _rules_of(modules, other) == []
    # the lead's: what the other areas import (engine, Dockerfile) is theirs to remove
    shared = {m for m in NOT_FOR_EITHER if _loaded(modules, m)}
    assert shared == set()


#: the modules of the engine (not of a kind of file's model, nor the rules, nor the lead's
#: batch) that a one-file run of each kind imports
_NOT_ENGINE = ("linter.batch", "linter.dockerfile", "linter.yaml", "linter.kubernetes",
               "linter.compose", "linter.rules")


@pytest.mark.parametrize("name", ["Dockerfile", "compose.yaml", "deployment.yaml"])
def test_the_engine_builds_no_dataclass_on_a_one_file_run(tmp_path, name):
    """Each ``@dataclass`` compiles its methods at import (linter.plain): the engine's
    classes on this path are plain ones. (Once the models and the rules have none either,
    ``dataclasses`` joins the modules a run must not import.)"""
    import ast
    import importlib.util

    (tmp_path / name).write_text(FILES[name])
    modules, r = _modules_of_run(tmp_path, "check", name, "--no-cache")
    assert r.returncode == 1 and f"{name}:" in r.stdout, r.stderr[-300:]
    engine = sorted(m for m in modules if _loaded({m}, "linter")
                    and not any(_loaded({m}, other) for other in _NOT_ENGINE))
    assert "linter.findings" in engine and "linter.runner" in engine
    using = []
    for module in engine:
        tree = ast.parse(open(importlib.util.find_spec(module).origin).read())
        for node in tree.body:  # imported at the top: when the run imports the module
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module] if isinstance(node, ast.ImportFrom) else []
            if "dataclasses" in names:
                using.append(module)
    assert using == []


@pytest.mark.parametrize("value", ["a", "a.b:c", "a.b : c.d", "a.b:c [x]", "a [x,y]", "a:",
                                   "a b", " a", "a:b c", "a:[x]", "a[x", "a[x]y", "a:b]",
                                   "a.b:c.d [x] ", "ä.b:c", "a-b:c", "a:b:c", "", "a[]",
                                   "a: b", "a:b [x]]", "1:2"])
def test_an_entry_point_value_reads_as_importlib_metadata_reads_it(value):
    """``linter.entrypoints`` reads ``module:attr [extras]`` without the regular expression
    importlib.metadata uses (compiling it cost every run a quarter of a millisecond)."""
    import re

    from linter.entrypoints import _value

    match = re.match(r"(?P<module>[\w.]+)\s*(:\s*(?P<attr>[\w.]+)\s*)?((?P<extras>\[.*\])\s*)?$",
                     value)
    assert _value(value) == ((match.group("module"), match.group("attr") or "") if match
                             else None)


def test_a_distribution_name_is_normalised_as_importlib_metadata_normalises_it():
    import itertools
    import re

    from linter.entrypoints import _normalized

    for n in range(6):
        for chars in itertools.product("aB-_.9", repeat=n):
            name = "".join(chars)
            assert _normalized(name) == re.sub(r"[-_.]+", "-", name).lower().replace("-", "_")


_COMPILES = """
import builtins, sys
calls = []
real = builtins.compile
# a module's source (bytes) is compiled by the import system where no bytecode is cached
builtins.compile = lambda *a, **k: (isinstance(a[0], str) and calls.append(a[0][:60])) or \
    real(*a, **k)
sys.argv = ["shiplint"] + sys.argv[1:]
from linter.cli import main
try:
    main()
finally:
    print(repr(calls), file=sys.stderr)
"""


@pytest.mark.parametrize("name", ["Dockerfile", "compose.yaml", "deployment.yaml"])
def test_a_one_file_run_compiles_no_source_text(tmp_path, name):
    """A process's first ``compile()`` sets up the AST types (1 ms); typing calls it for a
    string annotation it must check (a ``typing.NamedTuple`` field, a ``ForwardRef`` in an
    alias), which ``from __future__ import annotations`` makes of every annotation. The
    named tuples and aliases on a run's path are written so that none is compiled."""
    assert _probe_one_file(tmp_path, _COMPILES, name) == "[]"


def _probe_one_file(tmp_path, probe: str, name: str) -> str:
    """Run ``probe`` as ``shiplint check NAME --no-cache`` over ``FILES[name]`` (which has a
    finding); the last line it printed on stderr."""
    (tmp_path / name).write_text(FILES[name])
    r = _probe(probe, "check", name, "--no-cache", cwd=tmp_path)
    assert r.returncode == 1 and f"{name}:" in r.stdout, r.stderr[-300:]
    return r.stderr.strip().splitlines()[-1]


_TYPING = """
import atexit, builtins, json, sys
importers = set()
real = builtins.__import__


def record(name, globals=None, *args, **kwargs):  # every `import typing` / `from typing ...`
    if name == "typing" or name.startswith("typing."):
        importers.add((globals or {}).get("__name__", "?"))
    return real(name, globals, *args, **kwargs)


builtins.__import__ = record
atexit.register(lambda: print(json.dumps(["typing" in sys.modules, sorted(importers)]),
                              file=sys.stderr))
sys.argv = ["shiplint"] + sys.argv[1:]
from linter.cli import main
main()
"""

#: who may import ``typing`` on a one-file run of each kind, and why
TYPING_IMPORTERS = {
    # importing typing costs about 2 ms of start-up; our modules import it only under
    # ``TYPE_CHECKING`` (a constant, not typing's), so a Dockerfile run never loads it
    "Dockerfile": set(),
    # ruamel.yaml 0.19's ``main`` module imports typing at run time (its other modules only
    # under ``if False:``), and a YAML run does not import it (``linter.yaml._ruamel_parts``;
    # a file libyaml refuses, read through ruamel's ``YAML``, does)
    "compose.yaml": set(),
    "deployment.yaml": set(),
}


@pytest.mark.parametrize("name", sorted(TYPING_IMPORTERS))
def test_a_one_file_run_does_not_import_typing_for_our_annotations(tmp_path, name):
    """Our annotations are strings (``from __future__ import annotations``) and the names in
    them are imported under ``TYPE_CHECKING``; a name used at run time comes from
    ``collections`` / ``collections.abc`` (start-up, issue #14). ``linter.cli`` gives typer
    the names its commands' annotations use when the typer app is built."""
    loaded, importers = json.loads(_probe_one_file(tmp_path, _TYPING, name))
    assert set(importers) <= TYPING_IMPORTERS[name]  # none of ours
    assert loaded == bool(importers)  # and nothing imports it without an import statement
