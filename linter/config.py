"""Configuration: ``.shiplint.yaml`` or ``[tool.shiplint]`` in ``pyproject.toml``.

Discovery: the nearest configuration file up from each linted file (``.shiplint.yaml``,
``.shiplint.yml``, or a ``pyproject.toml`` that has a ``[tool.shiplint]`` table; in that order
within one directory), unless ``--config FILE`` names one for the whole run. Files are not
merged: the nearest one wins, as in ruff. Command-line flags override the file.

Every file is validated against ``SCHEMA`` (a JSON Schema, checked with jsonschema), so a typo
is an error naming the key and the file, with a suggestion; selectors (codes, names, aliases)
that match no rule are errors too. Errors raise ``ConfigError``; the CLI exits 2 with its text.

Keys (kebab-case; paths and globs are relative to the directory of the configuration file)::

    select, extend-select, ignore: [selector]   # SL101, SL1, runs-as-root, DL3002, pss:baseline, ALL
    per-file-ignores: {glob: [selector]}
    exclude, extend-exclude: [glob]             # files and directories not linted
    severity: {selector: info|low|medium|high|critical|off}    # off: like ignore
    fail-on: info|low|medium|high|critical      # lowest severity that fails the run (default low)
    profile: baseline|restricted|cis            # Pod Security Standards or CIS Benchmark profile
    require-reason: bool                        # inline suppressions must give a reason
    options: {rule-name: {option: value}}       # rule options (trusted registries, ...)
    exceptions: [{rule, path, kind, name, namespace, container, service, stage, reason,
                  expires}]                     # accepted findings, see linter.exceptions
    locked: [selector]                          # rules inline suppressions cannot switch off
    rule-set: "0.1" | YYYY-MM-DD                # pin the default selection (linter.releases)
    preview-rule-set: next                      # preview the rules of the next release
    pod-templates: [{apiVersion, kind, path}]   # where custom resources hold a pod template
    charts: {chart-dir-glob: {renders: [{name, values, set, release, namespace,
                                         kubernetes-version}]}}  # each chart's renders
    images: {image-name: Dockerfile}            # the Dockerfile an image is built from
"""

from __future__ import annotations

import fnmatch
import os
import sys

from .engine import LazyRules, Rule, known_selector, matches, related_to
from .findings import Finding, Severity
from .plain import Plain

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Any, Iterable
    from .exceptions import Entry


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """``linter.suggest``'s hint, imported only when a configuration has an error to hint
    at (a Dockerfile run imports it for nothing else: start-up, issue #14)."""
    from .suggest import did_you_mean as hint

    return hint(word, candidates)


CONFIG_NAMES = (".shiplint.yaml", ".shiplint.yml", "pyproject.toml")
_SEVERITIES = [str(s) for s in Severity]

