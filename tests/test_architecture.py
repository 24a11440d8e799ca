"""The house rules of the code base: the rule code is the address, one declaration form,
imports that run one way."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from helpers import RULES, ROOT
from linter.engine import CORE_RULES
from linter.rule import Rule

RULE_FILE = re.compile(r"^(sl\d{3,})_([a-z0-9_]+)\.py$")
PIPELINE = ("linter.runner", "linter.cli", "linter.discovery", "linter.kustomize", "linter.helm",
            "linter.render", "linter.rendered", "linter.config", "linter.baseline",
            "linter.report", "linter.suppress")


def _rule_files() -> list[Path]:
    return sorted(p for base in ("rules", "linter/core") for p in (ROOT / base).rglob("sl*.py")
                  if RULE_FILE.match(p.name))


def _module_path(rule: Rule) -> Path:
    module = rule.module
    rel = ("rules/" + module[len("linter.rules."):] if module.startswith("linter.rules.")
           else module).replace(".", "/")
    return ROOT / (rel + ".py")


def test_every_rule_code_maps_to_one_module_named_by_its_code_and_name():
    files = _rule_files()
    by_code: dict[str, list[Path]] = {}
    for p in files:
        by_code.setdefault(RULE_FILE.match(p.name).group(1).upper(), []).append(p)
    assert {c: ps for c, ps in by_code.items() if len(ps) > 1} == {}
    assert sorted(by_code) == sorted(r.code for r in RULES)
    for rule in RULES:
        path = _module_path(rule)
        assert path.is_file(), rule.code
        assert path.name == f"{rule.code.lower()}_{rule.name.replace('-', '_')}.py", rule.code
    # the engine's own rules are among them, in linter/core
    assert {r.code for r in CORE_RULES.values()} == {
        r.code for r in RULES if r.module.startswith("linter.core.")}


def test_one_declaration_form():
    """Each rule module declares one ``RULE = Rule(...)`` with keyword arguments, and checks
    only through ``@RULE.check``; no other module of the pack declares a rule."""
    for path in sorted((ROOT / "rules").rglob("*.py")) + sorted((ROOT / "linter").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call)
                 and isinstance(n.func, ast.Name) and n.func.id == "Rule"]
        if not RULE_FILE.match(path.name):
            assert calls == [] or path.name == "rule.py", f"{path} declares a rule"
            continue
        assigned = [n for n in tree.body if isinstance(n, ast.Assign)
                    and isinstance(n.value, ast.Call) and getattr(n.value.func, "id", "") == "Rule"]
        assert len(calls) == 1 and len(assigned) == 1, path
        assert [t.id for t in assigned[0].targets] == ["RULE"], path
        assert not calls[0].args, f"{path}: declare the rule with keywords"
        code = RULE_FILE.match(path.name).group(1).upper()
        kw = {k.arg: k.value for k in calls[0].keywords}
        assert isinstance(kw["code"], ast.Constant) and kw["code"].value == code, path
        for node in ast.walk(tree):  # no other way to attach a check
            if isinstance(node, ast.Attribute) and node.attr == "check" \
                    and isinstance(node.value, ast.Name):
                assert node.value.id == "RULE", path


def test_tags_change_nothing():
    """What a rule's findings do is a typed field; a tag is documentation only."""
    for path in [ROOT / "linter" / p for p in ("report/sarif.py", "report/text.py",
                                               "compose/tree.py", "engine.py", "runner.py")]:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"[\"']\s+(?:not\s+)?in\s+[\w.]*tags\b|tags\s*&|getattr\([^)]*\"tags\"", text), path


def _imports(path: Path) -> list[tuple[str, list[str]]]:
    """``(module, names)`` of every import in ``path``, relative ones resolved."""
    rel = path.relative_to(ROOT).with_suffix("")
    parts = list(rel.parts)
    if parts[0] == "rules":
        parts = ["linter", "rules"] + parts[1:]
    package = parts[:-1] if parts[-1] != "__init__" else parts[:-1]
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package[:len(package) - (node.level - 1)]
                base = ".".join(up + ([node.module] if node.module else []))
            out.append((base, [a.name for a in node.names]))
        elif isinstance(node, ast.Import):
            out.extend((a.name, []) for a in node.names)
    return out


