"""Package-manager rules of RUN scripts (SL201-SL208), on the model of
``linter.dockerfile.packages``.
"""

from __future__ import annotations

from typing import Iterator

from linter.dockerfile import Dockerfile, Instruction
from linter.dockerfile.packages import (
    PackageCommand,
    package_commands,
)
from linter.dockerfile.shell import Script, scripts


def calls(df: Dockerfile) -> Iterator[tuple[Instruction, Script, PackageCommand]]:
    for ins, sc in scripts(df):
        for pc in package_commands(sc):
            yield ins, sc, pc


def quoted_names(words, limit: int = 3) -> str:
    shown = ", ".join(f"'{w.value}'" for w in words[:limit])
    more = len(words) - limit
    return shown + (f" and {more} more" if more > 0 else "")


def example_pin(pc: PackageCommand, name: str) -> str:
    f = pc.family
    if f in ("apt", "apk", "zypper"):
        return f"'{name}=<version>'"
    if f == "rpm":
        return f"'{name}-<version>'"
    if f == "pip":
        return f"'{name}==<version>'"
    if f in ("npm", "yarn", "pnpm", "go"):
        return f"'{name.split('@', 1)[0] if not name.startswith('@') else name}@<version>'"
    if f == "gem":
        return f"'{name}:<version>' or '-v <version>'"
    return "a version"


