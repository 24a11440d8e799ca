"""The package-manager model over RUN scripts."""

from __future__ import annotations

import pytest

from linter.dockerfile import parse_text
from linter.dockerfile.packages import cache_mounts, covered, is_pinned, package_commands
from linter.dockerfile.shell import scripts


def _pcs(run: str):
    df, _ = parse_text(f"FROM debian:12\n{run}\n")
    [(ins, sc)] = list(scripts(df))
    return ins, package_commands(sc)


@pytest.mark.parametrize("run, manager, action, packages", [
    ("RUN apt-get -o Dpkg::Options::=--force-confold install -y --no-install-recommends a b=1",
     "apt-get", "install", ["a", "b=1"]),
    ("RUN apk add --no-cache --virtual .deps gcc musl-dev", "apk", "install", ["gcc", "musl-dev"]),
    ("RUN python3 -m pip install -r req.txt --index-url https://x flask", "pip", "install",
     ["flask"]),
    ("RUN uv pip install --system flask==3", "uv pip", "install", ["flask==3"]),
    ("RUN pip3.11 install -U pip", "pip", "install", ["pip"]),
    ("RUN yarn global add typescript", "yarn", "install", ["typescript"]),
    ("RUN npm i -g --prefix /x nodemon", "npm", "install", ["nodemon"]),
    ("RUN dnf --setopt=install_weak_deps=False install -y httpd", "dnf", "install", ["httpd"]),
    ("RUN zypper -n in curl", "zypper", "install", ["curl"]),
    ("RUN gem install rake -v 13", "gem", "install", ["rake"]),
    ("RUN go install golang.org/x/tools/gopls@v0.16.2", "go", "install",
     ["golang.org/x/tools/gopls@v0.16.2"]),
    ("RUN sudo apt-get update", "apt-get", "update", []),
    ("RUN yarn", "yarn", "install", []),
    ("RUN apk cache clean", "apk", "cache-clean", []),
])
def test_reads_package_commands(run, manager, action, packages):
    _, [pc] = _pcs(run)
    assert (pc.manager, pc.action, [w.value for w in pc.packages]) == (manager, action, packages)


def test_yarn_version_is_not_an_install():
    _, [pc] = _pcs("RUN yarn --version")
    assert pc.action == ""


def test_option_clusters():
    _, [pc] = _pcs("RUN apt-get install -qy curl")
    assert pc.has("-y") and not pc.has("--no-install-recommends")


@pytest.mark.parametrize("run, pinned", [
    ("RUN apt-get install -y curl", [False]),
    ("RUN apt-get install -y curl=7.88 ./x.deb $PKG", [True, None, None]),
    ("RUN apk add curl~8.1 git", [True, False]),
    ("RUN yum install -y httpd-2.4.62 @development php", [True, None, False]),
    ("RUN pip install 'flask>=3' requests git+https://x/y . pkg.whl", [True, False, False, None,
                                                                         None]),
    ("RUN npm install @scope/a @scope/b@1.2 c@latest d@^2", [False, True, False, True]),
    ("RUN go install ./cmd/... example.com/x@latest example.com/y", [None, False, False]),
    ("RUN gem install rake:13.2 bundler", [True, False]),
])
def test_pins(run, pinned):
    _, [pc] = _pcs(run)
    assert [is_pinned(pc, w) for w in pc.packages] == pinned


def test_cache_mounts():
    ins, _ = _pcs("RUN --mount=type=cache,target=/var/cache/apt/ --mount=type=bind,src=a,"
                  "dst=/b --mount=type=tmpfs,dst=/var/lib/apt/lists apt-get update")
    assert cache_mounts(ins) == ["/var/cache/apt", "/var/lib/apt/lists"]
    assert covered(ins, "/var/lib/apt/lists") and covered(ins, "/var/cache/apt/archives")
    assert not covered(ins, "/root/.cache/pip")


# --------------------------------------------------------------------------------- option values
# Every option that takes a value must be known, or its value is read as a package.

