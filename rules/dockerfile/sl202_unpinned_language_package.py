"""SL202 unpinned-language-package: pip/pipx/npm/yarn/gem/go/cargo package installed without a
version pin."""

from __future__ import annotations

from linter.dockerfile import Dockerfile
from linter.dockerfile.packages import (
    LANGUAGE_MANAGERS,
    git_fragment,
    is_pinned,
    vcs_ref,
)
from linter.engine import Example, Hit, Rule
from linter.findings import Severity

from .packages import calls, example_pin, quoted_names

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

RULE = Rule(
    code="SL202",
    name="unpinned-language-package",
    severity=Severity.LOW,
    summary="pip/pipx/npm/yarn/gem/go/cargo package installed without a version pin",
    rationale=(
        "`pip install flask` or `npm install -g typescript` takes the newest release at build "
        "time: builds stop being reproducible, and a hijacked release (typosquats, "
        "compromised maintainer accounts) lands in the image without review."),
    remediation=(
        "Pin versions: `pip install flask==3.0.3` (better: a requirements file with hashes, "
        "`pip install --require-hashes -r requirements.txt`), `npm install -g typescript@5.6.2` "
        "(or `npm ci` with a lockfile), `gem install rake -v 13.2.1`, "
        "`go install golang.org/x/tools/gopls@v0.16.2`, `cargo install ripgrep@14.1.1`. "
        "A package from a repository pins a commit or tag, not a branch: "
        "`pip install git+https://github.com/org/repo.git@v1.2.0`, "
        "`npm install github:org/repo#v1.2.0`."),
    references=["https://pip.pypa.io/en/stable/topics/secure-installs/",
                "https://docs.npmjs.com/cli/commands/npm-ci",
                "https://go.dev/ref/mod#go-install"],
    aliases={"hadolint": ["DL3013", "DL3016", "DL3028", "DL3062"],
             "kics": ["Unpinned Package Version in Pip Install",
                      "NPM Install Command Without Pinned Version", "Gem Install Without Version"]},
    tags=["reproducibility", "supply-chain"],
    failing=lambda: [
        Example("Dockerfile", "FROM python:3.12\nRUN pip install --no-cache-dir flask\n"),
        Example("Dockerfile", "FROM node:22\nRUN npm install -g typescript@latest\n"),
        Example("Dockerfile", "FROM golang:1.23\nRUN go install golang.org/x/tools/gopls\n"),
        Example("Dockerfile", "FROM ruby:3.3\nRUN gem install rake\n"),
    ],
    passing=lambda: [
        Example("Dockerfile", "FROM python:3.12\nRUN pip install --no-cache-dir flask==3.0.3 "
                              "-r requirements.txt . 'requests>=2.32'\n"),
        Example("Dockerfile", "FROM node:22\nRUN npm ci && npm install -g @scope/tool@1.2.3\n"),
        Example("Dockerfile", "FROM golang:1.23\nRUN go install ./cmd/... && "
                              "go install golang.org/x/tools/gopls@v0.16.2\n"),
        Example("Dockerfile", "FROM ruby:3.3\nRUN gem install rake -v 13.2.1\n"),
    ],
    opt_in="hygiene",
)


def _why(pc, value: str) -> str:
    """What is loose about one unpinned word: a VCS source without a commit or tag, a branch,
    a moving tag, or no version at all."""
    ref = vcs_ref(value) if pc.family in ("pip", "pipx") else None
    if ref is None and pc.family in ("npm", "yarn", "pnpm"):
        ref = git_fragment(value)
    if ref is None and pc.family == "cargo" and "://" in value:
        ref = pc.value_of("--branch") or ""
    if ref is not None:
        return f"from the branch '{ref}', not a commit or tag" if ref else \
            "from a repository without a commit or tag"
    at = value.rfind("@")
    if pc.family in ("npm", "yarn", "pnpm", "go") and at > 0 and value[at + 1:]:
        return f"at '{value[at + 1:]}', which moves with each release"
    return "without a version pin"


@RULE.check(Dockerfile)
def _unpinned_lang(df: Dockerfile) -> Iterator[Hit]:
    for _, _, pc in calls(df):
        if pc.family not in LANGUAGE_MANAGERS:
            continue
        if pc.action != "install" and not (pc.family == "go" and pc.action == "run"):
            continue
        if pc.family == "pip" and pc.has("-c", "--constraint", "--require-hashes"):
            continue  # the constraints file pins
        loose = [w for w in pc.packages if is_pinned(pc, w) is False]
        if loose:
            verb = "runs" if pc.action == "run" else "installs"
            whys = {_why(pc, w.value) for w in loose}
            why = whys.pop() if len(whys) == 1 else "without a pinned version"
            yield Hit(loose[0], f"{pc.manager} {verb} {quoted_names(loose)} {why}",
                      fix=f"pin the version, e.g. {example_pin(pc, loose[0].value)}")
