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
    ("RUN pip install 'flask>=3' requests git+https://x/y . pkg.whl", [True, False, None, None,
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
