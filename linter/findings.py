"""Findings and where they point.

Positions are 1-based lines and 1-based columns, as people read them. ``end_column`` is
*exclusive* (the column just after the last character), which is also what SARIF wants, so
the reporters convert nothing; LSP (0-based) converts at its edge.
"""

# No ``from __future__ import annotations`` here: the named tuples below were
# ``typing.NamedTuple``s, whose fields, as strings, ``typing`` compiled (``ForwardRef``; a
# process's first ``compile()`` costs about 1 ms). They are ``collections.namedtuple``s now,
# so that a run does not import ``typing`` at all (about 2 ms; start-up, issue #14); the
# annotations left are evaluated as written.

import enum
from collections import namedtuple

from .plain import Frozen


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


class Span(namedtuple("Span", "line column end_line end_column", defaults=(1, 1, 1, 1))):
    """A region of one source file: 1-based ``line``/``column``; ``end_column`` exclusive
    (all ``int``, 1 by default).

    A named tuple rather than a dataclass: the YAML layer makes one per node (hundreds of
    thousands on a large manifest set), and tuple creation is several times cheaper. (A
    ``typing.NamedTuple`` before: a ``collections.namedtuple`` subclass without slots of its
    own is the same tuple, made, read, compared and pickled as fast; start-up, issue #14.)
    """

    __slots__ = ()

    @classmethod
    def point(cls, line: int, column: int = 1) -> "Span":
        return cls(line, column, line, column + 1)


FILE_START = Span(1, 1, 1, 1)


class Edit(Frozen):
    """Replace the text of ``span`` (1-based lines and columns in code points, end exclusive,
    the same convention as a finding's span) with ``text``. An empty span inserts; an empty
    ``text`` deletes. ``text`` is written with ``\\n`` line breaks: applying it to a CRLF file
    writes CRLF (see ``linter.fix``). (A frozen dataclass before: ``linter.plain``.)"""

    __slots__ = FIELDS = ("span", "text")

    def __init__(self, span: Span, text: str) -> None:
        self._assign(locals())


# The edits' primitives (``linter.fix`` offers them with its YAML helpers): here, a rule that
# only writes text edits does not import the fixer (start-up, issue #14).

def insert(line: int, column: int, text: str) -> Edit:
    """Insert ``text`` before (line, column)."""
    return Edit(Span(line, column, line, column), text)


def replace(span: Span, text: str) -> Edit:
    """Write ``text`` in place of the text of ``span``."""
    return Edit(span, text)


def delete_lines(first: int, last: int) -> Edit:
    """Delete whole lines ``first`` to ``last``, their line breaks included."""
    return Edit(Span(first, 1, last + 1, 1), "")


class Autofix(Frozen):
    """How to fix one finding: ``edits`` (non-overlapping) applied together or not at all.
    ``description`` says what the fix does (a code action's title, a ``--diff`` note);
    ``safe`` is True when the fix keeps behaviour (``--fix`` applies it), False when it
    changes behaviour in a way the user should review (only with ``--unsafe-fixes``).
    (A frozen dataclass before: ``linter.plain``.)"""

    __slots__ = FIELDS = ("description", "edits", "safe")

    def __init__(self, description: str, edits: tuple[Edit, ...], safe: bool) -> None:
        self._assign(locals())


class Subject(namedtuple("Subject", "kind name namespace container service stage",
                         defaults=(None,) * 6)):
    """What a finding is about beyond its place: the Kubernetes object (``kind``, ``name``,
    ``namespace`` as written), its ``container``, the Compose ``service``, the Dockerfile
    ``stage`` (its name, or its index when unnamed). ``None``: not known or not of the kind.
    (A ``typing.NamedTuple`` before: see ``Span``.)"""

    __slots__ = ()


class Finding:
    """One problem found by one rule at one place.

    ``path`` is the path as the user named it (or ``--stdin-filename``), with forward slashes.
    ``message`` never contains a secret value: rules that find secrets name the key path and
    the detector only.

    (A frozen dataclass with slots before: ``linter.plain``, start-up. Written by hand with
    direct slot assignments, since a run makes one per finding: ``__init__`` as fast as the
    dataclass's; equal and hashed on the fields the dataclass compared, ``code`` to ``span``;
    frozen; pickled as its fields (``__reduce__``), between --jobs workers and in the
    cache.)
    """

    __slots__ = FIELDS = ("code", "name", "severity", "message", "path", "span", "fix",
                          "subject", "preview", "autofix")
    # code, name, severity, message, path, span: what equality and the hash compare; fix
    # onwards: ``compare=False`` in the dataclass
    # fix: the fix suggested in words, if any
    # subject: what the finding is about (object, container, service, stage), set by the
    #   engine from the target the check looked at; configuration ``exceptions`` match on it
    # preview: the rule set the rule came with when it is newer than the one the
    #   configuration pins (``rule-set``), or ``next``: a preview finding, reported but never
    #   failing
    # autofix: the edits that fix it, where the rule knows them (``shiplint check --fix``,
    #   the language server's code actions); None when it has none

    code: str
    name: str
    severity: Severity
    message: str
    path: str
    span: Span
    fix: str | None
    subject: Subject | None
    preview: str | None
    autofix: Autofix | None

    def __init__(self, code: str, name: str, severity: Severity, message: str, path: str,
                 span: Span = FILE_START, fix: str | None = None,
                 subject: Subject | None = None, preview: str | None = None,
                 autofix: Autofix | None = None) -> None:
        _set = _setattr
        _set(self, "code", code)
        _set(self, "name", name)
        _set(self, "severity", severity)
        _set(self, "message", message)
        _set(self, "path", path)
        _set(self, "span", span)
        _set(self, "fix", fix)
        _set(self, "subject", subject)
        _set(self, "preview", preview)
        _set(self, "autofix", autofix)

    def replace(self, **changes: object) -> "Finding":
        """A copy with ``changes`` (what ``dataclasses.replace`` did)."""
        return Finding(**{name: changes.pop(name) if name in changes else getattr(self, name)
                          for name in Finding.FIELDS}, **changes)  # an unknown name: TypeError

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field {name!r}")

    def __repr__(self) -> str:
        return "Finding(" + ", ".join(
            f"{name}={getattr(self, name)!r}" for name in Finding.FIELDS) + ")"

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return (self.code, self.name, self.severity, self.message, self.path,
                    self.span) == (other.code, other.name, other.severity,  # type: ignore
                                   other.message, other.path, other.span)  # type: ignore
        return NotImplemented

    def __hash__(self) -> int:
        return hash((self.code, self.name, self.severity, self.message, self.path, self.span))

    def __reduce__(self) -> tuple:
        """Made again through ``__init__`` from its fields: a --jobs worker's findings
        reach the run in 60% of the time ``__getstate__`` and ``__setstate__`` (one
        assignment a field) took (issue #14)."""
        return Finding, (self.code, self.name, self.severity, self.message, self.path,
                         self.span, self.fix, self.subject, self.preview, self.autofix)

    @property
    def sort_key(self) -> tuple:
        s = self.span
        return (self.path, s.line, s.column, self.code, self.message)


_setattr = object.__setattr__


class Problem(Frozen):
    """What a parser reports about its input (bad syntax, duplicate key, ...).

    ``rule`` is the kebab-case name of one of the engine's own rules (see
    ``linter.engine.CORE_RULES``); the engine turns a Problem into a Finding of that rule.
    (A frozen dataclass before: ``linter.plain``.)
    """

    __slots__ = FIELDS = ("rule", "message", "span")

    def __init__(self, rule: str, message: str, span: Span = FILE_START) -> None:
        self._assign(locals())
