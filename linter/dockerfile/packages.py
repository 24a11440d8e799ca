"""The package-manager model: which package managers a RUN script calls, with what.

``package_commands(script)`` turns the commands of a ``shell.Script`` into ``PackageCommand``
objects: the manager (``apt-get``, ``apk``, ``pip``...), the action (``install``, ``update``,
``clean``...; aliases normalised: ``apk add`` and ``dnf in`` are ``install``), the packages
named (option values and requirement files left out) and the command itself for its flags.

``is_pinned(pc, word)`` says whether one package word pins a version in that manager's syntax;
``cleans_after(script, pc, ...)`` whether a later command of the same RUN removes a cache; and
``cache_mounts(ins)`` the targets of ``RUN --mount=type=cache``.
"""

from __future__ import annotations

import posixpath
import re

from .. import lazyre
from .shell import Command, Script, Word
from .tree import Instruction

__all__ = ["PackageCommand", "package_commands", "is_pinned", "cache_mounts", "mounts",
           "removes", "ref_pins", "vcs_ref", "git_fragment", "OS_MANAGERS",
           "LANGUAGE_MANAGERS", "BRANCHES"]

OS_MANAGERS = frozenset({"apt-get", "apt", "aptitude", "apk", "yum", "dnf", "dnf5", "microdnf",
                         "tdnf", "zypper"})
#: families of the language package managers (``PackageCommand.family``)
LANGUAGE_MANAGERS = frozenset({"pip", "pipx", "npm", "yarn", "pnpm", "gem", "go", "cargo"})

_NPM_INSTALL = ("install", "i", "add", "in", "ins", "inst", "insta", "instal", "isnt", "isnta",
                "isntal", "isntall")
_NPM_CI = ("ci", "clean-install", "ic", "install-clean", "isntall-clean")

_ACTIONS = {
    "apt": {"install": "install", "update": "update", "upgrade": "upgrade",
            "dist-upgrade": "upgrade", "full-upgrade": "upgrade", "remove": "remove",
            "purge": "remove", "autoremove": "remove", "clean": "clean", "autoclean": "clean",
            "dist-clean": "dist-clean", "distclean": "dist-clean",
            "build-dep": "install", "source": "source", "download": "download",
            "reinstall": "install", "satisfy": "install"},
    "apk": {"add": "install", "update": "update", "upgrade": "upgrade", "del": "remove",
            "cache": "cache", "fix": "install"},
    "rpm": {"install": "install", "in": "install", "localinstall": "install",
            "reinstall": "install", "groupinstall": "install", "install-n": "install",
            "install-na": "install", "install-nevra": "install", "downgrade": "install",
            "swap": "install", "builddep": "install", "update": "upgrade",
            "upgrade": "upgrade", "up": "upgrade", "distro-sync": "upgrade",
            "distrosync": "upgrade", "dsync": "upgrade", "upgrade-minimal": "upgrade",
            "update-minimal": "upgrade", "up-min": "upgrade", "localupdate": "upgrade",
            "groupupdate": "upgrade", "groupupgrade": "upgrade",
            "makecache": "update", "check-update": "update", "remove": "remove",
            "erase": "remove", "rm": "remove", "autoremove": "remove", "groupremove": "remove",
            "clean": "clean", "module": "module", "group": "group", "groups": "group",
            "config-manager": "config"},
    "zypper": {"install": "install", "in": "install", "install-new-recommends": "install",
               "inr": "install", "source-install": "install", "si": "install",
               "update": "upgrade", "up": "upgrade",
               "dist-upgrade": "dist-upgrade", "dup": "dist-upgrade", "patch": "upgrade",
               "refresh": "update", "ref": "update", "remove": "remove", "rm": "remove",
               "clean": "clean", "cc": "clean", "addrepo": "repo", "ar": "repo"},
    "pip": {"install": "install", "download": "download", "wheel": "download",
            "uninstall": "remove", "cache": "cache", "config": "config"},
    "pipx": {"install": "install", "install-all": "install", "reinstall": "install",
             "inject": "install", "upgrade": "upgrade", "run": "run", "uninstall": "remove"},
    "npm": {**dict.fromkeys(_NPM_INSTALL, "install"), **dict.fromkeys(_NPM_CI, "ci"),
            "cache": "cache", "config": "config", "set": "config", "update": "upgrade",
            "up": "upgrade", "upgrade": "upgrade", "uninstall": "remove", "remove": "remove",
            "rm": "remove", "un": "remove"},
    "yarn": {"add": "install", "install": "install", "cache": "cache", "config": "config",
             "global": "global"},
    "pnpm": {"add": "install", "install": "install", "i": "install", "store": "cache",
             "config": "config"},
    "gem": {"install": "install", "i": "install", "update": "upgrade", "sources": "sources"},
    "go": {"install": "install", "get": "install", "run": "run"},
    "cargo": {"install": "install", "uninstall": "remove"},
}
_FAMILY = {"apt-get": "apt", "apt": "apt", "aptitude": "apt", "apk": "apk", "yum": "rpm",
           "dnf": "rpm", "dnf5": "rpm", "microdnf": "rpm", "tdnf": "rpm", "zypper": "zypper",
           "pip": "pip", "pipx": "pipx", "npm": "npm", "yarn": "yarn", "pnpm": "pnpm",
           "gem": "gem", "go": "go", "cargo": "cargo"}

