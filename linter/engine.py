"""The rule engine: what a rule is, how rules are found, and how they run over trees.

A *rule* (see ``linter.rule``) is metadata plus one check per kind of tree it looks at; the
engine turns the ``Hit`` objects checks yield into ``Finding`` objects with the rule's code,
severity and the file's path, so rules know nothing of paths, output or configuration. The
engine's own rules (parse errors, unreadable files, ...) live in ``linter.core``.

Rules are found through the ``shiplint.rules`` entry-point group. The built-in pack goes
through the same door as third-party packs; an entry point may name a module (every ``Rule``
object found in it is taken, or its ``RULES`` list if it has one) or a list of rules.
"""

from __future__ import annotations

from collections.abc import Sequence  # LazyRules' base: typing's is this one (start-up, issue #14)

from . import lazyre
from .core import CORE_RULES
from .findings import Autofix, Finding, Problem, Severity
from .rule import (OPT_IN_GROUPS, PEER_TOOLS, PSS_LEVELS, RULE_OPTIONS, RULE_SETTINGS, Check,
                   Example, Hit, Rule, is_target)

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Any, Callable, Iterable, Iterator

__all__ = ["CORE_RULES", "ENTRY_POINT_GROUP", "OPT_IN_GROUPS", "PEER_TOOLS", "PSS_LEVELS", "Check", "Engine",
           "Example", "Hit", "LazyRules", "Rule", "known_selector", "load_rules", "matches", "related_to", "scrub",
           "select_rules"]

ENTRY_POINT_GROUP = "shiplint.rules"


def load_rules(entry_points: Iterable[Any] | None = None,
               formats: Iterable[str] | None = None,
               texts: list[bytes] | None = None) -> list[Rule]:
    """Load every rule pack of the ``shiplint.rules`` entry-point group.

    Returns rules sorted by code. Raises ``ValueError`` when two rules share a code or a name
    (the message names both packs), since one of them would silently shadow the other.
    ``formats`` (kinds of file): a pack with a ``rules_for(formats, texts)`` function (the
    built-in one) gives only the rules that may run on them, for a run that names no rule
    anywhere and so runs the default set (see ``linter.cli``); every other pack is loaded
    whole. ``texts`` (with
    ``formats``, or ``None``): the contents of every file the run lints (the built-in pack
    leaves out the control-plane rules when no file names a component).
    """
    if entry_points is None:
        from .entrypoints import entry_points as installed  # not importlib.metadata: start-up

        entry_points = installed(ENTRY_POINT_GROUP)
    eps = entry_points
    rules: dict[str, tuple[Rule, str]] = {}
    names: dict[str, str] = {r.name: "core" for r in CORE_RULES.values()}
    for core in CORE_RULES.values():
        rules[core.code] = (core, "core")
    for ep in sorted(eps, key=lambda e: e.name):
        obj = ep.load()
        partial = getattr(obj, "rules_for", None) if formats is not None else None
        for rule in (partial(formats, texts) if callable(partial) else _rules_in(obj)):
            if rule.code in rules and rules[rule.code][0] is not rule:
                raise ValueError(f"rule code {rule.code} is defined twice "
                                 f"(packs {rules[rule.code][1]!r} and {ep.name!r})")
            if names.get(rule.name, ep.name) != ep.name:
                raise ValueError(f"rule name {rule.name} is defined twice "
                                 f"(packs {names[rule.name]!r} and {ep.name!r})")
            rules[rule.code] = (rule, ep.name)
            names[rule.name] = ep.name
    return sorted((r for r, _ in rules.values()), key=lambda r: r.code)


#: what a run needs to know of a rule whose findings it read from the cache, by code:
#: ``(refines, incomplete, bug)`` (see ``LazyRules.about``)
Facts = tuple


def facts_of(rule: Any) -> Facts:
    return (tuple(rule.refines or ()), bool(rule.incomplete), bool(rule.bug))


