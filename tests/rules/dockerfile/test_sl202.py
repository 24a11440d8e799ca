"""SL202 unpinned-language-package: pip/pipx/npm/yarn/gem/go/cargo package installed without a
version pin."""

from __future__ import annotations

from helpers import catches, catches_not


def test_option_values_are_not_packages():
    for run in ("pip install --root-user-action ignore poetry==1.8.5",
                "gem install bundler:2.0.1 -- --use-system-libraries true",
                "npm install --strict-ssl false --loglevel warn lodash@4.17.21",
                "go install -tags netgo example.com/x@v1.2.3",
                "cargo install --locked --features full ripgrep@14.1.1",
                "pipx install --python python3.12 black==24.1.0"):
        catches_not("SL202", "Dockerfile", f"FROM debian:12\nRUN {run}\n")


def test_install_forms():
    for run, shown in (("pipx install poetry", "'poetry'"),
                       ("go run golang.org/x/tools/cmd/stringer@latest -type=Pill",
                        "'golang.org/x/tools/cmd/stringer@latest'"),
                       ("cargo install ripgrep", "'ripgrep'")):
        [f] = catches("SL202", "Dockerfile", f"FROM debian:12\nRUN {run}\n")
        assert shown in f.message
    catches_not("SL202", "Dockerfile", "FROM golang:1.23\nRUN go run ./cmd/gen/main.go -out x\n")


def test_a_repository_pins_a_commit_or_a_tag_not_a_branch():
    for spec in ("git+https://github.com/org/repo.git", "git+https://github.com/org/repo.git@main"):
        [f] = catches("SL202", "Dockerfile", f"FROM python:3.12\nRUN pip install {spec}\n")
        assert "commit or tag" in f.message
    for spec in ("github:org/repo", "git+https://github.com/org/repo.git#main", "org/repo#master"):
        catches("SL202", "Dockerfile", f"FROM node:22\nRUN npm install {spec}\n")
    for spec in ("git+https://github.com/org/repo.git@v1.2.0",
                 "'app @ git+https://github.com/org/repo.git@0123abcd'"):
        catches_not("SL202", "Dockerfile", f"FROM python:3.12\nRUN pip install {spec}\n")
    catches_not("SL202", "Dockerfile",
                "FROM node:22\nRUN npm install github:org/repo#v1.2.0 org/other#4f0c2d1\n")


def test_credentials_in_a_repository_url_are_not_printed():
    [f] = catches("SL202", "Dockerfile", "FROM python:3.12\nRUN pip install "
                                         "git+https://ghp_x0x0x0x0x0x0x0x0x0x0x0x0@github.com/o/r.git\n")
    assert "ghp_" not in f.message and "ghp_" not in (f.fix or "")
