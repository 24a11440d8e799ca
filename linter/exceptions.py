"""Exceptions in the configuration: findings a team accepts, by rule, path and object.

``exceptions:`` in ``.shiplint.yaml`` (or ``[[tool.shiplint.exceptions]]`` in
``pyproject.toml``) lists entries; an entry removes the findings that match every key it
writes::

    exceptions:
      - rule: [SL120, runs-as-root]     # codes, names, peer IDs, groups or ALL (required)
        path: charts/vendor/**          # a glob, relative to the configuration's directory
        kind: Deployment                # the Kubernetes object: kind (any case), name and
        name: ingress-nginx-*           # namespace as written, globs; an object that writes
        namespace: ingress              # no namespace matches no `namespace:`
        container: controller          # one container of it (init and sidecar ones too)
        service: db                     # a Compose service
        stage: builder                  # a Dockerfile stage (its name; unnamed: its index)
        reason: upstream chart, fixed in 4.12 (issue 312)   # required
        expires: 2027-03-31             # optional: past that day it no longer applies

A finding an exception removes is kept for ``--include-suppressed`` (SARIF and JSON mark it
``external``, with the reason). An expired entry removes nothing and is reported once a run
(``expired-exception``) on its line of the configuration file. "Today" is the system's date,
or the day ``SHIPLINT_TODAY`` (YYYY-MM-DD) names: tests set it, and so may a team replaying
the run of a past day.

For a rendered chart or kustomization, ``path`` matches the file the object comes from
(the Helm template, the Kustomize resource file) and the object keys match the object as
rendered (its name with Kustomize's prefixes, its namespace).
"""

from __future__ import annotations

import fnmatch
import os
import re

from .findings import Finding, Span, Subject
from .plain import Frozen

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:  # imported where a day is read (start-up, issue #14)
    from typing import Any
    import datetime

#: the keys that match what a finding is about (its subject), in the order they are shown
OBJECT_KEYS = ("kind", "name", "namespace", "container", "service", "stage")
#: the environment variable that sets the day exceptions are judged against
TODAY = "SHIPLINT_TODAY"


def today() -> datetime.date:
    """The day exceptions are judged against: ``SHIPLINT_TODAY`` when set, else the system's
    date. Raises ``ValueError`` (saying why) when the variable is not a day."""
    import datetime  # not at import: start-up, issue #14

    text = os.environ.get(TODAY, "").strip()
    if not text:
        return datetime.date.today()
    why = bad_date(text)
    if why:
        raise ValueError(f"{TODAY}: {why}")
    return datetime.date.fromisoformat(text)


class Entry(Frozen):
    """One exception: ``selectors`` (of rules), the globs it matches on, why, until when,
    and where it is written (``source`` and 1-based ``line``, 0 when unknown).
    ``lapsed``: whether it was past its day when the configuration was read (part of the
    entry's repr, so that a cache keyed by the configuration is not reused once it lapses).
    (A frozen dataclass before: ``linter.plain``, start-up; its repr is the dataclass's.)"""

    __slots__ = FIELDS = ("selectors", "reason", "path", "kind", "name", "namespace",
                          "container", "service", "stage", "expires", "source", "line",
                          "lapsed")

    def __init__(self, selectors: tuple[str, ...], reason: str, path: str | None = None,
                 kind: str | None = None, name: str | None = None,
                 namespace: str | None = None, container: str | None = None,
                 service: str | None = None, stage: str | None = None,
                 expires: datetime.date | None = None, source: str | None = None,
                 line: int = 0, lapsed: bool = False) -> None:
        self._assign(locals())

    def matches_subject(self, subject: Subject | None) -> bool:
        """Whether the object keys the entry writes all match ``subject``."""
        for key in OBJECT_KEYS:
            pattern = getattr(self, key)
            if pattern is None:
                continue
            value = getattr(subject, key, None) if subject is not None else None
            if value is None:
                return False
            if key == "kind":
                value, pattern = value.lower(), pattern.lower()
            if not fnmatch.fnmatchcase(value, pattern):
                return False
        return True

    def describe(self) -> str:
        """The entry in a few words: ``SL120 for Deployment web, container app``."""
        what = [f"{k} {getattr(self, k)}" for k in ("path",) + OBJECT_KEYS
                if getattr(self, k) is not None]
        return ", ".join(self.selectors) + (f" ({', '.join(what)})" if what else "")