class LazyRules(Sequence):
    """The rules of a run, loaded (``load()``) the first time they are iterated, counted or
    indexed: a run whose every file is answered by the cache (``linter.batch``) never does,
    so it imports no rule module (each Dockerfile run imports about 70 of them, a third of
    its start-up: issue #14). ``facts``: what earlier runs stored of the rules (code ->
    ``Facts``, ``linter.cache``), enough for the findings read from the cache."""

    def __init__(self, load: Callable[[], list[Rule]], facts: dict[str, Facts] | None = None):
        self._load = load
        self._rules: list[Rule] | None = None
        self.facts: dict[str, Facts] = facts or {}

    @property
    def loaded(self) -> bool:
        return self._rules is not None

    def _all(self) -> list[Rule]:
        if self._rules is None:
            self._rules = self._load()
        return self._rules

    def __iter__(self) -> Iterator[Rule]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())

    def __getitem__(self, index: Any) -> Any:
        return self._all()[index]

    def __repr__(self) -> str:
        return f"LazyRules({self._rules if self._rules is not None else '...'})"

    def about(self, codes: Iterable[str]) -> dict[str, Facts]:
        """``Facts`` of the rules of these codes (those no rule has are left out): from the
        engine's own rules, else from ``facts`` when it knows every code, else the rules are
        loaded."""
        wanted = {c for c in codes if c not in _CORE_FACTS}
        found = {c: _CORE_FACTS[c] for c in codes if c in _CORE_FACTS}
        if wanted and self._rules is None and wanted <= self.facts.keys():
            return {**found, **{c: self.facts[c] for c in wanted}}
        if wanted:
            found.update((r.code, facts_of(r)) for r in self._all() if r.code in wanted)
        return found


def rule_facts(rules: Iterable[Rule], codes: Iterable[str]) -> dict[str, Facts]:
    """``Facts`` of the rules of these codes, from ``rules`` (a ``LazyRules`` loads as
    little as it can)."""
    if isinstance(rules, LazyRules):
        return rules.about(codes)
    wanted = set(codes)
    return {r.code: facts_of(r) for r in rules if r.code in wanted}


_CORE_FACTS: dict[str, Facts] = {r.code: facts_of(r) for r in CORE_RULES.values()}


def _rules_in(obj: Any) -> list[Rule]:
    if isinstance(obj, Rule):
        return [obj]
    if isinstance(obj, (list, tuple)):
        return [r for r in obj if isinstance(r, Rule)]
    listed = getattr(obj, "RULES", None)
    if listed is not None:
        return list(listed)
    found = [v for v in vars(obj).values() if isinstance(v, Rule)]
    for rule in found:  # a module of rules: that is where they are declared
        rule.module = rule.module or getattr(obj, "__name__", "")
    return found


class Engine:
    """Runs rules over the targets of parsed files.

    ``rules``: the rules to run (already filtered by the caller's selection). Dispatch is by
    target type (``isinstance``), built once, so a file costs one dict lookup per target.
    """

    def __init__(self, rules: Iterable[Rule], *, options: dict[str, dict[str, Any]] | None = None,
                 severity: dict[str, Severity] | None = None,
                 settings: dict[str, Any] | None = None):
        self.rules = list(rules)
        self.options = options or {}
        self.settings = settings or {}
        # severity overrides: a selector (code, name, alias) -> severity, resolved per rule
        self._severity = {r.code: sev for r in self.rules for sel, sev in (severity or {}).items()
                          if matches(r, sel)}
        self.by_name = {r.name: r for r in self.rules}
        #: the selected rules that run as preview (code -> the rule set they came with):
        #: newer than the configuration's ``rule-set``; set by ``runner.engine_for``
        self.preview: dict[str, str] = {}
        self.by_code = {r.code: r for r in self.rules}
        self._dispatch: dict[type, list[tuple[Rule, Check]]] = {}
        self._all: list[tuple[type, Rule, Check]] = [
            (t, r, fn) for r in self.rules for t, fns in r.checks.items() for fn in fns]

    def _checks_for(self, target_type: type) -> list[tuple[Rule, Check]]:
        found = self._dispatch.get(target_type)
        if found is None:
            found = [(r, fn) for t, r, fn in self._all if is_target(target_type, t)]
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
        token = RULE_OPTIONS.set(self.options)
        token2 = RULE_SETTINGS.set(self.settings)
        try:
            self._run_checks(path, targets, findings)
        finally:
            RULE_SETTINGS.reset(token2)
            RULE_OPTIONS.reset(token)
        return findings

    def _run_checks(self, path: str, targets: Iterable[Any], findings: list[Finding]) -> None:
        from .subjects import subject

        overrides = self._severity
        by_path: dict = {}  # the Kubernetes set's objects by path, for the subjects
        # one problem, one finding: a value several targets share (a YAML anchor merged into
        # five services) is reported once per rule, by the first target; two hits of one
        # target at one place are two problems (no liveness and no readiness probe)
        seen: dict[tuple, int] = {}
        for target in targets:
            # a target may veto hits on values that do not apply (a Compose value that a
            # later file of the project overrides)
            keeps = getattr(target, "keeps", None)
            partial = getattr(target, "partial", False)
            for rule, fn in self._checks_for(type(target)):
                if partial and not rule.fragments:
                    continue  # a patch says nothing of what it leaves to its base
                try:
                    for hit in fn(target):
                        if keeps is not None and not keeps(hit.at, rule):
                            continue
                        place = (rule.code, hit.path or path, hit.span)
                        if seen.setdefault(place, id(target)) != id(target):
                            continue
                        findings.append(Finding(
                            rule.code, rule.name,
                            _first(overrides.get(rule.code), hit.severity, rule.severity),
                            scrub(hit.message), hit.path or path, hit.span,
                            scrub(hit.fix) if hit.fix else None,
                            subject=subject(target, hit.span, hit.path or path, path, by_path),
                            autofix=_autofix(hit.autofix)))
                except Exception as exc:  # a rule bug must not stop the run
                    core = CORE_RULES["internal-error"]
                    findings.append(Finding(
                        core.code, core.name, core.severity,
                        f"rule {rule.code} ({rule.name}) failed: {type(exc).__name__}", path))