SCHEMA: dict[str, Any] = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "title": "shiplint configuration",
    "type": "object",
    "additionalProperties": False,
    "definitions": {
        "selectors": {"type": "array", "items": {"type": "string", "minLength": 1}},
        "globs": {"type": "array", "items": {"type": "string", "minLength": 1}},
        "severity": {"type": "string", "enum": _SEVERITIES},
        # one entry of `exceptions` (linter.exceptions)
        "exception": {"type": "object", "additionalProperties": False,
                      "required": ["rule", "reason"], "properties": {
                          "rule": {"anyOf": [{"type": "string", "minLength": 1},
                                             {"type": "array", "minItems": 1, "items": {
                                                 "type": "string", "minLength": 1}}]},
                          "reason": {"type": "string", "pattern": r"\S"},
                          "expires": {"type": "string"},
                          **{k: {"type": "string", "minLength": 1} for k in (
                              "path", "kind", "name", "namespace", "container", "service",
                              "stage")}}},
        # one `helm template` of a chart (`charts`): values files relative to the chart
        "render": {"type": "object", "additionalProperties": False, "properties": {
            "name": {"type": "string", "minLength": 1},
            "values": {"type": "array", "items": {"type": "string", "minLength": 1}},
            "set": {"type": "object", "propertyNames": {"pattern": r"^[^,=\s-][^,=\s]*$"},
                    "additionalProperties": {"type": ["string", "number", "boolean", "null"]}},
            # names as helm and Kubernetes take them (never read as a helm flag)
            "release": {"type": "string", "maxLength": 53,
                        "pattern": r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$"},
            "namespace": {"type": "string", "maxLength": 63,
                          "pattern": r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"},
            "kubernetes-version": {"type": "string", "pattern": r"^v?\d+\.\d+(\.\d+)?$"}}},
    },
    "properties": {
        "select": {"$ref": "#/definitions/selectors"},
        "extend-select": {"$ref": "#/definitions/selectors"},
        "ignore": {"$ref": "#/definitions/selectors"},
        "per-file-ignores": {"type": "object",
                             "additionalProperties": {"$ref": "#/definitions/selectors"}},
        "exclude": {"$ref": "#/definitions/globs"},
        "extend-exclude": {"$ref": "#/definitions/globs"},
        "severity": {"type": "object",
                     "additionalProperties": {"type": "string", "enum": _SEVERITIES + ["off"]}},
        "fail-on": {"$ref": "#/definitions/severity"},
        "profile": {"type": "string", "enum": ["baseline", "restricted", "cis"]},
        "require-reason": {"type": "boolean"},
        "options": {"type": "object", "additionalProperties": {"type": "object"}},
        "kubernetes-version": {"type": ["string", "number"]},
        "exceptions": {"type": "array", "items": {"$ref": "#/definitions/exception"}},
        "locked": {"$ref": "#/definitions/selectors"},
        "rule-set": {"type": ["string", "number"]},
        "preview-rule-set": {"type": "string", "enum": ["next"]},
        "pod-templates": {"type": "array", "items": {
            "type": "object", "additionalProperties": False,
            "required": ["apiVersion", "kind", "path"], "properties": {
                "apiVersion": {"type": "string", "minLength": 1},
                "kind": {"type": "string", "minLength": 1},
                "path": {"type": "string", "pattern": r"^[^.\[\]]+(\[\])?(\.[^.\[\]]+(\[\])?)*$"}}}},
        "charts": {"type": "object", "additionalProperties": {
            "type": "object", "additionalProperties": False, "required": ["renders"],
            "properties": {"renders": {"type": "array", "minItems": 1,
                                       "items": {"$ref": "#/definitions/render"}}}}},
        "images": {"type": "object", "additionalProperties": {"type": "string", "minLength": 1}},
    },
}

#: Directories and files never linted unless named explicitly (on top of the walk's own skips).
DEFAULT_EXCLUDE: tuple[str, ...] = ()


class ConfigError(Exception):
    """A configuration that cannot be used; the message names the file and the key."""


#: the fields of a ``Config`` in order, with their defaults (``list`` and ``dict``: a new one)
_CONFIG_FIELDS: tuple[tuple[str, Any], ...] = (
    ("root", "."),
    ("source", None),
    ("select", list),
    ("extend_select", list),
    ("ignore", list),
    ("per_file_ignores", dict),  # glob -> selectors
    ("exclude", list),
    ("severity", dict),  # selector -> Severity
    ("fail_on", Severity.LOW),
    ("profile", None),
    ("require_reason", False),
    ("options", dict),  # rule name -> option -> value
    # the Kubernetes version manifests are judged against (rules that declare the option
    # ``kubernetes-version`` read it unless their own option is set)
    ("kubernetes_version", None),
    # accepted findings (``exceptions``: ``linter.exceptions.Entry``), expired ones included
    # (they apply no more)
    ("exceptions", list),
    # selectors of the rules inline suppressions cannot switch off (``locked``)
    ("locked", list),
    # the rule set the default selection is pinned to (``rule-set``), resolved: ``0.1``
    ("rule_set", None),
    # ``next``: also run the rules of the next release, as preview (``preview-rule-set``)
    ("preview_rule_set", None),
    # where custom resources hold a pod template (``pod-templates``: apiVersion, kind, path)
    ("pod_templates", list),
    # chart directories (globs relative to ``root``) -> their renders (``charts``)
    ("charts", dict),
    # image name -> the absolute path of the Dockerfile it is built from (``images``)
    ("images", dict),
)


class Config(Plain):
    """A resolved configuration. ``root`` is the directory globs are relative to; ``source``
    the file it came from (``None`` for defaults). Made with keywords, the fields of
    ``_CONFIG_FIELDS`` (a dataclass before: ``linter.plain``, start-up); its ``repr`` names
    every field, and is what the cache keys a file's configuration by."""

    FIELDS = tuple(name for name, _ in _CONFIG_FIELDS)
    root: str
    source: str | None
    select: list[str]
    extend_select: list[str]
    ignore: list[str]
    per_file_ignores: dict[str, list[str]]
    exclude: list[str]
    severity: dict[str, Severity]
    fail_on: Severity
    profile: str | None
    require_reason: bool
    options: dict[str, dict[str, Any]]
    kubernetes_version: str | None
    exceptions: list[Entry]
    locked: list[str]
    rule_set: str | None
    preview_rule_set: str | None
    pod_templates: list[dict[str, str]]
    charts: dict[str, list[dict[str, Any]]]
    images: dict[str, str]

    def __init__(self, **given: Any) -> None:
        for name, default in _CONFIG_FIELDS:
            if name in given:
                value = given.pop(name)
            else:
                value = default() if default is list or default is dict else default
            setattr(self, name, value)
        if given:
            raise TypeError(f"Config() got an unexpected keyword argument {next(iter(given))!r}")

    def renders_for(self, chart: str) -> list[dict[str, Any]] | None:
        """The renders ``charts`` lists for the chart directory ``chart`` (``None``: none
        configured, the chart renders once with its default values)."""
        if not self.charts:
            return None
        rel = self._relative(chart)
        parts = rel.split("/")
        return next((r for g, r in self.charts.items() if _glob_match(rel, parts, g)), None)

    def exception_for(self, finding: Finding, rule: Rule | None,
                      path: str | None = None) -> Entry | None:
        """The first entry of ``exceptions`` that removes ``finding`` (of ``rule``), if any:
        not expired on the day the configuration was read, naming the rule, its ``path``
        glob matching ``path`` (default: the finding's own) and its object keys the
        finding's subject."""
        if rule is None:
            return None
        rel = parts = None
        for e in self.exceptions:
            if e.lapsed or not any(matches(rule, sel) for sel in e.selectors):
                continue
            if e.path is not None:
                if rel is None:
                    rel = self._relative(path or finding.path)
                    parts = rel.split("/")
                if not _glob_match(rel, parts, e.path):
                    continue
            if e.matches_subject(finding.subject):
                return e
        return None

    def expired_exceptions(self) -> list[Entry]:
        """The entries of ``exceptions`` past their day (see ``exception_for``)."""
        return [e for e in self.exceptions if e.lapsed]

    def settings(self) -> dict[str, Any]:
        """The settings every rule may read as an option of the same name."""
        return {"kubernetes-version": self.kubernetes_version} if self.kubernetes_version else {}

    def as_dict(self) -> dict[str, Any]:
        """The resolved settings, in the file's own key names (for ``shiplint config``)."""
        return {
            "source": self.source, "root": self.root, "select": self.select,
            "extend-select": self.extend_select, "ignore": self.ignore,
            "per-file-ignores": self.per_file_ignores, "exclude": self.exclude,
            "severity": {k: str(v) for k, v in self.severity.items()},
            "fail-on": str(self.fail_on), "profile": self.profile,
            "require-reason": self.require_reason, "options": self.options,
            "kubernetes-version": self.kubernetes_version,
            "exceptions": [_entry_dict(e) for e in self.exceptions],
            "locked": self.locked, "rule-set": self.rule_set,
            "preview-rule-set": self.preview_rule_set,
            "pod-templates": self.pod_templates,
            "charts": {k: {"renders": v} for k, v in self.charts.items()},
            "images": self.images,
        }

    def _relative(self, path: str) -> str:
        try:
            rel = os.path.relpath(os.path.abspath(path), os.path.abspath(self.root))
        except ValueError:  # another drive on Windows
            return path.replace("\\", "/")
        return rel.replace(os.sep, "/")

    def is_excluded(self, path: str) -> bool:
        """Whether ``path`` (a file or directory) matches ``exclude``: a glob matches the
        path relative to the configuration's directory or any one of its components."""
        if not self.exclude:
            return False
        rel = self._relative(path)
        parts = rel.split("/")
        return any(_glob_match(rel, parts, g) for g in self.exclude)

    def ignored_for(self, path: str) -> list[str]:
        """Selectors that ``per-file-ignores`` switches off for ``path``."""
        rel = self._relative(path)
        parts = rel.split("/")
        out: list[str] = []
        for glob, selectors in self.per_file_ignores.items():
            if _glob_match(rel, parts, glob):
                out.extend(selectors)
        return out


def _entry_dict(e: Entry) -> dict[str, Any]:
    from .exceptions import OBJECT_KEYS

    out: dict[str, Any] = {"rule": list(e.selectors)}
    out.update((k, getattr(e, k)) for k in ("path",) + OBJECT_KEYS if getattr(e, k) is not None)
    out["reason"] = e.reason
    if e.expires is not None:
        out["expires"] = e.expires.isoformat()
    if e.lapsed:
        out["expired"] = True
    if e.line:
        out["line"] = e.line
    return out


def _glob_match(rel: str, parts: list[str], glob: str) -> bool:
    g = glob.rstrip("/")
    if fnmatch.fnmatchcase(rel, g) or fnmatch.fnmatchcase(rel, g + "/*"):
        return True
    if "/" not in g:  # a bare name or pattern matches any path component
        return any(fnmatch.fnmatchcase(p, g) for p in parts)
    return rel.startswith(g + "/")


#: a configuration file is small; a larger one is refused, never read whole
MAX_CONFIG_BYTES = 1024 * 1024


def _read_yaml(path: str) -> Any:
    from . import yaml as ylib
    from .source import read_bytes

    docs, problems = ylib.load(read_bytes(path, MAX_CONFIG_BYTES).decode("utf-8"))
    if problems:
        p = problems[0]
        raise ConfigError(f"{path}:{p.span.line}: {p.message}")
    root = docs[0].root if docs else None
    return _plain(root) if root is not None else {}


def _plain(node: Any) -> Any:
    from .yaml import YMapping, YScalar, YSequence

    if isinstance(node, YMapping):
        return {str(e.name): _plain(e.value) for e in node.entries}
    if isinstance(node, YSequence):
        return [_plain(i) for i in node.items]
    if isinstance(node, YScalar):
        return node.value
    return None


def _read_pyproject(path: str) -> dict[str, Any] | None:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on 3.10
        import tomli as tomllib
    from .source import read_bytes

    try:
        data = tomllib.loads(read_bytes(path, MAX_CONFIG_BYTES).decode("utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    table = data.get("tool", {}).get("shiplint")
    return _dates_as_text(table) if isinstance(table, dict) else None


def _dates_as_text(value: Any) -> Any:
    """TOML reads ``expires = 2027-03-31`` as a date: the configuration wants its text."""
    if isinstance(value, dict):
        return {k: _dates_as_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_dates_as_text(v) for v in value]
    import datetime  # a TOML file's dates: not at import (start-up, issue #14)

    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return value


def read_file(path: str) -> dict[str, Any] | None:
    """The raw settings of one file (``None`` for a pyproject.toml without our table)."""
    from .source import Unreadable

    try:
        if os.path.basename(path) == "pyproject.toml" or path.endswith(".toml"):
            return _read_pyproject(path)
        return _read_yaml(path) or {}
    except Unreadable as exc:
        raise ConfigError(f"configuration {path}: {exc}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"configuration {path}: not UTF-8 text") from None


def validate(data: Any, source: str, rules: Iterable[Rule]) -> None:
    """Raise ``ConfigError`` for the first problem of ``data``, naming ``source`` and the key."""
    if isinstance(data, dict) and not data:
        return  # nothing to check (a run with no flags): jsonschema is a tenth of start-up
    import jsonschema

    validator = jsonschema.Draft7Validator(SCHEMA)
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        raise ConfigError(_explain(errors[0], source))
    rules = list(rules)
    for key in ("select", "extend-select", "ignore"):
        for sel in data.get(key, []):
            _check_selector(rules, sel, f"{source}: {key}")
    for glob, sels in data.get("per-file-ignores", {}).items():
        for sel in sels:
            _check_selector(rules, sel, f"{source}: per-file-ignores.{glob}")
    for sel in data.get("severity", {}):
        _check_selector(rules, sel, f"{source}: severity")
    for sel in data.get("locked", []):
        _check_selector(rules, sel, f"{source}: locked")
    # linter.exceptions (and its dataclass) only for a configuration that has some (start-up)
    from .exceptions import bad_date, bad_glob

    for i, item in enumerate(data.get("exceptions", [])):
        where = f"{source}: exceptions #{i + 1}"
        for sel in [item["rule"]] if isinstance(item["rule"], str) else item["rule"]:
            _check_selector(rules, sel, f"{where}: rule")
        if "expires" in item and bad_date(item["expires"]):
            raise ConfigError(f"{where}: expires: {bad_date(item['expires'])}")
        if "path" in item and bad_glob(item["path"]):
            raise ConfigError(f"{where}: path: {bad_glob(item['path'])}")
    if "rule-set" in data:
        from .releases import RuleSetError, resolve

        try:
            resolve(data["rule-set"])
        except RuleSetError as exc:
            raise ConfigError(f"{source}: rule-set: {exc}") from None
    names = {r.name: r for r in rules}
    for name, opts in data.get("options", {}).items():
        rule = names.get(name)
        if rule is None:
            raise ConfigError(f"{source}: options: unknown rule '{name}'{did_you_mean(name, names)}")
        for opt in opts:
            if _option_name(opt) not in rule.options:
                allowed = ", ".join(sorted(rule.options)) or "none"
                raise ConfigError(f"{source}: options.{name}: unknown option '{opt}'"
                                  f"{did_you_mean(opt, rule.options)} (options of {name}: {allowed})")


def _option_name(name: str) -> str:
    """Option names are kebab-case like every other key; the snake_case spelling of 0.1
    (``compose_missing``) is still read."""
    return str(name).replace("_", "-")


def _check_selector(rules: list[Rule], selector: str, where: str) -> None:
    if not known_selector(rules, selector):
        near = related_to(rules, selector)
        if near:  # a peer's check that ours only resembles: say which rule to name
            named = ", ".join(f"{r.code} ({r.name})" for r in near)
            raise ConfigError(f"{where}: '{selector}' is a related check, not the same as any "
                              f"rule; name {named} instead if its verdicts are what you want")
        words = [r.code for r in rules] + [r.name for r in rules]
        raise ConfigError(f"{where}: '{selector}' matches no rule{did_you_mean(selector, words)}")


def _explain(error: Any, source: str) -> str:
    path = ".".join(str(p) for p in error.absolute_path)
    where = f"{source}: {path}" if path else source
    if error.validator == "additionalProperties" and not error.absolute_path:
        known = list(SCHEMA["properties"])
        extra = [k for k in error.instance if k not in SCHEMA["properties"]]
        key = extra[0] if extra else "?"
        return f"{source}: unknown key '{key}'{did_you_mean(key, known)}"
    if path.startswith("exceptions."):
        return _explain_exception(error, source)
    if error.validator == "enum":
        allowed = ", ".join(str(x) for x in error.validator_value)
        return f"{where}: {error.instance!r} is not one of: {allowed}"
    last = list(error.absolute_path)[-1:]
    if error.validator == "pattern" and path.startswith("charts.") and last == ["set"]:
        return (f"{where}: key {error.instance!r} cannot be passed to helm --set: a key has "
                "no ',', '=' or white space and does not start with '-'")
    if error.validator == "pattern" and path.startswith("charts.") \
            and last in (["release"], ["namespace"]):
        return (f"{where}: {error.instance!r} is not a name helm takes (lower-case letters, "
                "digits and '-', starting and ending with a letter or digit)")
    if error.validator == "pattern" and path.startswith("pod-templates.") \
            and path.endswith(".path"):
        return (f"{where}: {error.instance!r} is not a path to the pod template: write keys "
                "joined by dots, with [] after a list (e.g. spec.template, "
                "spec.templates[].container)")
    return f"{where}: {error.message}"


def _explain_exception(error: Any, source: str) -> str:
    steps = list(error.absolute_path)
    where = f"{source}: exceptions #{int(steps[1]) + 1}"
    known = list(SCHEMA["definitions"]["exception"]["properties"])
    if error.validator == "required":
        missing = next((k for k in ("rule", "reason") if k not in error.instance), "?")
        why = ("why the finding is accepted, for whoever reads the configuration next"
               if missing == "reason" else "a code, name, peer ID or group of rules, or ALL")
        return f"{where}: an exception needs a '{missing}': {why}"
    if error.validator == "additionalProperties":
        extra = [k for k in error.instance if k not in known]
        key = extra[0] if extra else "?"
        return (f"{where}: unknown key '{key}'{did_you_mean(key, known)} (keys of an "
                f"exception: {', '.join(known)})")
    if len(steps) > 2 and steps[2] == "reason":
        return f"{where}: reason: write why the finding is accepted"
    key = f": {steps[2]}" if len(steps) > 2 else ""
    return f"{where}{key}: {error.message}"


def from_dict(data: dict[str, Any], root: str, source: str | None) -> Config:
    """A ``Config`` from validated raw settings."""
    cfg = Config(root=root, source=source)
    cfg.select = list(data.get("select", []))
    cfg.extend_select = list(data.get("extend-select", []))
    cfg.ignore = list(data.get("ignore", []))
    cfg.per_file_ignores = {k: list(v) for k, v in data.get("per-file-ignores", {}).items()}
    cfg.exclude = list(DEFAULT_EXCLUDE) + list(data.get("exclude", [])) + \
        list(data.get("extend-exclude", []))
    severities = data.get("severity", {})
    cfg.severity = {k: Severity.parse(v) for k, v in severities.items() if v != "off"}
    cfg.ignore += [k for k, v in severities.items() if v == "off"]  # off: the rule is off
    if "fail-on" in data:
        cfg.fail_on = Severity.parse(data["fail-on"])
    cfg.profile = data.get("profile")
    cfg.require_reason = bool(data.get("require-reason", False))
    cfg.options = {k: {_option_name(o): x for o, x in v.items()}
                   for k, v in data.get("options", {}).items()}
    cfg.kubernetes_version = data.get("kubernetes-version")
    try:
        cfg.exceptions = [_entry(e, source) for e in data.get("exceptions", [])]
    except ValueError as exc:  # SHIPLINT_TODAY is not a day
        raise ConfigError(str(exc)) from None
    cfg.locked = list(data.get("locked", []))
    if "rule-set" in data:
        from .releases import resolve

        cfg.rule_set = resolve(data["rule-set"])
    cfg.preview_rule_set = data.get("preview-rule-set")
    cfg.pod_templates = [dict(e) for e in data.get("pod-templates", [])]
    cfg.charts = {k: [dict(r) for r in v["renders"]] for k, v in data.get("charts", {}).items()}
    cfg.images = {k: os.path.normpath(os.path.join(root, v))
                  for k, v in data.get("images", {}).items()}
    return cfg


def _entry(e: Any, source: str | None) -> Entry:
    from .exceptions import entry

    return entry(e, source)


def load(path: str, rules: Iterable[Rule], check: Any = None) -> Config | None:
    """Load and validate one configuration file; ``None`` for a pyproject.toml without
    ``[tool.shiplint]``. ``check(data, source)``: validates instead of ``validate`` (the
    ``Resolver``'s, which may know the settings valid already)."""
    data = read_file(path)
    if data is None:
        return None
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: the configuration must be a mapping of settings")
    if check is not None:
        check(data, path)
    else:
        validate(data, path, rules)
    cfg = from_dict(data, os.path.dirname(os.path.abspath(path)), path)
    for name, dockerfile in cfg.images.items():  # a wrong path would switch the checks off
        if not os.path.isfile(dockerfile):
            raise ConfigError(f"{path}: images.{name}: no Dockerfile at "
                              f"{os.path.relpath(dockerfile, cfg.root)} (paths are relative "
                              f"to the configuration's directory)")
    if cfg.exceptions:  # where each is written, for the finding that says it expired
        from .exceptions import lines as exception_lines
        from .source import read_bytes

        text = read_bytes(path, MAX_CONFIG_BYTES).decode("utf-8")
        cfg.exceptions = [e.replace(line=n) for e, n in zip(
            cfg.exceptions, exception_lines(path, text, len(cfg.exceptions)))]
    return cfg


#: the most paths a ``Resolver`` keeps the answer for (the directories' are all kept)
_KEPT_PATHS = 1 << 16


class Resolver:
    """Finds the configuration for each file, caching per directory.

    ``explicit``: a file given with ``--config`` (used for every file). ``overrides``: settings
    from command-line flags (same keys as the file), applied on top of whichever file wins.
    """

    def __init__(self, rules: Iterable[Rule], explicit: str | None = None,
                 overrides: dict[str, Any] | None = None, validated: Any = None):
        # a LazyRules stays one: only a configuration or flags to validate load the rules
        self.rules = rules if isinstance(rules, LazyRules) else list(rules)
        #: settings known valid (``linter.cache.Validated``: ``known(data)``,
        #: ``remember(data)``), or None
        self.validated = validated
        self.overrides = {k: v for k, v in (overrides or {}).items() if v not in (None, [], {})}
        self._check(self.overrides, "command line")
        self._by_dir: dict[str, Config] = {}
        self._by_path: dict[str, Config] = {}  # (at most ``_KEPT_PATHS``)
        self._explicit: Config | None = None
        if explicit is not None:
            loaded = load(explicit, self.rules, self._check)
            if loaded is None:
                raise ConfigError(f"{explicit}: has no [tool.shiplint] table")
            self._explicit = self._apply_overrides(loaded)

    def _check(self, data: dict[str, Any], source: str) -> None:
        """``validate``, unless ``validated`` knows the same settings valid for the same
        code and rules already: a run answered by the cache in a configured repository then
        imports neither jsonschema nor a rule (start-up, issue #14). Only what passed is
        remembered, so an invalid configuration is reported every time."""
        if not data or self.validated is None:
            validate(data, source, self.rules)
        elif not self.validated.known(data):
            validate(data, source, self.rules)
            self.validated.remember(data)

    def _apply_overrides(self, cfg: Config) -> Config:
        if not self.overrides:
            return cfg
        merged = from_dict({}, cfg.root, cfg.source)
        merged.__dict__.update({k: v for k, v in cfg.__dict__.items()})
        over = from_dict(self.overrides, cfg.root, cfg.source)
        for key in self.overrides:
            attr = key.replace("-", "_")
            if attr == "extend_exclude":
                merged.exclude = merged.exclude + over.exclude
            elif attr == "exclude":
                merged.exclude = over.exclude
            elif attr == "severity":  # a severity 'off' is an ignore
                merged.severity = {**merged.severity, **over.severity}
                off = [k for k, v in self.overrides["severity"].items() if v == "off"]
                merged.ignore = merged.ignore + [k for k in off if k not in merged.ignore]
            elif attr == "per_file_ignores":
                merged.per_file_ignores = {**merged.per_file_ignores, **over.per_file_ignores}
            elif attr == "options":  # per rule, per option
                merged.options = {name: {**merged.options.get(name, {}), **opts}
                                  for name, opts in {**merged.options, **over.options}.items()}
            else:
                setattr(merged, attr, getattr(over, attr))
        return merged

    def for_path(self, path: str) -> Config:
        """The configuration that applies to ``path`` (a file or a directory). Kept per
        path as well: a run asks it of each file three times (the walk, the file's lint,
        taking its result in), and each asking looked at the disk (issue #14)."""
        if self._explicit is not None:
            return self._explicit
        cfg = self._by_path.get(path)
        if cfg is None:
            start = os.path.abspath(path if os.path.isdir(path) else os.path.dirname(path)
                                    or ".")
            cfg = self._for_dir(start)
            if len(self._by_path) < _KEPT_PATHS:
                self._by_path[path] = cfg
        return cfg

    def _for_dir(self, directory: str) -> Config:
        cached = self._by_dir.get(directory)
        if cached is not None:
            return cached
        cfg = None
        for name in CONFIG_NAMES:
            candidate = os.path.join(directory, name)
            if os.path.isfile(candidate):
                cfg = load(candidate, self.rules, self._check)
                if cfg is not None:
                    cfg = self._apply_overrides(cfg)
                    break
        if cfg is None:
            parent = os.path.dirname(directory)
            if parent and parent != directory:
                cfg = self._for_dir(parent)
            else:
                cfg = self._apply_overrides(Config(root=os.getcwd()))
        self._by_dir[directory] = cfg
        return cfg
