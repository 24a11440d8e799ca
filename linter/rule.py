"""What a rule is: metadata, examples and one check per kind of tree it looks at.

Every rule, the engine's own included, is declared the same way, one rule to a module named
by its code and name (``rules/compose/sl404_container_name_with_replicas.py``)::

    RULE = Rule(
        code="SL404", name="container-name-with-replicas", severity=Severity.HIGH,
        summary=..., rationale=..., remediation=..., references=[...],
        aliases={"dclint": "no-duplicate-container-names"},
        failing=lambda: [Example("compose.yaml", "...")],
        passing=lambda: [Example("compose.yaml", "...")],
    )

    @RULE.check(Service)
    def check(service: Service) -> Iterator[Hit]:
        ...

A *check* takes one target (a ``Dockerfile``, a Compose ``Service``, a Kubernetes
``PodTemplate``, ...) and yields ``Hit`` objects; the engine turns hits into findings with
the rule's code, severity and the file's path, so rules know nothing of paths, output or
configuration.

What changes how shiplint treats a rule's findings is a typed field (``security``,
``masks_source``, ``reports_overridden``), never a tag: ``tags`` are documentation only.
"""

from __future__ import annotations

import sys
from contextvars import ContextVar

from .findings import Autofix, Severity, Span
from .plain import Frozen, Plain

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Any, Callable, Iterable

_UPPER = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
_LOWER = frozenset("abcdefghijklmnopqrstuvwxyz")
_DIGITS = frozenset("0123456789")
_CODE_CHARS = _UPPER | _DIGITS
_NAME_CHARS = _LOWER | _DIGITS | {"-"}


# Every rule is checked when it is made (fourteen of the engine's own on every run): by
# sets of characters, not the patterns ``^[A-Z][A-Z0-9]*[0-9]{3,}$`` and
# ``^[a-z][a-z0-9]*(-[a-z0-9]+)*$``, whose compiling cost every run 0.2 ms (issue #14).

def _is_code(text: str) -> bool:
    """``SL101``: a capital letter, capitals and digits, at least three digits at the end."""
    return bool(text) and text[0] in _UPPER and set(text) <= _CODE_CHARS \
        and len(text) - len(text.rstrip("0123456789")) >= 3


def _is_name(text: str) -> bool:
    """``runs-as-root``: lower-case words of letters and digits joined by single dashes,
    the first starting with a letter."""
    return bool(text) and text[0] in _LOWER and set(text) <= _NAME_CHARS \
        and "--" not in text and not text.endswith("-")

#: Peer tools whose rule IDs may appear in ``Rule.aliases``.
PEER_TOOLS = ("hadolint", "buildkit", "checkov", "trivy", "kics", "kube-linter", "dclint",
              "polaris", "kube-score", "kubesec", "pss", "cis")

#: The Pod Security Standards levels, weakest first (``restricted`` includes ``baseline``).
PSS_LEVELS = ("baseline", "restricted")

#: What ``Rule.fixable`` may say: no fixes, fixes that keep behaviour, fixes to review.
FIXABLE = (None, "safe", "unsafe")

#: The groups of rules that are off by default, and what each holds; ``--extend-select
#: NAME`` (or ``extend-select: [NAME]``) turns a group on.
OPT_IN_GROUPS = {
    "hardening": "container hardening beyond the baseline: drop ALL capabilities, no "
                 "privilege escalation, a seccomp profile, a read-only root filesystem, "
                 "probes, no default namespace (PSS restricted and the usual hygiene)",
    "hygiene": "image build hygiene: package version pins, caches and recommends left in "
               "layers, download and shell habits",
    "style": "how files are written, not what they do: key order, casing, deprecated forms",
    "diagnostics": "what shiplint could not check, said once per object (kinds without a "
                   "schema)",
}


_setattr = object.__setattr__  # Example's fields: it is frozen


class Example(Frozen):
    """A file a rule's documentation shows and the test-suite lints: ``filename`` decides the
    kind of file (``Dockerfile``, ``compose.yaml``, ``pod.yaml``), ``text`` is its content,
    ``options`` the configuration a configurable rule needs to say anything. (A frozen
    dataclass before; ``linter.plain``: every rule module makes some, issue #14.)"""

    __slots__ = ("filename", "text", "options", "files")
    FIELDS = __slots__

    def __init__(self, filename: str, text: str,
                 options: dict[str, dict[str, Any]] | None = None,
                 files: dict[str, str] | None = None) -> None:
        # options: the rule options the example is linted with ({rule-name: {option:
        # value}}); files: the other files linted with it in one run, by path (the
        # Dockerfile and Compose file a check across formats relates it to). Set directly
        # (``_assign`` takes twice as long): a run makes some 300 (start-up, issue #14)
        _set = _setattr
        _set(self, "filename", filename)
        _set(self, "text", text)
        _set(self, "options", options)
        _set(self, "files", files)


