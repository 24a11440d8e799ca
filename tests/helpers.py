"""Shared test helpers: lint text as if it were a file of a given name."""

from __future__ import annotations

from pathlib import Path

from linter.engine import Engine, load_rules
from linter.findings import Finding
from linter.runner import lint_source
from linter.source import decode

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
SCHEMAS = SHARED / "schemas"

RULES = load_rules()
ENGINE = Engine(RULES)


def lint_text(filename: str, text: str | bytes, engine: Engine = ENGINE) -> list[Finding]:
    """Lint ``text`` reported as ``filename`` (which decides the kind of file)."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    findings, _ = lint_source(decode(filename, data), engine, explicit=True)
    return sorted(findings, key=lambda f: f.sort_key)


def codes(findings: list[Finding]) -> list[str]:
    return [f.code for f in findings]


def by_name(findings: list[Finding], name: str) -> list[Finding]:
    return [f for f in findings if f.name == name]
