"""The rule engine: what a rule is, how rules are found, and how they run over trees.

A *rule* is metadata plus one check per kind of tree it looks at. A *check* is a function that
takes one target (a ``Dockerfile``, a compose ``Service``, a Kubernetes ``PodTemplate``, ...)
and yields ``Hit`` objects; the engine turns hits into ``Finding`` objects with the rule's code,
severity and the file's path, so rules know nothing of paths, output or configuration.

Rules are found through the ``shiplint.rules`` entry-point group. The built-in pack goes
through the same door as third-party packs; an entry point may name a module (every ``Rule``
object found in it is taken, or its ``RULES`` list if it has one) or a list of rules.
"""

from __future__ import annotations

import importlib.metadata
import re
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

from .findings import Finding, Problem, Severity, Span

ENTRY_POINT_GROUP = "shiplint.rules"

_CODE = re.compile(r"^[A-Z][A-Z0-9]*[0-9]{3,}$")
_NAME = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")

#: Peer tools whose rule IDs may appear in ``Rule.aliases``.
PEER_TOOLS = ("hadolint", "buildkit", "checkov", "trivy", "kics", "kube-linter", "dclint",
              "polaris", "kube-score", "pss")


@dataclass(frozen=True, slots=True)
class Example:
    """A file a rule's documentation shows and the test-suite lints: ``filename`` decides the
    kind of file (``Dockerfile``, ``compose.yaml``, ``pod.yaml``), ``text`` is its content,
    ``options`` the configuration a configurable rule needs to say anything."""

    filename: str
    text: str
    #: rule options the example is linted with (``{rule-name: {option: value}}``)
    options: dict[str, dict[str, Any]] | None = None


@dataclass(slots=True)
class Hit:
    """What a check yields: where (a ``Span`` or any node with a ``span``) and a message.
    ``severity`` overrides the rule's default for this one hit (e.g. a live vs a test key)."""

    at: Any
    message: str
    severity: Severity | None = None
    fix: str | None = None
    path: str | None = None  # checks over several files must say which file the hit is in

    @property
    def span(self) -> Span:
        at = self.at
        if isinstance(at, Span):
            return at
        span = getattr(at, "span", None)
        return span if isinstance(span, Span) else Span()


Check = Callable[[Any], Iterable[Hit]]

# The rule options of the configuration in force while the engine runs checks.
_RULE_OPTIONS: ContextVar[dict[str, dict[str, Any]]] = ContextVar("shiplint_rule_options",
                                                                   default={})


