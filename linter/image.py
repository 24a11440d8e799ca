"""Image references (``registry/repository:tag@digest``), shared by all three formats.

Parsing follows the distribution reference grammar that Docker uses: the first path component
is a registry host only if it contains ``.`` or ``:`` or is ``localhost``; a ``:`` after the
last ``/`` starts the tag, so ``host:5000/app`` has a registry with a port and *no* tag.
"""

from __future__ import annotations

from . import lazyre
from .plain import Frozen

_setattr = object.__setattr__

_DIGEST = lazyre.compile(r"^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$")
_TAG = lazyre.compile(r"^[\w][\w.-]{0,127}$")
#: One path component of a repository name (lower case only, as Docker requires).
_COMPONENT = lazyre.compile(r"^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$")
#: Characters that mark an unresolved variable (``${TAG}``, ``$(IMAGE)``, ``{{ .tag }}``) or a
#: placeholder for the user to fill in (``{IMAGE}``, ``<YOUR-IMAGE>``).
_MARKERS = ("$", "{", "}", "<", ">")
#: A placeholder written in capitals for a script or a reader to replace (``PROJECT_ID``,
#: ``REGION_NAME-docker.pkg.dev``, ``BASEIMAGE``): a name with an underscore, or a long one
_CAPS_PLACEHOLDER = lazyre.compile(r"(?<![A-Za-z0-9])[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+(?![a-z0-9])"
                               r"|(?<![A-Za-z0-9])[A-Z]{8,}(?![A-Za-z0-9])")
#: a digest written after ':' as if it were a tag (``image:sha256:abc...``)
_DIGEST_AS_TAG = lazyre.compile(r":(?:sha256|sha384|sha512):[0-9a-fA-F]{32,}$")

_DOCKER_HUB = ("docker.io", "index.docker.io", "registry-1.docker.io")
#: a registry host: DNS labels (or an IPv6 literal in brackets), an optional port
_HOST = lazyre.compile(r"^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
                   r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])"
                   r"(?::[0-9]+)?$")


class ImageReference(Frozen):
    """A parsed image reference.

    ``text``: as written (after variable expansion, when the caller expanded it).
    ``registry``: ``None`` for Docker Hub. ``repository``: path without registry, tag or digest.
    ``tag``/``digest``: ``None`` when absent. ``unknown``: the text still holds an unresolved
    variable (``${VAR}``), so pinning cannot be judged.

    (A frozen dataclass with slots before: ``linter.plain``, start-up. A copy with a field
    changed: ``image.replace(unknown=True)``, where ``dataclasses.replace`` was.)
    """

    __slots__ = FIELDS = ("text", "registry", "repository", "tag", "digest", "unknown")

    def __init__(self, text: str, registry: str | None, repository: str, tag: str | None,
                 digest: str | None, unknown: bool = False) -> None:
        _set = _setattr  # direct: one per image a file names
        _set(self, "text", text)
        _set(self, "registry", registry)
        _set(self, "repository", repository)
        _set(self, "tag", tag)
        _set(self, "digest", digest)
        _set(self, "unknown", unknown)

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

    def problem(self) -> str | None:
        """Why Docker refuses this reference ("invalid reference format"), in words, or
        ``None`` when it is valid or holds a variable or placeholder (judged once filled in).
        Docker's grammar: an optional registry host (letters, digits, ``.``, ``-``, a
        ``:port``), path components of lower-case letters and digits joined by ``.``, ``_``,
        ``__`` or dashes, an optional tag of up to 128 word characters, dots and dashes, an
        optional ``algorithm:hex`` digest, 255 characters at most for the name."""
        raw = self.text
        # each pattern only where it may match (a capital letter; ':sha'): most references
        # have neither, and a run then compiles neither (0.2 ms, start-up, issue #14)
        if any(m in raw for m in _MARKERS) or (raw != raw.lower()
                                               and _CAPS_PLACEHOLDER.search(raw)):
            return None
        if not raw:
            return "is empty"
        if "@" not in raw and ":sha" in raw and _DIGEST_AS_TAG.search(raw):
            return "writes its digest after ':'; a digest follows '@' (name@sha256:...)"
        bad = next((c for c in raw if c.isspace() or ord(c) < 0x20 or 0x7f <= ord(c) < 0xa0),
                   None)
        if bad is not None:
            return f"holds a control or space character (U+{ord(bad):04X})"
        if self.registry is not None and not _HOST.match(self.registry):
            return f"has a registry host '{self.registry}' that is not a host name[:port]"
        parts = self.repository.split("/")
        if any(not p for p in parts):
            return "has an empty path component ('//', or '/' at an end)"
        for p in parts:
            if not _COMPONENT.match(p):
                if _COMPONENT.match(p.lower()):
                    return (f"has upper-case letters in '{p}': repository names are lower "
                            f"case ('{p.lower()}')")
                return f"has a path component '{p}' with characters Docker refuses"
        if len(self.name) > 255:
            return "has a name longer than 255 characters"
        tail = self.tail.split("@", 1)[0]
        _, colon, tag = tail.partition(":")
        if colon and not _TAG.match(tag):
            return (f"has a tag '{tag}' that is not 1 to 128 letters, digits, '_', '.' or "
                    "'-' (not starting with '.' or '-')") if tag else "has an empty tag after ':'"
        if "@" in raw and not self.has_digest:
            return f"has a digest '{self.digest or ''}' that is not algorithm:hex"
        return None

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