class Hit(Plain):
    """What a check yields: where (a ``Span`` or any node with a ``span``) and a message.
    ``severity`` overrides the rule's default for this one hit (e.g. a live vs a test key).
    (A dataclass before: ``linter.plain``.)"""

    __slots__ = ("at", "message", "severity", "fix", "path", "autofix")
    FIELDS = __slots__

    def __init__(self, at: Any, message: str, severity: Severity | None = None,
                 fix: str | None = None, path: str | None = None,
                 autofix: Autofix | None = None) -> None:
        # path: checks over several files must say which file the hit is in; autofix: the
        # edits that fix it (``linter.findings.Autofix``), when the rule can write them.
        # Set directly: one per finding (``_assign`` takes twice as long)
        self.at = at
        self.message = message
        self.severity = severity
        self.fix = fix
        self.path = path
        self.autofix = autofix

    @property
    def span(self) -> Span:
        at = self.at
        if isinstance(at, Span):
            return at
        span = getattr(at, "span", None)
        return span if isinstance(span, Span) else Span()


if TYPE_CHECKING:
    Check = Callable[[Any], Iterable[Hit]]
    #: a rule's examples: a list, or a function that makes it (``Rule``)
    Examples = list[Example] | Callable[[], list[Example]]
else:  # at run time only a name (linter.engine re-exports it), and typing is not imported
    from collections.abc import Callable as Check


def is_target(target_type: type, registered: type | str) -> bool:
    """Whether a check registered for ``registered`` (a type, or ``"module:Class"``) checks
    targets of ``target_type``. A class named by its module is looked up only once that
    module is loaded: before, no target can be of it (nor of a subclass, whose module
    imports it)."""
    if isinstance(registered, str):
        module, _, name = registered.partition(":")
        loaded = sys.modules.get(module)
        if loaded is None:
            return False
        registered = getattr(loaded, name)
    return issubclass(target_type, registered)

# The rule options of the configuration in force while the engine runs checks.
RULE_OPTIONS: ContextVar[dict[str, dict[str, Any]]] = ContextVar("shiplint_rule_options",
                                                                  default={})
# The run's settings (``kubernetes-version``): a rule option of the same name falls back to them.
RULE_SETTINGS: ContextVar[dict[str, Any]] = ContextVar("shiplint_rule_settings", default={})