# Options that take the next word as their value (when not written --opt=value), as each
# manager's own documentation lists them. An option missing here would make its value read
# as a package (`pip install --root-user-action ignore x`: 'ignore' is no package).
_VALUE_OPTIONS = {
    "apt": {"-o", "--option", "-c", "--config-file", "-t", "--target-release",
            "--default-release", "-a", "--host-architecture", "-P", "--build-profiles",
            "--solver", "--planner", "-S", "--snapshot",
            # aptitude
            "-F", "--display-format", "-w", "--width", "-O", "--sort", "--log-file",
            "--log-level", "--add-user-tag", "--add-user-tag-to", "--remove-user-tag",
            "--remove-user-tag-from"},
    "apk": {"-X", "--repository", "-t", "--virtual", "-p", "--root", "--arch", "--keys-dir",
            "--cache-dir", "--repositories-file", "--cache-max-age", "--timeout", "--wait",
            "--progress-fd", "--repository-config"},
    "rpm": {"-c", "--config", "--installroot", "--releasever", "--releasever-major",
            "--releasever-minor", "--repo", "--repoid", "--enablerepo", "--disablerepo",
            "--from-repo", "-x", "--exclude", "--excludepkgs", "--setopt", "--setvar",
            "--forcearch", "-d", "--debuglevel", "-e", "--errorlevel", "--downloaddir",
            "--destdir", "--rpmverbosity", "--disableplugin", "--enableplugin", "--color",
            "--comment", "--advisory", "--advisories", "--bz", "--bzs", "--cve", "--cves",
            "--sec-severity", "--secseverity", "--repofrompath", "--disableexcludes",
            "--disableexcludepkgs", "-R", "--randomwait", "--persistence",
            "--module-platform-id"},
    "zypper": {"-r", "--repo", "--from", "-t", "--type", "--download", "--plus-content"},
    "pip": {"-r", "--requirement", "-c", "--constraint", "-e", "--editable", "-i",
            "--index-url", "--extra-index-url", "-f", "--find-links", "--trusted-host", "-t",
            "--target", "--prefix", "--root", "--platform", "--python-version",
            "--implementation", "--abi", "--only-binary", "--no-binary", "--progress-bar",
            "--cache-dir", "--src", "--upgrade-strategy", "--config-settings", "-C",
            "--global-option", "--install-option", "--build-option", "--log", "--log-file",
            "--local-log", "--timeout", "--retries", "--resume-retries", "--proxy", "--cert",
            "--client-cert", "--exists-action", "--report", "--python", "--root-user-action",
            "--keyring-provider", "--use-feature", "--use-deprecated", "--group", "-b",
            "--build", "--build-dir", "-d", "--dest", "-w", "--wheel-dir",
            # uv pip
            "-p", "--index", "--default-index", "--extra-index", "--uv-cache-dir",
            "--requirements", "--constraints", "--override", "--overrides",
            "--build-constraint", "--build-constraints", "--extra", "--index-strategy",
            "--resolution", "--prerelease", "--exclude-newer", "--link-mode",
            "--python-platform", "--reinstall-package", "--upgrade-package", "-P",
            "--no-binary-package", "--only-binary-package", "--no-build-package",
            "--no-build-isolation-package", "--refresh-package", "--allow-insecure-host",
            "--config-file", "--directory", "--project", "--color", "--torch-backend"},
    "pipx": {"--suffix", "--python", "--preinstall", "--pip-args", "-i", "--index-url",
             "--spec", "--backend"},
    "npm": {"--prefix", "-C", "--registry", "--cache", "-w", "--workspace", "--omit",
            "--include", "--only", "--loglevel", "--userconfig", "--globalconfig",
            "--install-strategy", "--tag", "--save-prefix", "--otp", "--before",
            "--fetch-retries", "--fetch-timeout", "--fetch-retry-factor",
            "--fetch-retry-mintimeout", "--fetch-retry-maxtimeout", "--proxy", "--https-proxy",
            "--noproxy", "--ca", "--cafile", "--cert", "--key", "--scope", "--auth-type",
            "--access", "--script-shell", "--node-options", "--logs-dir", "--logs-max",
            "--maxsockets", "--user-agent", "--cpu", "--os", "--libc", "--location",
            "--umask", "--cache-min", "--cache-max"},
    "yarn": {"--cwd", "--registry", "--cache-folder", "--modules-folder", "--network-timeout",
             "--mutex", "--global-folder", "--link-folder", "--preferred-cache-folder",
             "--network-concurrency", "--https-proxy", "--proxy", "--otp", "--use-yarnrc",
             "--scripts-prepend-node-path", "--mode"},
    "pnpm": {"--dir", "-C", "--filter", "-F", "--filter-prod", "--registry", "--store-dir",
             "--reporter", "--loglevel", "--workspace-dir", "--virtual-store-dir",
             "--modules-dir", "--network-concurrency", "--child-concurrency",
             "--package-import-method", "--lockfile-dir", "--global-dir", "--global-bin-dir",
             "--cache-dir", "--state-dir", "--resolution-mode", "--node-linker",
             "--allow-build", "--config-dir", "--test-pattern",
             "--changed-files-ignore-pattern"},
    "gem": {"-v", "--version", "-s", "--source", "-i", "--install-dir", "-n", "--bindir",
            "--platform", "-P", "--trust-policy", "--build-root", "-B", "--bulk-threshold",
            "--config-file", "--without"},
    "go": {f"{d}{o}" for d in ("-", "--") for o in (
        "o", "C", "p", "tags", "ldflags", "gcflags", "asmflags", "gccgoflags", "mod",
        "modfile", "overlay", "pkgdir", "toolexec", "buildmode", "compiler", "installsuffix",
        "exec", "covermode", "coverpkg", "pgo", "debug-actiongraph", "debug-runtime-trace",
        "debug-trace")},
    "cargo": {"--version", "--vers", "--git", "--branch", "--tag", "--rev", "--path",
              "--root", "--index", "--registry", "-j", "--jobs", "-F", "--features",
              "--target", "--target-dir", "--profile", "--config", "-Z", "--color", "--bin",
              "--example", "--message-format", "--lockfile-path", "--manifest-path"},
}
# Options that take a value only before the action (zypper's global options; after the
# action the same letters are other options: `zypper -D DIR in` vs `zypper in -D` dry run).
_GLOBAL_VALUE_OPTIONS = {
    "zypper": {"-c", "--config", "--userdata", "-R", "--root", "--installroot", "-D",
               "--reposd-path", "-C", "--cache-dir", "--raw-cache-dir", "--solv-cache-dir",
               "--pkg-cache-dir", "-p", "--plus-repo", "--plus-content"},
}
# Managers whose boolean long options also take a following `true`/`false` (npm's option
# parser: `npm install --strict-ssl false pkg`).
_BOOL_WORDS = frozenset({"npm", "pnpm"})
_PYTHON = lazyre.compile(r"python(\d+(\.\d+)?)?\Z")
_PIP = lazyre.compile(r"pip(\d+(\.\d+)?)?\Z")


