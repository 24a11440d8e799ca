"""Shared test helpers: lint text as if it were a file of a given name."""

from __future__ import annotations

from pathlib import Path

from linter.engine import Engine, load_rules, select_rules
from linter.findings import Finding
from linter.runner import lint_source
from linter.source import decode

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
SCHEMAS = SHARED / "schemas"

RULES = load_rules()
#: the rules a default run selects
ENGINE = Engine(select_rules(RULES))
#: every rule, opt-in ones included (for the rules' own examples)
ALL = Engine(RULES)
#: the first four cross-format rules only: tests of the parsers and the plumbing compare exact
#: lists of findings, which must not change each time a new rule lands
FIRST = Engine(select_rules(RULES, select=["SL101", "SL102", "SL103", "SL104"]))


def lint_text(filename: str, text: str | bytes, engine: Engine = ENGINE) -> list[Finding]:
    """Lint ``text`` reported as ``filename`` (which decides the kind of file)."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    findings, _ = lint_source(decode(filename, data), engine, explicit=True)
    return sorted(findings, key=lambda f: f.sort_key)


def codes(findings: list[Finding]) -> list[str]:
    return [f.code for f in findings]


def by_name(findings: list[Finding], name: str) -> list[Finding]:
    return [f for f in findings if f.name == name]


def corpus_tree(kind: str, into: Path) -> Path:
    """The corpus files of ``kind`` linked back into their source layout under ``into``
    (``owner/repo/path/of/file.yaml``, from MANIFEST.tsv). The corpus is flattened into one
    directory; rules that relate files by directory need the layout the owners lint."""
    root = into / kind
    for line in (CORPUS / "MANIFEST.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        k, file, repo, path, *_ = line.split("\t")
        if k != kind:
            continue
        target = root / repo / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists():
            target.symlink_to((CORPUS / file).resolve())
    return root
