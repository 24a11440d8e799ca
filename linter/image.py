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
#: One path component of a repository name (lower case only, as Docker requires).
_COMPONENT = re.compile(r"^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$")
#: Characters that mark an unresolved variable (``${TAG}``, ``$(IMAGE)``, ``{{ .tag }}``) or a
#: placeholder for the user to fill in (``{IMAGE}``, ``<YOUR-IMAGE>``).
_MARKERS = ("$", "{", "}", "<", ">")

_DOCKER_HUB = ("docker.io", "index.docker.io", "registry-1.docker.io")


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
    def tail(self) -> str:
        """The last path component as written, with its tag and digest (``app:1.2@sha256:..``):
        the part that decides whether the reference is pinned."""
        return self.text.rsplit("/", 1)[-1]

    @property
    def pinning_unknown(self) -> bool:
        """A variable or placeholder in the last component, tag or digest (``app:${TAG}``,
        ``${IMAGE}``, ``{{ .Values.image }}``): whether the image is pinned cannot be told.
        ``${REGISTRY}/app:latest`` is unknown but its pinning is not."""
        return any(m in self.tail for m in _MARKERS)

    @property
    def name_unknown(self) -> bool:
        """The registry or repository holds a variable or placeholder (which image it is
        cannot be told)."""
        return any(m in self.name for m in _MARKERS)

    @property
    def name_is_well_formed(self) -> bool:
        """The last repository component follows Docker's grammar (lower case letters,
        digits, separators). False for placeholders such as ``BASEIMAGE``,
        ``CONTAINER_IMAGE``, ``{IMAGE}``: those are not image names yet."""
        last = self.repository.rsplit("/", 1)[-1]
        return bool(_COMPONENT.match(last))

    @property
    def is_well_formed(self) -> bool:
        """``name_is_well_formed``, and the tag (when a ``:`` starts one) is a valid tag: not
        empty as in ``app:`` (e.g. from an ARG whose default is empty)."""
        if not self.name_is_well_formed:
            return False
        tail = self.tail.split("@", 1)[0]
        _, colon, tag = tail.partition(":")
        return not colon or bool(_TAG.match(tag))

    @property
    def hub_name(self) -> str:
        """``name`` normalised for comparison: lower case, without the Docker Hub registry
        and without its ``library/`` namespace (``docker.io/library/nginx`` -> ``nginx``)."""
        registry = (self.registry or "").lower()
        repo = self.repository.lower()
        if registry in _DOCKER_HUB:
            registry = ""
        if not registry and repo.startswith("library/"):
            repo = repo[len("library/"):]
        return f"{registry}/{repo}" if registry else repo

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