def _autofix(fix: Autofix | None) -> Autofix | None:
    """A hit's fix as the finding carries it: its description scrubbed like a message (the
    edits are the file's own text, written back to it)."""
    if fix is None or not fix.edits:
        return None
    return Autofix(scrub(fix.description), fix.edits, fix.safe) if fix.description else fix


def _first(*severities: Severity | None) -> Severity:
    """The first severity given (``Severity.INFO`` is 0, so ``or`` would skip it)."""
    return next(s for s in severities if s is not None)


_WORD_EDGES = "'\"`,;:()[]{}<>"


def scrub(message: str) -> str:
    """The last line of defence for "never print a secret": messages quote file text (an
    unknown instruction, a key or container name, a volume spec), and a token pasted in the
    wrong place would be quoted with it. Any word of the message that a secret detector
    recognises, or that holds a random-looking run (what code frames redact too), becomes
    ``[REDACTED]``, whatever rule wrote the message."""
    from . import secrets

    def secret(text: str) -> bool:
        return bool(secrets.scan_value(text)) or secrets.holds_random_blob(text)

    if len(message) < 8 or not secret(message):
        return message
    words = message.split(" ")
    for i, word in enumerate(words):
        if secret(word.strip(_WORD_EDGES)):
            words[i] = "[REDACTED]"
    out = " ".join(words)
    return out if not secret(out) else "message withheld: it quotes a secret"


def matches(rule: Rule, selector: str) -> bool:
    """Whether ``selector`` names ``rule``: its code, a code prefix (``SL1``), its name, one
    of its peer IDs (``DL3002``, ``CKV_K8S_20``, ``run-as-non-root``), ``pss:LEVEL`` for the
    rules of a Pod Security Standards profile, ``cis`` (or ``cis:1.2`` for a section) for those
    of the CIS Kubernetes Benchmark, an opt-in group (``hardening``, see
    ``OPT_IN_GROUPS``), or ``ALL``. Case-insensitive."""
    s = selector.strip()
    low = s.lower()
    if low == "all":
        return True
    if low.startswith("pss:"):  # a Pod Security Standards profile; restricted includes baseline
        level = low[4:]
        if level not in PSS_LEVELS:
            return False
        wanted = PSS_LEVELS[:PSS_LEVELS.index(level) + 1]
        return any(lv in wanted for lv in rule.pss_levels)
    if low == "cis" or low.startswith("cis:"):  # the CIS Kubernetes Benchmark, or a section
        want = low[4:]
        return any(not want or sec == want or sec.startswith(want + ".")
                   for sec in rule.cis_sections)
    if low == rule.name or s.upper() == rule.code:
        return True
    if low in OPT_IN_GROUPS:  # a group of opt-in rules: hardening, hygiene, style, ...
        return rule.opt_in == low
    if s.isalnum() and s.upper() == s and rule.code.startswith(s) and not s.isdigit():
        return True  # a code prefix such as SL2 or SL10
    key = peer_key(s)
    return any(key == peer_key(a) for a in rule.alias_ids())


_TRIVY_ID = lazyre.compile(r"^(?:AVD-)?(DS|KSV|KCV)-?0*(\d+)$")


def peer_key(peer_id: str) -> str:
    """A peer ID in one spelling for comparison: case folded, and Trivy's spellings of one
    check (``AVD-DS-0002``, ``DS-0002``, ``DS002``, ``ds-0002``) made one."""
    s = peer_id.strip().upper()
    m = _TRIVY_ID.match(s)
    return f"{m.group(1)}-{int(m.group(2)):04d}" if m else s


def related_to(rules: Iterable[Rule], peer_id: str) -> list[Rule]:
    """The rules that list ``peer_id`` as related (a similar check whose verdicts differ).
    Such an ID selects and suppresses nothing; this is for telling the user which rule to
    name instead."""
    key = peer_key(peer_id)
    return [r for r in rules if any(key == peer_key(i) for i in r.related_ids())]


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