class PackageCommand:
    """One call of a package manager. ``manager``: ``apt-get``, ``apt``, ``apk``, ``yum``,
    ``dnf``, ``microdnf``, ``tdnf``, ``zypper``, ``pip`` (also ``pip3``, ``python -m pip``,
    ``uv pip``), ``pipx``, ``npm``, ``yarn``, ``pnpm``, ``gem``, ``go``, ``cargo``. ``family``
    groups managers that share a syntax (``apt``, ``rpm`` ...). ``options``: the option words
    (after the manager's name); ``packages``: the other words after the action (option values
    left out, and what follows ``--`` when it belongs to the program being built: gem's
    build options, the arguments of ``go run``). ``args_from``: the index in
    ``command.words`` where the manager's own arguments start. ``kind``: what the package
    words name: ``package``, ``module`` (``dnf module install nodejs:20``) or ``group``
    (``dnf group install "Development Tools"``). ``values``: option word -> the word holding
    its value (``--cache-dir /x``: ``/x``). ``verb``: the action as written
    (``upgrade-minimal``, ``module install``); ``action`` normalises it.

    A plain class compared by identity (was an ``eq=False`` dataclass: issue #14, start-up).
    """

    __slots__ = ("manager", "family", "action", "command", "options", "packages", "args_from",
                 "uv", "kind", "values", "verb")

    def __init__(self, manager: str, family: str, action: str, command: Command,
                 options: list[Word], packages: list[Word], args_from: int, uv: bool = False,
                 kind: str = "package", values: dict | None = None, verb: str = "") -> None:
        self.manager = manager
        self.family = family
        self.action = action
        self.command = command
        self.options = options
        self.packages = packages
        self.args_from = args_from
        self.uv = uv
        self.kind = kind
        self.values = {} if values is None else values
        self.verb = verb

    def __repr__(self) -> str:
        return (f"PackageCommand(manager={self.manager!r}, family={self.family!r}, "
                f"action={self.action!r}, command={self.command!r}, "
                f"options={self.options!r}, packages={self.packages!r}, "
                f"args_from={self.args_from!r}, uv={self.uv!r}, kind={self.kind!r}, "
                f"verb={self.verb!r})")

    def has(self, *names: str) -> bool:
        """Whether an option is present (``-y`` also inside ``-qy``; ``--opt=value`` too)."""
        return self.option(*names) is not None

    def option(self, *names: str) -> Word | None:
        for w in self.options:
            v = w.value
            for n in names:
                if v == n or (n.startswith("-") and v.startswith(n + "=")):
                    return w
                if (len(n) == 2 and n[0] == "-" and n[1] != "-" and v.startswith("-")
                        and not v.startswith("--") and len(v) > 2 and v[1:].isalpha()
                        and n[1] in v[1:] and self.family in ("apt", "rpm", "zypper")):
                    return w
        return None

    def value_of(self, *names: str) -> str | None:
        """The value of the last of the options ``names`` (``--opt=value`` or ``--opt value``),
        quotes removed; None when absent."""
        found = None
        for w in self.options:
            for n in names:
                if w.value.startswith(n + "="):
                    found = w.value[len(n) + 1:]
                elif w.value == n and id(w) in self.values:
                    found = self.values[id(w)].value
        return found

    @property
    def span(self):
        return self.command.span