class _Made:
    """A rule's ``failing`` or ``passing`` examples: a list, or a function that makes one,
    made the first time they are asked for (see ``Rule``); kept as ``_failing`` /
    ``_passing``."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.slot = "_" + name

    def __get__(self, rule: Any, owner: type | None = None) -> Any:
        if rule is None:
            return self
        made = rule.__dict__[self.slot]
        if callable(made):
            made = rule.__dict__[self.slot] = list(made())
        return made

    def __set__(self, rule: Any, examples: Examples) -> None:
        rule.__dict__[self.slot] = examples


class Rule(Plain):
    """One rule. ``code`` is stable (``SL101``), ``name`` kebab-case (``unpinned-image``).

    ``aliases`` maps a peer tool (see ``PEER_TOOLS``) to its *equivalent* rule ID or IDs: the
    same check with the same verdicts on the peer's own examples. They are promises:
    ``--select``/``--ignore`` with them, the peer's inline ignores, ``explain`` and SARIF rely
    on them (a test runs the peer's smallest failing example, rewritten, for each). The
    ``pss`` entry names the Pod Security Standards controls (``baseline/privileged``) the rule
    enforces, which puts it in that profile; the ``cis`` entry names the CIS Kubernetes
    Benchmark sections (``1.2.1``, ``5.2.2``) the rule checks, which puts it in the ``cis``
    profile (``--profile cis``, ``select: [cis]``, ``cis:1.2`` for a section). ``related`` has the same shape for the peers'
    checks on the same topic whose verdicts differ: shown in the documentation, never used to
    select or suppress. ``failing`` examples must produce at least one
    finding of this rule, ``passing`` none; the test-suite runs them all. Each is a list of
    examples or a function that returns one (``failing=lambda: [Example(...)]``): the
    function runs the first time the examples are asked for (by the tests, the
    documentation, ``shiplint explain``), never on a run, which needs none (building
    them cost about 2 ms of a one-manifest run's start-up, issue #14). ``checks`` maps a
    target type to the functions that check it; add them with the ``@rule.check(TargetType)``
    decorator. ``enabled_by_default=False`` makes an opt-in rule (it runs only when selected
    by code, name or alias). ``unavailable`` returns why the rule cannot run on this machine
    (``None`` when it can). ``options`` declares the rule's settings with their defaults; a
    check reads them with ``rule.option(name)``, which returns the value configured under
    ``options.<rule-name>`` for the file at hand.

    Behaviour flags:

    * ``security``: a security rule (SARIF gives it a ``security-severity``, so GitHub code
      scanning ranks it as a vulnerability); ``False`` for correctness, style and hygiene.
    * ``masks_source``: ``--show-source`` masks the quoted lines of its findings (they are
      about secrets, and the line may hold one).
    * ``reports_overridden``: in a Compose project, a value that a file merged later replaces
      is still reported where it is written (a committed secret stays committed; Compose
      validates each file before merging). By default such a value is not reported: the
      merged project does not use it.
    * ``opt_in``: the group (``OPT_IN_GROUPS``) of a rule that is off by default because a
      review rarely acts on it alone; the group's name selects all of them. A rule may be
      off by default without a group (``enabled_by_default=False``).
    * ``incomplete``: a finding of the rule means shiplint could not lint something it was
      asked to (a file it cannot read or parse, a chart or kustomization it cannot render):
      the run is incomplete, which fails it unless ``--allow-incomplete``.
    * ``bug``: a finding of the rule is a bug of shiplint's (a check that raised): the run
      reports everything else and exits 2.
    * ``fixable``: ``"safe"`` when the rule writes fixes (``Hit.autofix``) that keep
      behaviour, so ``shiplint check --fix`` applies them (one that is not safe in a given
      case says so in its own ``Autofix.safe``); ``"unsafe"`` when its fixes change
      behaviour and need ``--unsafe-fixes``; ``None`` (the default) when it writes none.
    * ``since``: the rule set it came with (see ``linter.releases``): a team that pins an
      older rule set with ``rule-set:`` still runs it, as preview (reported, never failing).
    * ``fragments``: the rule judges partial objects too (a Kustomize patch holds only what
      it changes). Rules that report what is written (``privileged: true``, a hostPath) set
      it; rules that report what is missing (no limits, no probe) do not, and skip them.
    * ``refines``: codes of rules whose finding at the same place a finding of this rule
      makes redundant (it reports the same value, with what only another file shows: a
      Compose ``user: root`` that undoes its Dockerfile's USER); the run keeps this one.
    """

    FIELDS = ("code", "name", "severity", "summary", "rationale", "remediation", "references",
              "aliases", "related", "failing", "passing", "tags", "enabled_by_default",
              "security", "masks_source", "reports_overridden", "fragments", "refines",
              "incomplete", "bug", "opt_in", "fixable", "since", "options", "unavailable",
              "checks", "module")
    __eq__ = object.__eq__  # each rule is itself (``eq=False``)
    __hash__ = object.__hash__

    def __init__(self, code: str, name: str, severity: Severity, summary: str,
                 rationale: str, remediation: str, references: list[str] | None = None,
                 aliases: dict[str, str | list[str]] | None = None,
                 related: dict[str, str | list[str]] | None = None,
                 failing: Examples | None = None, passing: Examples | None = None,
                 tags: list[str] | None = None, enabled_by_default: bool = True,
                 security: bool = True, masks_source: bool = False,
                 reports_overridden: bool = False, fragments: bool = False,
                 refines: tuple[str, ...] = (), incomplete: bool = False, bug: bool = False,
                 opt_in: str | None = None, fixable: str | None = None, since: str = "",
                 options: dict[str, Any] | None = None,
                 unavailable: Callable[[], str | None] | None = None,
                 checks: dict[type, list[Check]] | None = None, module: str = "") -> None:
        # tags: documentation only, the topics of the rule (``privilege``,
        # ``supply-chain``...); fixable: whether its findings carry fixes, and how safe
        # ("safe", "unsafe" or None: see above); since: the rule set (release) the rule came
        # with: ``""`` looks it up in ``linter.releases`` (the table of released rule sets;
        # a built-in rule in none of them is in the release being prepared), ``"next"``:
        # written but not released yet, off until ``--preview-rule-set next`` previews it
        # or a selector names it; unavailable: says why the rule cannot run here (a program
        # or package missing), else None, ``shiplint check --verbose`` prints it for the
        # selected rules; module: the module that declares the rule (``shiplint explain``
        # prints its file), set by the loader that finds the rule in a module
        # direct assignments, not ``_assign(locals())``: every run makes a rule per rule
        # module it imports (80 to 130), and this halves their making (start-up, issue #14);
        # None: a fresh list or dict each, like a dataclass field factory
        self.code = code
        self.name = name
        self.severity = severity
        self.summary = summary
        self.rationale = rationale
        self.remediation = remediation
        self.references = [] if references is None else references
        self.aliases = {} if aliases is None else aliases
        self.related = {} if related is None else related
        self._failing = [] if failing is None else failing
        self._passing = [] if passing is None else passing
        self.tags = [] if tags is None else tags
        self.enabled_by_default = enabled_by_default
        self.security = security
        self.masks_source = masks_source
        self.reports_overridden = reports_overridden
        self.fragments = fragments
        self.refines = refines
        self.incomplete = incomplete
        self.bug = bug
        self.opt_in = opt_in
        self.fixable = fixable
        self.since = since
        self.options = {} if options is None else options
        self.unavailable = unavailable
        self.checks = {} if checks is None else checks
        self.module = module
        self.__post_init__()

    failing = _Made()
    passing = _Made()

    def __getstate__(self) -> dict[str, Any]:
        """Pickled with its examples made: the function that makes them may not pickle (a
        lambda), and a rule may travel (to a process a spawn-based pool starts)."""
        self.failing, self.passing  # noqa: B018 - made, if they were not yet
        return self.__dict__

    def __post_init__(self) -> None:
        if not _is_code(self.code):
            raise ValueError(f"rule code {self.code!r} must look like SL101")
        if not _is_name(self.name):
            raise ValueError(f"rule name {self.name!r} must be kebab-case")
        unknown = (set(self.aliases) | set(self.related)) - set(PEER_TOOLS)
        if unknown:
            raise ValueError(f"rule {self.code}: unknown peer tool(s) in aliases: {sorted(unknown)}")
        if self.opt_in is not None:
            if self.opt_in not in OPT_IN_GROUPS:
                raise ValueError(f"rule {self.code}: opt_in must be one of {sorted(OPT_IN_GROUPS)}")
            self.enabled_by_default = False
        if self.fixable not in FIXABLE:
            raise ValueError(f"rule {self.code}: fixable must be one of {FIXABLE}")

    def check(self, *targets: type | str) -> Callable[[Check], Check]:
        """Decorator: register ``fn`` as this rule's check of ``targets`` trees (one type or
        several: ``@RULE.check(Dockerfile, Service)``). A target may be named
        ``"module:Class"`` (``"linter.kubernetes.tree:PodTemplate"``): a rule of several
        formats then does not import the trees of the others, and a run over one Dockerfile
        does not import the Kubernetes and Compose models (issue #14); see ``is_target``."""

        def register(fn: Check) -> Check:
            for target in targets:
                self.checks.setdefault(target, []).append(fn)
            return fn

        return register

    def option(self, name: str) -> Any:
        """The configured value of option ``name``: set for this rule under
        ``options.<rule-name>``, else the run's setting of that name (``kubernetes-version``),
        else the rule's default. Raises ``KeyError`` for an option the rule does not declare."""
        default = self.options[name]
        mine = RULE_OPTIONS.get().get(self.name, {})
        return mine[name] if name in mine else RULE_SETTINGS.get().get(name, default)

    @property
    def formats(self) -> list[str]:
        """The file formats this rule looks at (from its checks' target modules)."""
        out = []
        for t in self.checks:
            fmt = t.partition(":")[0].split(".")[1] if isinstance(t, str) else \
                getattr(t, "FORMAT", None) or t.__module__.split(".")[1]
            if fmt not in out:
                out.append(fmt)
        return out

    @property
    def pss_levels(self) -> tuple[str, ...]:
        """The Pod Security Standards levels whose controls this rule enforces (from its
        ``pss`` aliases, ``baseline/...`` or ``restricted/...``)."""
        ids = _ids(self.aliases.get("pss", ()))
        return tuple(level for level in PSS_LEVELS if any(i.split("/", 1)[0] == level for i in ids))

    @property
    def cis_sections(self) -> tuple[str, ...]:
        """The CIS Kubernetes Benchmark sections this rule checks (its ``cis`` aliases)."""
        return tuple(_ids(self.aliases.get("cis", ())))

    def alias_ids(self) -> list[str]:
        """The peers' IDs of the same check (``aliases``), flattened."""
        return _flat(self.aliases)

    def related_ids(self) -> list[str]:
        """The peers' IDs of related checks (``related``), flattened."""
        return _flat(self.related)


#: the fields of a ``Rule`` that default to a new list or dict


def _ids(value: str | list[str] | tuple) -> list[str]:
    """One peer's IDs: written as one string or as a list."""
    return [value] if isinstance(value, str) else list(value)


def _flat(ids: dict[str, str | list[str]]) -> list[str]:
    return [i for v in ids.values() for i in _ids(v)]
