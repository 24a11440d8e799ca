"""Image references (``registry/repository:tag@digest``), shared by all three formats.

Parsing follows the distribution reference grammar that Docker uses: the first path component
is a registry host only if it contains ``.`` or ``:`` or is ``localhost``; a ``:`` after the
last ``/`` starts the tag, so ``host:5000/app`` has a registry with a port and *no* tag.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_DIGEST = re.compile(r"^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$")
_TAG = re.compile(r"^[\w][\w.-]{0,127}$")


@dataclass(frozen=True, slots=True)
class ImageReference:
    """A parsed image reference.

    ``text``: as written (after variable expansion, when the caller expanded it).
    ``registry``: ``None`` for Docker Hub. ``repository``: path without registry, tag or digest.
    ``tag``/``digest``: ``None`` when absent. ``unknown``: the text still holds an unresolved
    variable (``${VAR}``), so pinning cannot be judged.
    """

    text: str
    registry: str | None
    repository: str
    tag: str | None
    digest: str | None
    unknown: bool = False

    @classmethod
    def parse(cls, text: str) -> "ImageReference":
        """Parse ``text``; never raises (garbage gives a repository equal to the text)."""
        raw = text.strip()
        unknown = "$" in raw or "{{" in raw
        rest, digest = raw, None
        if "@" in rest:
            rest, digest = rest.split("@", 1)
        registry = None
        first, sep, remainder = rest.partition("/")
        if sep and ("." in first or ":" in first or first == "localhost"):
            registry, rest = first, remainder
        tag = None
        last_slash = rest.rfind("/")
        colon = rest.rfind(":")
        if colon > last_slash:
            rest, tag = rest[:colon], rest[colon + 1:]
        return cls(raw, registry, rest, tag or None, digest or None, unknown)

    @property
    def name(self) -> str:
        """Registry and repository, without tag or digest."""
        return f"{self.registry}/{self.repository}" if self.registry else self.repository

    @property
    def has_digest(self) -> bool:
        return bool(self.digest and _DIGEST.match(self.digest))

    @property
    def is_latest(self) -> bool:
        return self.tag == "latest"

    @property
    def is_pinned(self) -> bool:
        """True when a digest or a tag other than ``latest`` fixes the version."""
        return self.has_digest or (self.tag is not None and not self.is_latest)

    @property
    def is_scratch(self) -> bool:
        return self.registry is None and self.repository.lower() == "scratch" and not self.tag
