"""Rule sets: which rules each release ran by default, and when each rule came.

A team pins its default selection with ``rule-set: "0.1"`` (or a date, ``2026-12-01``: the
last release out by then) in its configuration. The pinned run selects what that release
selected by default; rules that joined the default set later still run, as *preview*: they
are reported, marked "new since your rule set", and never fail the run, until the team
moves the pin. ``--preview-rule-set next`` adds the rules the next release will bring
(``Rule.since == "next"``), the same way.

The data lives here, in one place, rather than on every rule module: a released rule set is
history and never changes, so it is a frozen table (``RELEASED``); every built-in rule that
is in no released set belongs to the release being prepared (``CURRENT``) unless its module
says ``since="next"`` (written, not yet to ship). ``tests/test_rule_sets.py`` checks the
table against the rules of the tree and against ``CHANGELOG.md``.

Cutting a release: add its line to ``RELEASED`` with ``frozen_table(rules, CURRENT, date)``
(the codes of the tree's default set and of every rule), bump ``CURRENT``, and turn the
``since="next"`` of the rules it ships into nothing (they are then in ``CURRENT``).
"""

from __future__ import annotations

from . import lazyre
from .plain import Frozen
from .rule import Rule

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterable

#: the release this tree will be (its default set is the tree's own)
CURRENT = "0.2"
#: the pseudo rule set of rules written but not released yet (``Rule.since = "next"``)
NEXT = "next"


class Release(Frozen):
    """A released rule set: its name, its date, every rule it had (``rules``) and the ones
    it ran by default (``defaults``), by code. (A frozen dataclass before: ``linter.plain``,
    start-up.)"""

    __slots__ = FIELDS = ("name", "date", "rules", "defaults")

    def __init__(self, name: str, date: str, rules: frozenset[str],
                 defaults: frozenset[str]) -> None:
        self._assign(locals())


def _codes(text: str) -> frozenset[str]:
    return frozenset(text.split())


# 0.1.0: the tree at commit ae9d4eb (2026-11-30), 154 rules, 134 of them on by default
_V01_DEFAULTS = _codes("""
SL001 SL002 SL003 SL004 SL005 SL006 SL007 SL008 SL010 SL101 SL102 SL103 SL104 SL105 SL120
SL121 SL122 SL123 SL124 SL125 SL126 SL127 SL128 SL129 SL130 SL131 SL132 SL201 SL202 SL203
SL204 SL205 SL206 SL207 SL208 SL211 SL212 SL213 SL216 SL217 SL218 SL219 SL220 SL221 SL222
SL223 SL224 SL230 SL231 SL232 SL233 SL234 SL235 SL236 SL237 SL238 SL240 SL241 SL242 SL243
SL244 SL245 SL250 SL251 SL252 SL253 SL254 SL255 SL260 SL261 SL270 SL271 SL272 SL273 SL274
SL280 SL300 SL301 SL302 SL303 SL304 SL305 SL306 SL308 SL310 SL311 SL312 SL313 SL314 SL315
SL316 SL317 SL318 SL319 SL320 SL321 SL322 SL323 SL324 SL325 SL326 SL330 SL331 SL332 SL333
SL334 SL335 SL336 SL390 SL391 SL401 SL402 SL403 SL404 SL405 SL406 SL408 SL409 SL410 SL411
SL412 SL413 SL414 SL415 SL416 SL422 SL428 SL429 SL433 SL434 SL435 SL436 SL500 SL501
""")
_V01_OFF = _codes("""
SL009 SL239 SL246 SL290 SL307 SL309 SL407 SL417 SL418 SL419 SL420 SL421 SL423 SL424 SL425
SL426 SL427 SL430 SL431 SL432
""")

#: the released rule sets, oldest first
RELEASED: tuple[Release, ...] = (
    Release("0.1", "2026-11-30", _V01_DEFAULTS | _V01_OFF, _V01_DEFAULTS),
)

#: every rule set a pin or a preview may name, oldest first
ORDER: tuple[str, ...] = tuple(r.name for r in RELEASED) + (CURRENT, NEXT)

_DATE = lazyre.compile(r"^\d{4}-\d{2}-\d{2}$")
_VERSION = lazyre.compile(r"^v?(\d+)\.(\d+)(?:\.\d+)?$")


class RuleSetError(ValueError):
    """A rule set name or date that names no release (the message says which ones exist)."""


def _known() -> str:
    return ", ".join(f"{r.name} ({r.date})" for r in RELEASED) + f", {CURRENT} (this release)"


def resolve(value: str) -> str:
    """The rule set ``value`` names: a release (``0.1``, ``0.1.0``, ``v0.1``) or a date
    (``2026-12-01``: the last release out on that day). Raises ``RuleSetError``."""
    text = str(value).strip()
    if _DATE.match(text):
        import datetime  # not at import: start-up, issue #14

        try:
            day = datetime.date.fromisoformat(text)
        except ValueError:
            raise RuleSetError(f"{text!r} is not a date (YYYY-MM-DD)") from None
        out = [r.name for r in RELEASED if datetime.date.fromisoformat(r.date) <= day]
        if not out:
            raise RuleSetError(f"no rule set was released by {text}; the rule sets are: "
                               f"{_known()}")
        return out[-1]
    m = _VERSION.match(text)
    name = f"{int(m.group(1))}.{int(m.group(2))}" if m else text
    if name not in ORDER or name == NEXT:
        raise RuleSetError(f"{text!r} is not a rule set; the rule sets are: {_known()} "
                           "(or a date, YYYY-MM-DD)")
    return name


