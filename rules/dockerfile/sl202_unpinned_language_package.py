"""SL202 unpinned-language-package: pip/npm/yarn/gem/go package installed without a version pin."""

from __future__ import annotations

from typing import Iterator

from linter.dockerfile import Dockerfile
from linter.dockerfile.packages import (
    LANGUAGE_MANAGERS,
    is_pinned,
)
from linter.engine import Example, Hit, Rule
from linter.findings import Severity

from .packages import calls, example_pin, quoted_names

RULE = Rule(
    code="SL202",
    name="unpinned-language-package",
    severity=Severity.LOW,
    summary="pip/npm/yarn/gem/go package installed without a version pin",
    rationale=(
        "`pip install flask` or `npm install -g typescript` takes the newest release at build "
        "time: builds stop being reproducible, and a hijacked release (typosquats, "
        "compromised maintainer accounts) lands in the image without review."),
    remediation=(
        "Pin versions: `pip install flask==3.0.3` (better: a requirements file with hashes, "
        "`pip install --require-hashes -r requirements.txt`), `npm install -g typescript@5.6.2` "
        "(or `npm ci` with a lockfile), `gem install rake -v 13.2.1`, "
        "`go install golang.org/x/tools/gopls@v0.16.2`."),
    references=["https://pip.pypa.io/en/stable/topics/secure-installs/",
                "https://docs.npmjs.com/cli/commands/npm-ci",
                "https://go.dev/ref/mod#go-install"],
    aliases={"hadolint": ["DL3013", "DL3016", "DL3028", "DL3062"],
             "kics": ["Unpinned Package Version in Pip Install",
                      "NPM Install Command Without Pinned Version", "Gem Install Without Version"]},
    tags=["reproducibility", "supply-chain"],
    failing=[
        Example("Dockerfile", "FROM python:3.12\nRUN pip install --no-cache-dir flask\n"),
        Example("Dockerfile", "FROM node:22\nRUN npm install -g typescript@latest\n"),
        Example("Dockerfile", "FROM golang:1.23\nRUN go install golang.org/x/tools/gopls\n"),
        Example("Dockerfile", "FROM ruby:3.3\nRUN gem install rake\n"),
    ],
    passing=[
        Example("Dockerfile", "FROM python:3.12\nRUN pip install --no-cache-dir flask==3.0.3 "
                              "-r requirements.txt . 'requests>=2.32'\n"),
        Example("Dockerfile", "FROM node:22\nRUN npm ci && npm install -g @scope/tool@1.2.3\n"),
        Example("Dockerfile", "FROM golang:1.23\nRUN go install ./cmd/... && "
                              "go install golang.org/x/tools/gopls@v0.16.2\n"),
        Example("Dockerfile", "FROM ruby:3.3\nRUN gem install rake -v 13.2.1\n"),
    ],
    opt_in="hygiene",
)


@RULE.check(Dockerfile)
def _unpinned_lang(df: Dockerfile) -> Iterator[Hit]:
    for _, _, pc in calls(df):
        if pc.family not in LANGUAGE_MANAGERS or pc.action != "install":
            continue
        if pc.family == "pip" and pc.has("-c", "--constraint", "--require-hashes"):
            continue  # the constraints file pins
        loose = [w for w in pc.packages if is_pinned(pc, w) is False]
        if loose:
            yield Hit(loose[0], f"{pc.manager} installs {quoted_names(loose)} without a version pin",
                      fix=f"pin the version, e.g. {example_pin(pc, loose[0].value)}")