@pytest.mark.parametrize("run, packages", [
    ("RUN pip install --root-user-action ignore poetry==1.8.5", ["poetry==1.8.5"]),
    ("RUN pip install --progress-bar off --use-feature truststore -i https://x flask",
     ["flask"]),
    ("RUN uv pip install --python-platform linux --index-strategy unsafe-best-match a",
     ["a"]),
    ("RUN gem install bundler:2.0.1 -- --use-system-libraries true", ["bundler:2.0.1"]),
    ("RUN gem install nokogiri --platform ruby --without test -- --use-system-libraries",
     ["nokogiri"]),
    ("RUN npm install --strict-ssl false --fetch-timeout 600000 lodash@4.17.21",
     ["lodash@4.17.21"]),
    ("RUN npm i --loglevel warn --omit dev --location global x@1", ["x@1"]),
    ("RUN yarn add --network-timeout 100000 --mutex network left-pad@1", ["left-pad@1"]),
    ("RUN pnpm add --filter web --reporter silent a@1", ["a@1"]),
    ("RUN apk add --repository https://x/edge --virtual .deps -t .more gcc", ["gcc"]),
    ("RUN apt-get install -y -t bookworm-backports -o Dpkg::Use-Pty=0 --solver 3.0 git",
     ["git"]),
    ("RUN dnf install -y --setopt tsflags=nodocs --exclude kernel --releasever 9 --nobest git",
     ["git"]),
    ("RUN zypper --root /mnt -D /repos in -t pattern -r oss devel_basis", ["devel_basis"]),
    ("RUN go install -tags netgo -ldflags '-s -w' example.com/x@v1", ["example.com/x@v1"]),
    ("RUN cargo install --locked --features full --root /usr/local ripgrep", ["ripgrep"]),
    ("RUN pipx install --python python3.12 --pip-args '--no-cache-dir' black==24.1",
     ["black==24.1"]),
])
def test_option_values_are_not_packages(run, packages):
    _, [pc] = _pcs(run)
    assert [w.value for w in pc.packages] == packages


def test_option_values_are_read():
    _, [pc] = _pcs("RUN pip install --cache-dir /tmp/pip --no-binary=:all: x")
    assert pc.value_of("--cache-dir") == "/tmp/pip" and pc.value_of("--no-binary") == ":all:"


@pytest.mark.parametrize("run, manager, verb, kind, packages", [
    ("RUN pipx install poetry", "pipx", "install", "package", ["poetry"]),
    ("RUN python3 -m pipx inject poetry poetry-plugin-export", "pipx", "inject", "package",
     ["poetry-plugin-export"]),
    ("RUN go run golang.org/x/tools/cmd/stringer@latest -type=Pill", "go", "run", "package",
     ["golang.org/x/tools/cmd/stringer@latest"]),
    ("RUN go run ./main.go serve", "go", "run", "package", []),
    ("RUN dnf module install -y nodejs:20/common", "dnf", "module install", "module",
     ["nodejs:20/common"]),
    ("RUN yum groupinstall -y 'Development Tools'", "yum", "groupinstall", "group",
     ["Development Tools"]),
    ("RUN dnf upgrade-minimal -y", "dnf", "upgrade-minimal", "package", []),
    ("RUN cargo install ripgrep@14.1.1", "cargo", "install", "package", ["ripgrep@14.1.1"]),
])
def test_install_forms(run, manager, verb, kind, packages):
    _, [pc] = _pcs(run)
    assert (pc.manager, pc.verb, pc.kind, [w.value for w in pc.packages]) == \
        (manager, verb, kind, packages)


@pytest.mark.parametrize("run, pinned", [
    # a repository pins a commit or a tag, never a branch
    ("RUN pip install git+https://github.com/x/y.git git+https://github.com/x/y.git@main "
     "git+https://github.com/x/y.git@v1.2.0#egg=y 'y @ git+https://h/x/y.git@0123abc'",
     [False, False, True, True]),
    ("RUN npm install github:x/y git+https://github.com/x/y.git#main x/y#v1.0.2 "
     "git+ssh://git@github.com/x/y.git#semver:^1.0 lodash@next typescript@5",
     [False, False, True, True, False, True]),
    ("RUN pipx install poetry 'black==24.1'", [False, True]),
    ("RUN dnf module install -y nodejs nodejs:20", [False, True]),
    ("RUN yum groupinstall -y 'Development Tools'", [None]),
    ("RUN go run example.com/x@latest", [False]),
    ("RUN cargo install ripgrep bat@0.24.0", [False, True]),
    ("RUN cargo install --git https://github.com/x/y --branch main y", [False, None]),
    ("RUN cargo install --git https://github.com/x/y --tag v1.0 y", [True, None]),
])
def test_pins_of_install_forms(run, pinned):
    _, [pc] = _pcs(run)
    assert [is_pinned(pc, w) for w in pc.packages] == pinned


def test_script_environment_of_a_command():
    _, pcs = _pcs("RUN export PIP_NO_CACHE_DIR=1 A=2 && B=3 env C=4 pip install x")
    [pc] = pcs
    df, _ = parse_text("FROM debian:12\nRUN export PIP_NO_CACHE_DIR=1 A=2 && B=3 env C=4 "
                       "pip install x\n")
    [(_, sc)] = list(scripts(df))
    [pc] = package_commands(sc)
    assert sc.environment_of(pc.command) == {"PIP_NO_CACHE_DIR": "1", "A": "2", "B": "3",
                                             "C": "4"}