def package_commands(script: Script) -> list[PackageCommand]:
    """Every package-manager call in ``script`` (cached on the script: on its instruction,
    which the script refers to, it made a reference cycle of every RUN, issue #14)."""
    found = script.packages
    if found is None:
        found = []
        for cmd in script.commands:
            pc = _read(cmd)
            if pc is not None:
                found.append(pc)
        script.packages = found
    return found


def _manager(cmd: Command) -> tuple[str, int, bool]:
    """(manager name, index of its first own argument, uv) of ``cmd``; name '' for none."""
    words = cmd.words
    name = cmd.name
    if _PIP.match(name):
        return "pip", 1, False
    if _PYTHON.match(name) and len(words) > 2 and words[1].value == "-m":
        module = words[2].value
        if _PIP.match(module):
            return "pip", 3, False
        if module == "pipx":
            return "pipx", 3, False
    if name == "uv" and len(words) > 1 and words[1].value == "pip":
        return "pip", 2, True
    if name == "corepack" and len(words) > 1 and words[1].value in ("yarn", "pnpm", "npm"):
        return words[1].value, 2, False
    return name, 1, False


def _read(cmd: Command) -> PackageCommand | None:
    words = cmd.words
    if not words:
        return None
    name, k, uv = _manager(cmd)
    family = _FAMILY.get(name)
    if family is None:
        return None
    takes = _VALUE_OPTIONS.get(family, set())
    global_takes = _GLOBAL_VALUE_OPTIONS.get(family, set())
    actions = _ACTIONS[family]
    options: list[Word] = []
    packages: list[Word] = []
    values: dict[int, Word] = {}
    action = ""
    verb = ""
    kind = "package"
    skip_first = False  # `pipx inject VENV pkg...`: the first word names the environment
    i = k
    n = len(words)
    ended = False  # after `--`: no more options
    while i < n:
        w = words[i]
        v = w.value
        if not ended and v == "--":
            ended = True
            if action and (family == "gem" or (family == "go" and action == "run")):
                break  # the rest goes to the program being built or run
            i += 1
            continue
        if not ended and v.startswith("-") and len(v) > 1:
            options.append(w)
            if i + 1 < n and "=" not in v and (v in takes or (not action and v in global_takes)):
                values[id(w)] = words[i + 1]
                i += 1
            elif (family in _BOOL_WORDS and v.startswith("--") and i + 1 < n
                  and words[i + 1].value in ("true", "false")):
                values[id(w)] = words[i + 1]
                i += 1
            i += 1
            continue
        if not action:
            if family == "yarn" and v == "global":
                i += 1
                continue
            action = actions.get(v, v)
            verb = v
            if family == "apk" and v == "cache" and i + 1 < n:
                action = "cache-" + words[i + 1].value
                i += 1
            elif family in ("yarn", "npm", "pnpm") and v in ("cache", "store") and i + 1 < n:
                action = "cache-" + words[i + 1].value
                i += 1
            elif family == "rpm" and action in ("module", "group"):
                kind = action
                sub = _next_word(words, i + 1, takes)
                if sub is not None:
                    action = actions.get(words[sub].value, words[sub].value)
                    verb = f"{v} {words[sub].value}"
                    if words[sub].value in ("enable", "reset", "disable", "list", "info",
                                            "provides", "switch-to"):
                        action = f"{kind}-{words[sub].value}"
                    options.extend(words[j] for j in range(i + 1, sub))
                    i = sub
            elif family == "rpm" and v in ("groupinstall", "groupupdate", "groupupgrade",
                                           "groupremove"):
                kind = "group"
            elif family == "pipx" and v == "inject":
                skip_first = True
            i += 1
            continue
        if skip_first:
            skip_first = False
            i += 1
            continue
        if family == "go" and action == "run":
            # `go run pkg@v args...` / `go run a.go b.go args...`: the arguments belong to
            # the program; .go files are local (nothing to pin)
            if v.endswith(".go"):
                i += 1
                continue
            if i > k and words[i - 1].value.endswith(".go") or packages:
                break
            packages.append(w)
            break
        packages.append(w)
        i += 1
    if family == "cargo":
        for opt in ("--git", "--path"):
            for w in options:
                if w.value == opt and id(w) in values:
                    packages.insert(0, values[id(w)])
    if not action and family == "yarn" and not any(
            o.value in ("-v", "--version", "-h", "--help") for o in options):
        action = "install"  # bare `yarn` installs the project's dependencies
    mgr = cmd.name
    if family in ("pip", "pipx"):
        mgr = "uv pip" if uv else family
    elif family in ("yarn", "pnpm", "npm", "gem", "go", "apk", "zypper", "cargo"):
        mgr = name
    return PackageCommand(mgr, family, action, cmd, options, packages, k, uv, kind, values,
                          verb or action)