def test_rules_import_no_pipeline_module_and_no_private_name():
    for path in sorted((ROOT / "rules").rglob("*.py")):
        for module, names in _imports(path):
            assert not module.startswith(PIPELINE), f"{path} imports {module}"
            assert not [n for n in names if n.startswith("_") and n != "__future__"], \
                f"{path} imports a private name of {module}: {names}"


def test_the_cli_names_no_rule():
    """The command line is rule-agnostic: rule codes appear in help examples only."""
    text = (ROOT / "linter" / "cli.py").read_text(encoding="utf-8")
    for rule in RULES:
        assert not re.search(rf"(?<![\w-]){re.escape(rule.name)}(?![\w-])", text), rule.name
        for m in re.finditer(rf"\b{rule.code}\b", text):
            assert "e.g." in text[max(0, m.start() - 40):m.start()], rule.code


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[0] == "rules":
        parts = ["linter", "rules"] + parts[1:]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def test_no_import_cycles():
    """Imports run one way: a walk over every import (module-level and lazy ones inside
    functions alike) of linter/ and rules/ finds no cycle. Importing a package's sibling
    through the package (``from . import x``) is an edge to ``x``; a module's own parent
    packages are not edges (Python imports them first anyway)."""
    files = {_module_name(p): p for base in ("linter", "rules") for p in (ROOT / base).rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in files.items():
        deps: set[str] = set()
        for module, names in _imports(path):
            subs = [f"{module}.{n}" for n in names if f"{module}.{n}" in files]
            deps.update(subs)
            if module in files and (len(subs) < len(names) or not names):
                deps.add(module)
        parents = {".".join(name.split(".")[:i]) for i in range(1, name.count(".") + 1)}
        graph[name] = {d for d in deps if d != name and d not in parents}
    seen: dict[str, int] = {}  # 1: on the walk's stack, 2: done

    def walk(node: str, trail: list[str]) -> None:
        seen[node] = 1
        for nxt in sorted(graph[node]):
            assert seen.get(nxt) != 1, "import cycle: " + " -> ".join(
                trail[trail.index(nxt):] + [nxt]) if nxt in trail else nxt
            if nxt not in seen:
                walk(nxt, trail + [nxt])
        seen[node] = 2

    for node in sorted(graph):
        if node not in seen:
            walk(node, [node])


DISK = re.compile(r"\bopen\(|\bos\.(?:listdir|scandir|walk|stat)\b|\.read_text\(|\.read_bytes\("
                  r"|\bsource\.read\(|\bos\.path\.(?:isfile|isdir|exists)\(")


def test_rules_and_trees_do_not_read_the_disk():
    """What a rule needs from other files (a Compose project, a kustomization) the pipeline
    hands it; trees are built from text. Only ShellCheck (SL290) runs a program."""
    paths = [p for p in (ROOT / "rules").rglob("*.py") if p.name != "sl290_shellcheck.py"]
    paths += [ROOT / "linter" / f for f in ("compose/tree.py", "compose/merge.py",
                                            "kubernetes/tree.py", "dockerfile/tree.py")]
    for path in paths:
        assert not DISK.search(path.read_text(encoding="utf-8")), path


def test_no_module_level_caches_in_the_compose_model():
    """A run's Compose projects live in the run's ``ComposeProjects``, not in globals."""
    for path in (ROOT / "linter" / "compose").glob("*.py"):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, (ast.Assign, ast.AnnAssign)):
                value = node.value  # an empty container filled later is a cache
                empty = (isinstance(value, (ast.Dict, ast.List, ast.Set)) and not (
                    getattr(value, "keys", None) or getattr(value, "elts", None))) or (
                    isinstance(value, ast.Call) and getattr(value.func, "id", "") in (
                        "dict", "set", "list", "OrderedDict") and not value.args)
                assert not empty, f"{path.name}:{node.lineno} holds state at module level"


def test_names_a_user_writes_are_kebab_case():
    """Rule names and rule option names are written in configuration files, next to keys
    like ``per-file-ignores`` and ``kubernetes-version``: one spelling for all of them."""
    kebab = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
    assert [r.name for r in RULES if not kebab.match(r.name)] == []
    assert [(r.code, o) for r in RULES for o in r.options if not kebab.match(o)] == []