def rank(name: str) -> int:
    """The position of a rule set in time (``ORDER``)."""
    return ORDER.index(name)


def since(rule: Rule) -> str:
    """The rule set a rule came with: its own ``since`` when it says, else the first released
    set that has it, else ``CURRENT`` for a built-in rule. A rule of another pack (not
    ``linter.*``) that says nothing is outside shiplint's rule sets: ``""``, never preview."""
    if rule.since:
        return rule.since
    for release in RELEASED:
        if rule.code in release.rules:
            return release.name
    return CURRENT if rule.module.startswith("linter.") or not rule.module else ""


def in_default_set(rule: Rule, name: str) -> bool:
    """Whether ``rule`` runs by default in rule set ``name`` (a released one by its table,
    ``CURRENT`` by the tree: ``enabled_by_default`` and released, ``next`` too with the
    rules that say ``since="next"``)."""
    for release in RELEASED:
        if release.name == name:
            return rule.code in release.defaults
    came = since(rule)
    if not rule.enabled_by_default:
        return False
    return came != NEXT or name == NEXT


def joined(rule: Rule) -> str:
    """The first rule set whose default set holds ``rule`` (``""``: none, an opt-in rule)."""
    for name in ORDER:
        if in_default_set(rule, name):
            return name
    return ""


def apply(rules: Iterable[Rule], chosen: list[Rule], *, replaced: bool, named: set[str],
          ignored: set[str], pin: str | None, preview_of: str | None
          ) -> tuple[list[Rule], dict[str, str]]:
    """Pin a selection made as today's release makes it (``chosen``); returns the rules to
    run and the preview ones among them (code -> the rule set they came with).

    ``replaced``: the configuration's ``select`` replaced the default set (then the pin only
    decides which of the selected rules are preview). ``named``: codes of the rules a
    selector names one by one (code, name or peer ID): those are never preview, whatever
    their age. ``ignored``: codes switched off. ``pin``: the rule set pinned (``None``:
    today's). ``preview_of``: ``next`` adds the rules the next release brings, as preview.
    A rule not released yet (``since="next"``) runs only when named or previewed."""
    rules = list(rules)
    preview: dict[str, str] = {}
    out: list[Rule] = []
    for r in chosen:
        came = since(r)
        if r.code in named or came not in ORDER or r.module.startswith("linter.core."):
            out.append(r)  # the engine's own rules report on shiplint itself: never pinned
        elif came == NEXT:
            if preview_of == NEXT:
                out.append(r)
                preview[r.code] = NEXT
        elif pin is None:
            out.append(r)
        elif not replaced and in_default_set(r, pin):
            out.append(r)
        elif not replaced and r.enabled_by_default:
            out.append(r)  # joined the default set after the pinned release
            preview[r.code] = joined(r) or came
        else:  # selected by a group, a prefix or ALL: preview if it came after the pin
            out.append(r)
            if rank(came) > rank(pin):
                preview[r.code] = came
    have = {r.code for r in out}
    for r in rules:
        if r.code in have or r.code in ignored:
            continue
        if pin is not None and not replaced and in_default_set(r, pin):
            # the pinned release's default set as it was: a rule moved out of the default
            # set since still runs for a team pinned before the move
            out.append(r)
        elif preview_of == NEXT and since(r) == NEXT and r.enabled_by_default:
            out.append(r)
            preview[r.code] = NEXT
    return out, preview


def select(rules: Iterable[Rule], chosen: list[Rule], *, select: Iterable[str],
           extend_select: Iterable[str], ignore: Iterable[str], pin: str | None,
           preview_of: str | None) -> tuple[list[Rule], dict[str, str]]:
    """``apply`` for a configuration's selectors (see ``linter.runner.engine_for``)."""
    from .engine import matches, peer_key

    rules = list(rules)
    select, extend_select = list(select), list(extend_select)

    def names(rule: Rule, selector: str) -> bool:  # one by one: code, name or peer ID
        s = selector.strip()
        return s.upper() == rule.code or s.lower() == rule.name or \
            any(peer_key(s) == peer_key(a) for a in rule.alias_ids())

    named = {r.code for r in rules if any(names(r, s) for s in select + extend_select)}
    ignored = {r.code for r in rules if any(matches(r, s) for s in ignore)}
    return apply(rules, chosen, replaced=bool(select), named=named, ignored=ignored, pin=pin,
                 preview_of=preview_of)


def frozen_table(rules: Iterable[Rule], name: str, date: str) -> str:
    """The ``Release(...)`` line to add to ``RELEASED`` when ``name`` ships on ``date``: the
    codes of every released rule of the tree and of its default set."""
    rules = [r for r in rules if since(r) and since(r) != NEXT]
    every = " ".join(sorted(r.code for r in rules))
    defaults = " ".join(sorted(r.code for r in rules if in_default_set(r, name)))
    return (f'Release("{name}", "{date}", _codes("""{every}"""),\n'
            f'        _codes("""{defaults}""")),')