def entry(raw: dict[str, Any], source: str | None, line: int = 0) -> Entry:
    """An ``Entry`` from one validated item of ``exceptions``."""
    import datetime  # not at import: start-up, issue #14

    rules = raw["rule"]
    selectors = (rules,) if isinstance(rules, str) else tuple(rules)
    expires = datetime.date.fromisoformat(raw["expires"]) if raw.get("expires") else None
    return Entry(selectors=tuple(s.strip() for s in selectors), reason=raw["reason"].strip(),
                 expires=expires, source=source, line=line,
                 lapsed=expires is not None and today() > expires,
                 **{k: str(raw[k]) for k in ("path",) + OBJECT_KEYS if k in raw})


def bad_date(value: Any) -> str | None:
    """Why ``value`` is not a day written YYYY-MM-DD (``None`` when it is one)."""
    text = str(value)
    if not re.match(r"^\d{4}-\d{2}-\d{2}$", text):
        return f"{text!r} is not a date written YYYY-MM-DD"
    import datetime  # not at import: start-up, issue #14

    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return f"{text!r} is not a day of the calendar"
    return None


def bad_glob(value: Any) -> str | None:
    """Why ``value`` is not a path glob an exception can match with (``None`` when it is
    one): globs are relative to the configuration's directory, so an absolute one or one
    that climbs out of it with ``..`` would match nothing, silently."""
    text = str(value).replace("\\", "/")
    if not text.strip():
        return "write a glob of the files it is for, relative to the configuration's directory"
    if text.startswith("/") or re.match(r"^[A-Za-z]:/", text) or ".." in text.split("/"):
        return (f"{text!r} is outside the configuration's directory: write a glob relative "
                "to it (e.g. charts/vendor/**)")
    return None


def lines(path: str, text: str, count: int) -> list[int]:
    """The 1-based line of each of the ``count`` entries of ``exceptions`` in the
    configuration file ``path`` (its ``text``); 0 for an entry that cannot be placed."""
    if count == 0:
        return []
    if path.endswith(".toml"):
        heads = [i for i, ln in enumerate(text.splitlines(), 1)
                 if re.match(r"^\s*\[\[\s*tool\.shiplint\.exceptions\s*\]\]", ln)]
        if len(heads) == count:
            return heads
        rows = text.splitlines()
        key = next((i for i, ln in enumerate(rows, 1)
                    if re.match(r"^\s*exceptions\s*=", ln)), 0)
        starts: list[int] = []  # an inline table per entry: where each opens
        for i in range(key, len(rows) + 1) if key else ():
            starts.extend([i] * rows[i - 1].split("#", 1)[0].count("{"))
            if len(starts) >= count:
                break
        return starts[:count] if len(starts) == count else [key] * count
    from . import yaml as ylib
    from .yaml import YMapping, YSequence

    docs, _ = ylib.load(text)
    root = docs[0].root if docs else None
    items = root.get("exceptions") if isinstance(root, YMapping) else None
    if not isinstance(items, YSequence) or len(items.items) != count:
        return [0] * count
    return [item.span.line for item in items.items]


def expired_finding(e: Entry, rule: Any) -> Finding:
    """The ``expired-exception`` finding of an entry, on its line of the configuration."""
    path = e.source or ".shiplint.yaml"
    if os.path.isabs(path):
        rel = os.path.relpath(path)
        path = rel if not rel.startswith("..") else path
    from .engine import scrub

    when = e.expires.isoformat() if e.expires else "?"
    return Finding(rule.code, rule.name, rule.severity,
                   scrub(f"the exception of {e.describe()} expired on {when} and no longer "
                         "applies: fix what it covered and delete it, or renew it with a new "
                         "expires: date"), path.replace(os.sep, "/"), Span.point(max(1, e.line)))