def _next_word(words: list[Word], i: int, takes: set[str]) -> int | None:
    """Index of the next word from ``i`` that is not an option (or an option's value)."""
    while i < len(words):
        v = words[i].value
        if v.startswith("-") and len(v) > 1:
            i += 2 if v in takes and "=" not in v else 1
            continue
        return i
    return None


# --------------------------------------------------------------------------------------------
# version pins

_RPM_VERSION = lazyre.compile(r".+-\d")
_PIP_SPEC = lazyre.compile(r"(==|>=|<=|~=|!=|===|<|>)")
_LOCAL = ("./", "../", "/", "~", "file:")
_VCS = lazyre.compile(r"(git|hg|svn|bzr)\+[a-z+]+://", re.I)
_GIT_URL = lazyre.compile(r"^(git\+[a-z+]+://|git://|ssh://git@|git@)|^https?://\S+\.git(#|$)", re.I)
_GIT_SHORTHAND = lazyre.compile(r"^(github|gitlab|bitbucket|gist):", re.I)
_SHA = lazyre.compile(r"[0-9a-f]{7,40}\Z")
#: refs that name a branch (they move), not a commit or a release
BRANCHES = frozenset({"main", "master", "develop", "development", "dev", "trunk", "head",
                      "latest", "stable", "next", "nightly", "canary", "default", "edge",
                      "release", "staging", "production", "prod", "current", "beta", "alpha",
                      "rc", "lts", "unstable", "testing"})


