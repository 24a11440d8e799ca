"""Consistency errors ``docker compose`` raises on files its schema accepts (SL402-SL409).

Each of these stops ``docker compose up`` (or ``config``) with an error: references to things
that are not defined, names that clash, settings that exclude each other. They are checked
over the whole project the file belongs to (its override, base, ``include`` and ``extends``
files, see ``linter.compose.project``), and reported in the file where the value is written.
"""

from __future__ import annotations

from linter.compose import Value


def known_value(v: Value | None) -> str | None:
    if v is None or not v.known or v.value is None:
        return None
    return v.value.strip() or None


