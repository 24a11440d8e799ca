"""Findings and where they point.

Positions are 1-based lines and 1-based columns, as people read them. ``end_column`` is
*exclusive* (the column just after the last character), which is also what SARIF wants, so
the reporters convert nothing; LSP (0-based) converts at its edge.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import NamedTuple


class Severity(enum.IntEnum):
    """How bad a finding is. Ordered, so ``Severity.HIGH > Severity.LOW``."""

    INFO = 0
    LOW = 1
    MEDIUM = 2
    HIGH = 3
    CRITICAL = 4

    def __str__(self) -> str:  # "high", as printed and as written in configuration
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> "Severity":
        """``"high"`` -> ``Severity.HIGH``; raises ``ValueError`` naming the allowed words."""
        try:
            return cls[text.strip().upper()]
        except KeyError:
            allowed = ", ".join(str(s) for s in cls)
            raise ValueError(f"unknown severity {text!r} (one of: {allowed})") from None


class Span(NamedTuple):
    """A region of one source file: 1-based ``line``/``column``; ``end_column`` exclusive.

    A named tuple rather than a dataclass: the YAML layer makes one per node (hundreds of
    thousands on a large manifest set), and tuple creation is several times cheaper.
    """

    line: int = 1
    column: int = 1
    end_line: int = 1
    end_column: int = 1

    @classmethod
    def point(cls, line: int, column: int = 1) -> "Span":
        return cls(line, column, line, column + 1)


FILE_START = Span(1, 1, 1, 1)


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem found by one rule at one place.

    ``path`` is the path as the user named it (or ``--stdin-filename``), with forward slashes.
    ``message`` never contains a secret value: rules that find secrets name the key path and
    the detector only.
    """

    code: str
    name: str
    severity: Severity
    message: str
    path: str
    span: Span = FILE_START
    fix: str | None = field(default=None, compare=False)

    @property
    def sort_key(self) -> tuple:
        s = self.span
        return (self.path, s.line, s.column, self.code, self.message)


@dataclass(frozen=True, slots=True)
class Problem:
    """What a parser reports about its input (bad syntax, duplicate key, ...).

    ``rule`` is the kebab-case name of one of the engine's own rules (see
    ``linter.engine.CORE_RULES``); the engine turns a Problem into a Finding of that rule.
    """

    rule: str
    message: str
    span: Span = FILE_START
