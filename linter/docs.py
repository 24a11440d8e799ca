"""Rule documentation from rule metadata: ``shiplint explain`` and ``docs/rules.md``.

``docs/rules.md`` is generated (``shiplint rules -f markdown > docs/rules.md``) and a test
checks that the checked-in file is up to date, so the reference never drifts from the code.
"""

from __future__ import annotations

from .engine import Rule

PEER_NAMES = {"hadolint": "hadolint", "buildkit": "docker build --check", "checkov": "Checkov",
              "trivy": "Trivy", "kics": "KICS", "kube-linter": "kube-linter", "dclint": "dclint",
              "polaris": "Polaris", "kube-score": "kube-score", "pss": "Pod Security Standards"}


def _aliases(rule: Rule, related: bool = False) -> list[str]:
    out = []
    for tool, ids in (rule.related if related else rule.aliases).items():
        ids = [ids] if isinstance(ids, str) else ids
        out.append(f"{PEER_NAMES.get(tool, tool)}: {', '.join(ids)}")
    return out


def source_file(rule: Rule) -> str:
    """Where ``rule`` is declared: a path in this repository for shiplint's own rules
    (``rules/compose/sl404_container_name_with_replicas.py``), the module's file for a
    third-party pack's, ``""`` when unknown."""
    module = rule.module
    if module.startswith("linter.rules."):
        return "rules/" + module[len("linter.rules."):].replace(".", "/") + ".py"
    if module.startswith("linter."):
        return module.replace(".", "/") + ".py"
    import sys

    return getattr(sys.modules.get(module), "__file__", None) or ""


def _opt_in(rule: Rule, sep: str) -> str:
    """How an opt-in rule is turned on (``""`` for a rule of the default set)."""
    if rule.enabled_by_default:
        return ""
    if rule.opt_in:
        return f"{sep}opt-in (group {rule.opt_in}: `--extend-select {rule.opt_in}`)"
    return f"{sep}opt-in (select it by code or name to run it)"


#: what ``Rule.fixable`` means, as the documentation says it
FIX_WORDS = {"safe": "`shiplint check --fix` applies them (they keep behaviour)",
             "unsafe": "they change behaviour: `shiplint check --fix --unsafe-fixes` applies "
                       "them; review the result"}


def fix_label(rule: Rule) -> str:
    """``safe``, ``unsafe`` or ``-`` (the rule writes no fix): the FIX column."""
    return rule.fixable or "-"


def _with(example) -> str:
    if not example.options:
        return ""
    return ", with options " + "; ".join(f"{rule}: {opts}" for rule, opts in example.options.items())


def explain_text(rule: Rule) -> str:
    """The whole documentation of one rule as plain text."""
    lines = [f"{rule.code} {rule.name} [{rule.severity}]", "", rule.summary, ""]
    lines += ["Why:", f"  {rule.rationale}", "", "Fix:", f"  {rule.remediation}", ""]
    lines.append(f"Formats: {', '.join(rule.formats) or 'any'}" + _opt_in(rule, "   "))
    if rule.fixable:
        lines.append(f"Fixes: {rule.fixable}, " + FIX_WORDS[rule.fixable].replace("`", ""))
    if rule.aliases:
        lines += ["", "Same as:"] + [f"  {a}" for a in _aliases(rule)]
    if rule.related:
        lines += ["", "Related (not the same verdicts):"] + [f"  {a}" for a in _aliases(rule, True)]
    if rule.options:
        lines += ["", "Options (configure under options." + rule.name + "):"]
        lines += [f"  {k}: default {v!r}" for k, v in rule.options.items()]
    if rule.references:
        lines += ["", "References:"] + [f"  {r}" for r in rule.references]
    if source_file(rule):
        lines += ["", f"Defined in: {source_file(rule)}"]
    for title, examples in (("Fails on", rule.failing[:2]), ("Passes", rule.passing[:2])):
        for ex in examples:
            lines += ["", f"{title} ({ex.filename}{_with(ex)}):"]
            lines += ["  " + ln for ln in _visible(ex.text).rstrip("\n").split("\n")]
            for name, text in (ex.files or {}).items():  # linted with it, in one run
                lines += [f"  with {name}:"] + ["    " + ln for ln in
                                                _visible(text).rstrip("\n").split("\n")]
    return "\n".join(lines) + "\n"


def _visible(text: str) -> str:
    """An example's text as shown: a control character other than a line feed or a tab as
    its symbol (``\r`` as U+240D ␍), so that a ``\r`` in a Dockerfile example (SL257) shows
    where it is instead of breaking the line or moving the terminal's cursor."""
    if all(c.isprintable() or c in "\n\t" for c in text):
        return text
    return "".join(chr(0x2400 + ord(c)) if ord(c) < 0x20 and c not in "\n\t"
                   else "\u2421" if c == "\x7f" else c for c in text)


def _md_escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def markdown_reference(rules: list[Rule]) -> str:
    """The rule reference in Markdown: an index table, then one section per rule."""
    out = ["# shiplint rule reference", "",
           "Generated from the rules' metadata by `shiplint rules -f markdown`; do not edit.", "",
           "| code | name | severity | formats | fix | summary |",
           "| --- | --- | --- | --- | --- | --- |"]
    for r in rules:
        out.append(f"| [{r.code}](#{r.code.lower()}) | {r.name} | {r.severity} | "
                   f"{', '.join(r.formats) or 'any'} | {fix_label(r)} | {_md_escape(r.summary)} |")
    for r in rules:
        out += ["", f"## {r.code}", "", f"**{r.name}** · severity {r.severity} · "
                f"formats: {', '.join(r.formats) or 'any'}" + _opt_in(r, " · "), "",
                r.summary, "",
                f"**Why.** {r.rationale}", "", f"**Fix.** {r.remediation}"]
        if r.fixable:
            out += ["", f"**Fixes** ({r.fixable}): {FIX_WORDS[r.fixable]}."]
        if r.aliases:
            out += ["", "**Same as.** " + "; ".join(_aliases(r))]
        if r.related:
            out += ["", "**Related** (not the same verdicts). " + "; ".join(_aliases(r, True))]
        if r.options:
            out += ["", "**Options.** " + ", ".join(f"`{k}` (default `{v!r}`)"
                                                     for k, v in r.options.items())]
        if r.references:
            out += ["", "**References.**", ""] + [
                f"- <{ref}>" if ref.startswith("http") else f"- {ref}" for ref in r.references]
        if source_file(r):
            out += ["", f"**Defined in** [`{source_file(r)}`](../{source_file(r)})."]
        for title, examples in (("Fails on", r.failing[:1]), ("Passes", r.passing[:1])):
            for ex in examples:
                lang = "dockerfile" if "ocker" in ex.filename or "ontainer" in ex.filename \
                    else "yaml"
                out += ["", f"{title} (`{ex.filename}`{_with(ex)}):", "", f"```{lang}",
                        _visible(ex.text).rstrip("\n"), "```"]
                for name, text in (ex.files or {}).items():  # linted with it, in one run
                    kind = "dockerfile" if "ocker" in name else "yaml"
                    out += ["", f"with `{name}`:", "", f"```{kind}", _visible(text).rstrip("\n"),
                            "```"]
    return "\n".join(out) + "\n"