def ref_pins(ref: str) -> bool | None:
    """Whether a VCS ref or a registry tag pins a version: a commit hash or a ref with a
    digit (``v1.2.3``, ``2024.06``) does; a branch (``main``, ``master``...) or an empty ref
    does not; another name cannot be told (None)."""
    r = ref.strip().lower()
    if not r or r in BRANCHES:
        return False
    if _SHA.match(r) or any(c.isdigit() for c in r):
        return True
    return None


def vcs_ref(url: str) -> str | None:
    """The ref of a pip VCS URL (``git+https://host/x/y.git@v1.2#egg=y`` -> ``v1.2``), ''
    when it names none; None when ``url`` is not a VCS URL."""
    url = url.split("#", 1)[0].strip()
    m = _VCS.search(url)
    if m is None:
        return None
    before = url[:m.start()].strip()
    if before and not before.endswith("@"):
        return None  # a direct reference is written `name @ git+https://...`
    rest = url[m.start():].split("://", 1)[1]
    _, slash, path = rest.partition("/")
    if not slash or "@" not in path:
        return ""
    return path.rsplit("@", 1)[1]


def git_fragment(spec: str) -> str | None:
    """The committish of an npm git dependency (``github:x/y#v1``, ``git+https://...#abc``,
    ``x/y#main``) without a ``semver:`` range: '' when none is given; None when ``spec`` is
    not a git dependency. A ``#semver:^1.2`` range counts as ``1``."""
    if not (_GIT_URL.match(spec) or _GIT_SHORTHAND.match(spec)):
        return None
    _, hash_, frag = spec.partition("#")
    if not hash_:
        return ""
    return "1" if frag.startswith("semver:") else frag