@dataclass(eq=False)
class Rule:
    """One rule. ``code`` is stable (``SL101``), ``name`` kebab-case (``unpinned-image``).

    ``aliases`` maps a peer tool (see ``PEER_TOOLS``) to its equivalent rule ID or IDs.
    ``failing`` examples must produce at least one finding of this rule, ``passing`` none; the
    test-suite runs them all. ``checks`` maps a target type to the functions that check it;
    add them with the ``@rule.check(TargetType)`` decorator. ``enabled_by_default=False`` makes
    an opt-in rule (it runs only when selected by code, name or alias). ``unavailable``
    returns why the rule cannot run on this machine (``None`` when it can). ``options`` declares
    the rule's settings with their defaults; a check reads them with ``rule.option(name)``,
    which returns the value configured under ``options.<rule-name>`` for the file at hand.
    """

    code: str
    name: str
    severity: Severity
    summary: str
    rationale: str
    remediation: str
    references: list[str] = field(default_factory=list)
    aliases: dict[str, str | list[str]] = field(default_factory=dict)
    failing: list[Example] = field(default_factory=list)
    passing: list[Example] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    enabled_by_default: bool = True
    options: dict[str, Any] = field(default_factory=dict)
    #: says why the rule cannot run here (a program or package missing), else None;
    #: ``shiplint check --verbose`` prints it for the selected rules
    unavailable: Callable[[], str | None] | None = None
    checks: dict[type, list[Check]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not _CODE.match(self.code):
            raise ValueError(f"rule code {self.code!r} must look like SL101")
        if not _NAME.match(self.name):
            raise ValueError(f"rule name {self.name!r} must be kebab-case")
        unknown = set(self.aliases) - set(PEER_TOOLS)
        if unknown:
            raise ValueError(f"rule {self.code}: unknown peer tool(s) in aliases: {sorted(unknown)}")

    def check(self, target: type) -> Callable[[Check], Check]:
        """Decorator: register ``fn`` as this rule's check of ``target`` trees."""

        def register(fn: Check) -> Check:
            self.checks.setdefault(target, []).append(fn)
            return fn

        return register

    def option(self, name: str) -> Any:
        """The configured value of option ``name`` (its default when not configured).
        Raises ``KeyError`` for an option the rule does not declare."""
        default = self.options[name]
        return _RULE_OPTIONS.get().get(self.name, {}).get(name, default)

    @property
    def formats(self) -> list[str]:
        """The file formats this rule looks at (from its checks' target modules)."""
        out = []
        for t in self.checks:
            fmt = getattr(t, "FORMAT", None) or t.__module__.split(".")[1]
            if fmt not in out:
                out.append(fmt)
        return out

    def alias_ids(self) -> list[str]:
        out: list[str] = []
        for v in self.aliases.values():
            out.extend([v] if isinstance(v, str) else v)
        return out


def _core(code: str, name: str, severity: Severity, summary: str, rationale: str,
          remediation: str, enabled: bool = True) -> Rule:
    return Rule(code, name, severity, summary, rationale, remediation, tags=["correctness"],
                enabled_by_default=enabled)


#: The engine's own rules: problems found while reading files, not by a rule pack.
CORE_RULES: dict[str, Rule] = {r.name: r for r in [
    _core("SL001", "parse-error", Severity.HIGH, "File cannot be parsed",
          "A file that Docker, Compose or Kubernetes cannot read fails at build or deploy time, "
          "and nothing else in it can be checked.",
          "Fix the syntax error at the reported line."),
    _core("SL002", "duplicate-key", Severity.MEDIUM, "Duplicate key in a YAML mapping",
          "YAML loaders disagree on duplicate keys: some keep the last value silently, Compose "
          "and kubectl reject the file. Either way one of the values is not what you meant.",
          "Remove or merge the repeated key."),
    _core("SL003", "yaml-alias-bomb", Severity.HIGH, "YAML aliases expand to an enormous document",
          "Nested aliases can make a tiny file expand to billions of nodes ('billion laughs') "
          "and exhaust the memory of any tool that loads it.",
          "Remove the nested aliases; write the values out."),
    _core("SL004", "helm-template", Severity.INFO, "Helm template must be rendered before linting",
          "A Helm template is not YAML until `helm template` renders it; linting the raw "
          "template would only report template syntax as YAML errors.",
          "Lint the chart directory (the one with Chart.yaml) with helm installed, so shiplint "
          "renders it; or run `helm template CHART | shiplint check - --stdin-filename "
          "rendered.yaml`."),
    _core("SL005", "unreadable-file", Severity.MEDIUM, "File cannot be read as UTF-8 text",
          "Binary files, other encodings and files that cannot be opened are not linted.",
          "Save the file as UTF-8, or exclude it from the paths given to shiplint."),
    _core("SL006", "unknown-file-kind", Severity.INFO, "File is not a Dockerfile, Compose file or "
          "Kubernetes manifest",
          "A file named on the command line could not be recognised, so no rule ran on it.",
          "Name the file like a Dockerfile (Dockerfile, *.dockerfile, Containerfile) or a Compose "
          "file (compose.yaml), or make sure the YAML has apiVersion and kind."),
    _core("SL007", "internal-error", Severity.HIGH, "A rule failed on this file",
          "A bug in a rule stopped it from checking this file; other rules and files went on.",
          "Report the bug with the file (or a reduced copy) attached."),
    _core("SL008", "suppression-without-reason", Severity.LOW,
          "Inline suppression gives no reason",
          "With `require-reason: true` in the configuration, every suppression must say why, "
          "so a reviewer can tell an accepted risk from a silenced alarm.",
          "Add the reason after `--`: `# shiplint: ignore=SL101 -- runs as root to bind :80`."),
    _core("SL009", "unused-suppression", Severity.LOW, "Inline suppression matches no finding",
          "A suppression that no longer matches anything hides the next real finding on that "
          "line. Opt-in: select it with `--extend-select unused-suppression`.",
          "Delete the suppression comment or annotation.", enabled=False),
    _core("SL010", "kustomize-build", Severity.INFO, "Kustomize directory could not be built",
          "What a kustomization deploys is its build: patches change the resources, overlays "
          "stack on bases, generators add objects. Without kustomize or kubectl (or when the "
          "build fails) shiplint lints the files one by one and says so once per directory.",
          "Install kustomize or kubectl, or fix the error the build reports; "
          "`SHIPLINT_KUSTOMIZE=none` keeps file-by-file linting without this finding."),
]}


def load_rules(entry_points: Iterable[Any] | None = None) -> list[Rule]:
    """Load every rule pack of the ``shiplint.rules`` entry-point group.

    Returns rules sorted by code. Raises ``ValueError`` when two rules share a code or a name
    (the message names both packs), since one of them would silently shadow the other.
    """
    eps = entry_points if entry_points is not None else \
        importlib.metadata.entry_points(group=ENTRY_POINT_GROUP)
    rules: dict[str, tuple[Rule, str]] = {}
    names: dict[str, str] = {r.name: "core" for r in CORE_RULES.values()}
    for core in CORE_RULES.values():
        rules[core.code] = (core, "core")
    for ep in sorted(eps, key=lambda e: e.name):
        obj = ep.load()
        for rule in _rules_in(obj):
            if rule.code in rules and rules[rule.code][0] is not rule:
                raise ValueError(f"rule code {rule.code} is defined twice "
                                 f"(packs {rules[rule.code][1]!r} and {ep.name!r})")
            if names.get(rule.name, ep.name) != ep.name:
                raise ValueError(f"rule name {rule.name} is defined twice "
                                 f"(packs {names[rule.name]!r} and {ep.name!r})")
            rules[rule.code] = (rule, ep.name)
            names[rule.name] = ep.name
    return sorted((r for r, _ in rules.values()), key=lambda r: r.code)


def _rules_in(obj: Any) -> list[Rule]:
    if isinstance(obj, Rule):
        return [obj]
    if isinstance(obj, (list, tuple)):
        return [r for r in obj if isinstance(r, Rule)]
    listed = getattr(obj, "RULES", None)
    if listed is not None:
        return list(listed)
    return [v for v in vars(obj).values() if isinstance(v, Rule)]


class Engine:
    """Runs rules over the targets of parsed files.

    ``rules``: the rules to run (already filtered by the caller's selection). Dispatch is by
    target type (``isinstance``), built once, so a file costs one dict lookup per target.
    """

    def __init__(self, rules: Iterable[Rule], *, options: dict[str, dict[str, Any]] | None = None,
                 severity: dict[str, Severity] | None = None):
        self.rules = list(rules)
        self.options = options or {}
        # severity overrides: a selector (code, name, alias) -> severity, resolved per rule
        self._severity = {r.code: sev for r in self.rules for sel, sev in (severity or {}).items()
                          if matches(r, sel)}
        self.by_name = {r.name: r for r in self.rules}
        self.by_code = {r.code: r for r in self.rules}
        self._dispatch: dict[type, list[tuple[Rule, Check]]] = {}
        self._all: list[tuple[type, Rule, Check]] = [
            (t, r, fn) for r in self.rules for t, fns in r.checks.items() for fn in fns]

    def _checks_for(self, target_type: type) -> list[tuple[Rule, Check]]:
        found = self._dispatch.get(target_type)
        if found is None:
            found = [(r, fn) for t, r, fn in self._all if issubclass(target_type, t)]
            self._dispatch[target_type] = found
        return found

    def wants(self, target_type: type) -> bool:
        """Whether any selected rule checks targets of this type (e.g. a ``KubernetesSet``)."""
        return bool(self._checks_for(target_type))

    def run(self, path: str, targets: Iterable[Any], problems: Iterable[Problem] = ()) -> list[Finding]:
        """Check every target of one file. A check that raises becomes an ``internal-error``
        finding for that file (with the rule's code and the exception type, not its text, which
        could quote a secret); the other checks go on."""
        findings: list[Finding] = []
        overrides = self._severity
        for p in problems:
            core = CORE_RULES.get(p.rule)
            if core is None or (core.name not in self.by_name and core.name != "internal-error"):
                continue
            findings.append(Finding(core.code, core.name, overrides.get(core.code, core.severity),
                                    scrub(p.message), path, p.span))
        token = _RULE_OPTIONS.set(self.options)
        try:
            self._run_checks(path, targets, findings)
        finally:
            _RULE_OPTIONS.reset(token)
        return findings

    def _run_checks(self, path: str, targets: Iterable[Any], findings: list[Finding]) -> None:
        overrides = self._severity
        for target in targets:
            # a target may veto hits on values that do not apply (a Compose value that a
            # later file of the project overrides)
            keeps = getattr(target, "keeps", None)
            for rule, fn in self._checks_for(type(target)):
                try:
                    for hit in fn(target):
                        if keeps is not None and not keeps(hit.at, rule):
                            continue
                        findings.append(Finding(
                            rule.code, rule.name,
                            _first(overrides.get(rule.code), hit.severity, rule.severity),
                            scrub(hit.message), hit.path or path, hit.span,
                            scrub(hit.fix) if hit.fix else None))
                except Exception as exc:  # a rule bug must not stop the run
                    core = CORE_RULES["internal-error"]
                    findings.append(Finding(
                        core.code, core.name, core.severity,
                        f"rule {rule.code} ({rule.name}) failed: {type(exc).__name__}", path))


def _first(*severities: Severity | None) -> Severity:
    """The first severity given (``Severity.INFO`` is 0, so ``or`` would skip it)."""
    return next(s for s in severities if s is not None)


_WORD_EDGES = "'\"`,;:()[]{}<>"


def scrub(message: str) -> str:
    """The last line of defence for "never print a secret": messages quote file text (an
    unknown instruction, a key or container name, a volume spec), and a token pasted in the
    wrong place would be quoted with it. Any word of the message that a secret detector
    recognises becomes ``[REDACTED]``, whatever rule wrote the message."""
    from . import secrets

    if len(message) < 8 or not secrets.scan_value(message):
        return message
    words = message.split(" ")
    for i, word in enumerate(words):
        if secrets.scan_value(word.strip(_WORD_EDGES)):
            words[i] = "[REDACTED]"
    out = " ".join(words)
    return out if not secrets.scan_value(out) else "message withheld: it quotes a secret"


PSS_LEVELS = ("baseline", "restricted")


def matches(rule: Rule, selector: str) -> bool:
    """Whether ``selector`` names ``rule``: its code, a code prefix (``SL1``), its name, one
    of its peer IDs (``DL3002``, ``CKV_K8S_20``, ``run-as-non-root``), ``pss:LEVEL`` for the
    rules of a Pod Security Standards profile, or ``ALL``. Case-insensitive."""
    s = selector.strip()
    low = s.lower()
    if low == "all":
        return True
    if low.startswith("pss:"):  # a Pod Security Standards profile; restricted includes baseline
        level = low[4:]
        if level not in PSS_LEVELS:
            return False
        wanted = PSS_LEVELS[:PSS_LEVELS.index(level) + 1]
        pss = rule.aliases.get("pss")
        ids = [pss] if isinstance(pss, str) else (pss or [])
        return any(i.split("/", 1)[0] in wanted for i in ids)
    if low == rule.name or s.upper() == rule.code:
        return True
    if s.isalnum() and s.upper() == s and rule.code.startswith(s) and not s.isdigit():
        return True  # a code prefix such as SL2 or SL10
    return any(low == a.lower() for a in rule.alias_ids())


def known_selector(rules: Iterable[Rule], selector: str) -> bool:
    """Whether ``selector`` (code, code prefix, name, peer alias, ``pss:LEVEL`` or ``ALL``)
    matches at least one rule: used to reject typos in configuration and flags."""
    return any(matches(r, selector) for r in rules)


def select_rules(rules: Iterable[Rule], select: Iterable[str] = (),
                 extend_select: Iterable[str] = (), ignore: Iterable[str] = ()) -> list[Rule]:
    """The rules to run, ruff-style: ``select`` replaces the default set (rules with
    ``enabled_by_default``), ``extend_select`` adds to it, ``ignore`` removes. Selectors are
    codes (``SL101``), code prefixes (``SL1``), names (``runs-as-root``), peer IDs through the
    aliases (``DL3002``, ``CKV_K8S_20``, ``run-as-non-root``), ``pss:baseline`` /
    ``pss:restricted`` or ``ALL``. Core rules (parse errors...) stay unless ignored by name."""
    rules = list(rules)
    select, extend_select, ignore = list(select), list(extend_select), list(ignore)
    core = {r.name for r in CORE_RULES.values()}
    if select:
        chosen = [r for r in rules if (r.name in core and r.enabled_by_default)
                  or any(matches(r, s) for s in select)]
    else:
        chosen = [r for r in rules if r.enabled_by_default]
    chosen += [r for r in rules if r not in chosen and any(matches(r, s) for s in extend_select)]
    return [r for r in chosen if not any(matches(r, s) for s in ignore)]
