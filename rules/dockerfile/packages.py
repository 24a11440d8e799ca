"""Package-manager rules of RUN scripts (SL201-SL208), on the model of
``linter.dockerfile.packages``.
"""

from __future__ import annotations

from linter import lazyre
from linter.dockerfile import Dockerfile, Instruction
from linter.dockerfile.packages import (
    PackageCommand,
    git_fragment,
    package_commands,
    vcs_ref,
)
from linter.dockerfile.shell import Script, scripts

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator


def calls(df: Dockerfile) -> Iterator[tuple[Instruction, Script, PackageCommand]]:
    for ins, sc in scripts(df):
        for pc in package_commands(sc):
            yield ins, sc, pc


_USERINFO = lazyre.compile(r"(://)[^/@\s]+@")


def shown(value: str) -> str:
    """A package word as a message may show it: the credentials of a URL masked."""
    return _USERINFO.sub(r"\1***@", value)


def quoted_names(words, limit: int = 3) -> str:
    names = ", ".join(f"'{shown(w.value)}'" for w in words[:limit])
    more = len(words) - limit
    return names + (f" and {more} more" if more > 0 else "")


def example_pin(pc: PackageCommand, name: str) -> str:
    f = pc.family
    ref = vcs_ref(name) if f in ("pip", "pipx") else None
    if ref is not None:
        base = shown(name.split("#", 1)[0])
        if ref:
            base = base[:base.rfind("@")]
        return f"'{base}@<commit or tag>'"
    frag = git_fragment(name) if f in ("npm", "yarn", "pnpm") else None
    if frag is not None:
        return f"'{shown(name.split('#', 1)[0])}#<commit or tag>'"
    if f in ("apt", "apk", "zypper"):
        return f"'{name}=<version>'"
    if pc.kind == "module":
        return f"'{name.split(':', 1)[0]}:<stream>'"
    if f == "rpm":
        return f"'{name}-<version>'"
    if f in ("pip", "pipx"):
        return f"'{name}==<version>'"
    if f in ("npm", "yarn", "pnpm", "go", "cargo"):
        if f == "cargo" and "://" in name:
            return "--tag <tag> or --rev <commit>"
        bare = name[0] + name[1:].split("@", 1)[0] if name else name
        return f"'{bare}@<version>'"
    if f == "gem":
        return f"'{name}:<version>' or '-v <version>'"
    return "a version"