def is_pinned(pc: PackageCommand, w: Word) -> bool | None:
    """True/False: the package word pins a version or not; None: cannot tell (a variable, a
    local file, a group) — rules treat None as pinned. A VCS URL pins only with a commit or
    a tag (``git+https://host/x/y.git@v1.2``, ``github:x/y#abc1234``), not with a branch."""
    v = w.value
    if w.dynamic or not v or "$" in v:
        return None
    if v.startswith(_LOCAL) or v in (".", ".."):
        return None
    f = pc.family
    if pc.kind == "group":
        return None
    if pc.kind == "module":
        return ":" in v.split("/", 1)[0]  # `nodejs:20` picks a stream; `nodejs` the default
    if f == "apt":
        if v.endswith(".deb"):
            return None
        return "=" in v
    if f == "apk":
        if v.endswith(".apk"):
            return None
        return any(c in v for c in "=~<>")
    if f == "rpm":
        if v.startswith("@") or v.endswith(".rpm") or "*" in v or "://" in v:
            return None
        return bool(_RPM_VERSION.match(v)) or any(c in v for c in "=<>")
    if f == "zypper":
        if v.endswith(".rpm") or v.startswith(("pattern:", "product:", "srcpackage:")) \
                or "://" in v:
            return None
        return any(c in v for c in "=<>") or bool(_RPM_VERSION.match(v))
    if f in ("pip", "pipx"):
        ref = vcs_ref(v)
        if ref is not None:
            return ref_pins(ref)
        if f == "pipx" and pc.value_of("--spec") is not None:
            return None
        if "://" in v or v.endswith((".whl", ".tar.gz", ".zip", ".tgz")) or "/" in v:
            return None
        return bool(_PIP_SPEC.search(v))
    if f in ("npm", "yarn", "pnpm"):
        frag = git_fragment(v)
        if frag is not None:
            return ref_pins(frag)
        if v.endswith((".tgz", ".tar.gz")) or v.startswith(("link:", "workspace:", "portal:",
                                                             "patch:")) or "://" in v:
            return None
        if v.startswith("npm:"):
            v = v[4:]
        at = v.find("@", 1)
        if at < 0:
            if "/" in v and not v.startswith("@"):
                return ref_pins(v.partition("#")[2])  # user/repo on GitHub: the ref decides
            return False
        spec = v[at + 1:]
        if spec in ("", "*", "x"):
            return False
        return ref_pins(spec)  # a version or range has a digit; `latest`, `next` are tags
    if f == "gem":
        if v.endswith(".gem"):
            return None
        if pc.has("-v", "--version"):
            return True
        return ":" in v
    if f == "go":
        if not ("." in v.split("/", 1)[0]):
            return None  # a local package path (./cmd/x, std)
        at = v.rfind("@")
        if at < 0:
            return False
        spec = v[at + 1:]
        if spec in ("upgrade", "patch", "none"):
            return False  # module queries that take whatever is newest
        return ref_pins(spec)
    if f == "cargo":
        if pc.has("--git", "--path") and not any(w is x for x in pc.values.values()):
            return None  # a crate of that repository or path: the source decides the version
        if any(w is x for x in pc.values.values()):
            if pc.has("--path") and w.value == pc.value_of("--path"):
                return None
            if pc.has("--rev", "--tag"):
                return True
            return ref_pins(pc.value_of("--branch") or "")
        if pc.has("--version", "--vers"):
            return True
        return "@" in v
    return None


# --------------------------------------------------------------------------------------------
# mounts and cleanups


def mounts(ins: Instruction) -> list[dict[str, str]]:
    """The ``--mount`` options of a RUN, each as a dict (``type`` defaults to ``bind``)."""
    out = []
    for f in ins.flags_named("mount"):
        if not f.value:
            continue
        d: dict[str, str] = {}
        for part in f.value.split(","):
            k, eq, v = part.partition("=")
            d[k.strip().lower()] = v.strip() if eq else "true"
        d.setdefault("type", "bind")
        if "target" not in d:
            d["target"] = d.get("dst") or d.get("destination") or ""
        out.append(d)
    return out


def cache_mounts(ins: Instruction) -> list[str]:
    """Targets of ``--mount=type=cache`` (and tmpfs) mounts, normalised (no trailing /)."""
    return [m["target"].rstrip("/") or "/" for m in mounts(ins)
            if m.get("type") in ("cache", "tmpfs") and m.get("target")]


def covered(ins: Instruction, *dirs: str) -> bool:
    """Whether a cache/tmpfs mount covers one of ``dirs`` (or a parent of it)."""
    for t in cache_mounts(ins):
        for d in dirs:
            if d == t or d.startswith(t.rstrip("/") + "/") or t.startswith(d.rstrip("/") + "/"):
                return True
    return False


def removes(cmd: Command, *paths: str) -> bool:
    """Whether ``cmd`` is an ``rm`` (recursive or of a glob) of one of ``paths`` or of
    something inside it (``rm -rf /var/lib/apt/lists/*`` removes ``/var/lib/apt/lists``)."""
    if cmd.name != "rm":
        return False
    for w in cmd.words[1:]:
        v = w.value
        if v.startswith("-"):
            continue
        v = v.replace("${HOME}", "/root").replace("$HOME", "/root")
        if v.startswith("~/"):
            v = "/root/" + v[2:]
        v = posixpath.normpath(v) if v else v
        for p in paths:
            if v == p or v.startswith(p + "/") or (p.startswith(v + "/") and v.count("/") > 1):
                return True
    return False
