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
from dataclasses import dataclass

from .shell import Command, Script, Word
from .tree import Instruction

__all__ = ["PackageCommand", "package_commands", "is_pinned", "cache_mounts", "mounts",
           "removes", "OS_MANAGERS", "LANGUAGE_MANAGERS"]

OS_MANAGERS = frozenset({"apt-get", "apt", "aptitude", "apk", "yum", "dnf", "microdnf", "tdnf",
                         "zypper"})
LANGUAGE_MANAGERS = frozenset({"pip", "npm", "yarn", "pnpm", "gem", "go"})

_ACTIONS = {
    "apt": {"install": "install", "update": "update", "upgrade": "upgrade",
            "dist-upgrade": "upgrade", "full-upgrade": "upgrade", "remove": "remove",
            "purge": "remove", "autoremove": "remove", "clean": "clean", "autoclean": "clean",
            "dist-clean": "dist-clean", "distclean": "dist-clean",
            "build-dep": "install", "source": "source", "download": "download"},
    "apk": {"add": "install", "update": "update", "upgrade": "upgrade", "del": "remove",
            "cache": "cache", "fix": "install"},
    "rpm": {"install": "install", "in": "install", "localinstall": "install",
            "reinstall": "install", "groupinstall": "install", "update": "upgrade",
            "upgrade": "upgrade", "up": "upgrade", "distro-sync": "upgrade",
            "makecache": "update", "check-update": "update", "remove": "remove",
            "erase": "remove", "rm": "remove", "autoremove": "remove", "clean": "clean",
            "module": "module", "group": "group", "config-manager": "config"},
    "zypper": {"install": "install", "in": "install", "update": "upgrade", "up": "upgrade",
               "dist-upgrade": "dist-upgrade", "dup": "dist-upgrade", "patch": "upgrade",
               "refresh": "update", "ref": "update", "remove": "remove", "rm": "remove",
               "clean": "clean", "cc": "clean", "addrepo": "repo", "ar": "repo"},
    "pip": {"install": "install", "download": "download", "wheel": "download",
            "uninstall": "remove", "cache": "cache"},
    "npm": {"install": "install", "i": "install", "add": "install", "in": "install",
            "isntall": "install", "ci": "ci", "cache": "cache", "config": "config",
            "set": "config", "update": "upgrade", "uninstall": "remove"},
    "yarn": {"add": "install", "install": "install", "cache": "cache", "config": "config",
             "global": "global"},
    "pnpm": {"add": "install", "install": "install", "i": "install", "store": "cache",
             "config": "config"},
    "gem": {"install": "install", "i": "install", "update": "upgrade", "sources": "sources"},
    "go": {"install": "install", "get": "install"},
}
_FAMILY = {"apt-get": "apt", "apt": "apt", "aptitude": "apt", "apk": "apk", "yum": "rpm",
           "dnf": "rpm", "microdnf": "rpm", "tdnf": "rpm", "zypper": "zypper", "pip": "pip",
           "npm": "npm", "yarn": "yarn", "pnpm": "pnpm", "gem": "gem", "go": "go"}

# Options that take the next word as their value (when not written --opt=value).
_VALUE_OPTIONS = {
    "apt": {"-o", "--option", "-c", "--config-file", "-t", "--target-release",
            "--default-release", "-a", "--host-architecture"},
    "apk": {"-X", "--repository", "-t", "--virtual", "-p", "--root", "--arch", "--keys-dir",
            "--cache-dir", "--repositories-file"},
    "rpm": {"-c", "--config", "--installroot", "--releasever", "--repo", "--repoid",
            "--enablerepo", "--disablerepo", "-x", "--exclude", "--setopt", "--forcearch",
            "-d", "--debuglevel", "-e", "--errorlevel", "--downloaddir", "--destdir",
            "--rpmverbosity", "--disableplugin", "--enableplugin", "--nobest"},
    "zypper": {"-r", "--repo", "--from", "-t", "--type", "--root", "-R", "--reposd-path",
               "-D", "--installroot"},
    "pip": {"-r", "--requirement", "-c", "--constraint", "-e", "--editable", "-i",
            "--index-url", "--extra-index-url", "-f", "--find-links", "--trusted-host", "-t",
            "--target", "--prefix", "--root", "--platform", "--python-version",
            "--implementation", "--abi", "--only-binary", "--no-binary", "--progress-bar",
            "--cache-dir", "--src", "--upgrade-strategy", "--config-settings", "-C",
            "--global-option", "--install-option", "--log", "--timeout", "--retries",
            "--proxy", "--cert", "--client-cert", "--exists-action", "--report", "--python",
            "-p", "--index", "--default-index", "--extra-index", "--group", "--uv-cache-dir"},
    "npm": {"--prefix", "--registry", "--cache", "-w", "--workspace", "--omit", "--only",
            "--loglevel", "--userconfig", "--install-strategy", "--include"},
    "yarn": {"--cwd", "--registry", "--cache-folder", "--modules-folder", "--network-timeout",
             "--mutex", "--global-folder"},
    "pnpm": {"--dir", "-C", "--filter", "-F", "--registry", "--store-dir", "--reporter"},
    "gem": {"-v", "--version", "-s", "--source", "-i", "--install-dir", "-n", "--bindir",
            "--platform", "-P", "--trust-policy"},
    "go": {"-o", "-C", "-p", "-tags", "-ldflags", "-gcflags", "-asmflags", "-mod",
           "-modfile", "-overlay", "-pkgdir", "-toolexec", "-buildmode", "-compiler",
           "-installsuffix", "-exec"},
}
_PYTHON = re.compile(r"python(\d+(\.\d+)?)?\Z")
_PIP = re.compile(r"pip(\d+(\.\d+)?)?\Z")


@dataclass(eq=False, slots=True)
class PackageCommand:
    """One call of a package manager. ``manager``: ``apt-get``, ``apt``, ``apk``, ``yum``,
    ``dnf``, ``microdnf``, ``tdnf``, ``zypper``, ``pip`` (also ``pip3``, ``python -m pip``,
    ``uv pip``), ``npm``, ``yarn``, ``pnpm``, ``gem``, ``go``. ``family`` groups managers that
    share a syntax (``apt``, ``rpm`` ...). ``options``: the option words (after the manager's
    name); ``packages``: the other words after the action (option values left out)."""

    manager: str
    family: str
    action: str
    command: Command
    options: list[Word]
    packages: list[Word]
    args_from: int  # index in command.words where the manager's own arguments start
    uv: bool = False

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

    @property
    def span(self):
        return self.command.span


def package_commands(script: Script) -> list[PackageCommand]:
    """Every package-manager call in ``script`` (cached on the script's instruction)."""
    cache = script.instruction.cache
    key = ("packages", id(script))
    found = cache.get(key)
    if found is None:
        found = []
        for cmd in script.commands:
            pc = _read(cmd)
            if pc is not None:
                found.append(pc)
        cache[key] = found
    return found


def _read(cmd: Command) -> PackageCommand | None:
    words = cmd.words
    if not words:
        return None
    name = cmd.name
    k = 1
    uv = False
    if _PIP.match(name):
        name = "pip"
    elif _PYTHON.match(name) and len(words) > 2 and words[1].value == "-m" \
            and _PIP.match(words[2].value):
        name, k = "pip", 3
    elif name == "uv" and len(words) > 1 and words[1].value == "pip":
        name, k, uv = "pip", 2, True
    elif name == "corepack" and len(words) > 1 and words[1].value in ("yarn", "pnpm"):
        name, k = words[1].value, 2
    family = _FAMILY.get(name)
    if family is None:
        return None
    takes = _VALUE_OPTIONS.get(family, set())
    actions = _ACTIONS[family]
    options: list[Word] = []
    packages: list[Word] = []
    action = ""
    i = k
    n = len(words)
    while i < n:
        w = words[i]
        v = w.value
        if v.startswith("-") and len(v) > 1:
            options.append(w)
            if v in takes and i + 1 < n:
                i += 1
                if not action and family == "pip" and v in ("-r", "--requirement"):
                    pass
            i += 1
            continue
        if not action:
            if family == "yarn" and v == "global":
                i += 1
                continue
            action = actions.get(v, v)
            if family == "apk" and v == "cache" and i + 1 < n:
                action = "cache-" + words[i + 1].value
                i += 1
            elif family in ("yarn", "npm", "pnpm") and v in ("cache", "store") and i + 1 < n:
                action = "cache-" + words[i + 1].value
                i += 1
            i += 1
            continue
        packages.append(w)
        i += 1
    if not action and family == "yarn" and not any(
            o.value in ("-v", "--version", "-h", "--help") for o in options):
        action = "install"  # bare `yarn` installs the project's dependencies
    if not action and family == "rpm" and cmd.name == "microdnf":
        action = ""
    mgr = cmd.name if family not in ("pip",) else ("uv pip" if uv else "pip")
    if family in ("yarn", "pnpm", "npm", "gem", "go", "apk", "zypper"):
        mgr = name
    return PackageCommand(mgr, family, action, cmd, options, packages, k, uv)


# --------------------------------------------------------------------------------------------
# version pins

_RPM_VERSION = re.compile(r".+-\d")
_PIP_SPEC = re.compile(r"(==|>=|<=|~=|!=|===|<|>|@)")
_LOCAL = ("./", "../", "/", "~", "file:", "http:", "https:", "git+", "git:", "git@", "ssh:")


def is_pinned(pc: PackageCommand, w: Word) -> bool | None:
    """True/False: the package word pins a version or not; None: cannot tell (a variable, a
    local file or URL, a group) — rules treat None as pinned."""
    v = w.value
    if w.dynamic or not v or "$" in v:
        return None
    if v.startswith(_LOCAL) or v in (".", ".."):
        return None
    f = pc.family
    if f == "apt":
        if v.endswith(".deb"):
            return None
        return "=" in v
    if f == "apk":
        if v.endswith(".apk"):
            return None
        return any(c in v for c in "=~<>")
    if f == "rpm":
        if v.startswith("@") or v.endswith(".rpm") or "*" in v:
            return None
        return bool(_RPM_VERSION.match(v)) or any(c in v for c in "=<>")
    if f == "zypper":
        if v.endswith(".rpm") or v.startswith(("pattern:", "product:", "srcpackage:")):
            return None
        return any(c in v for c in "=<>") or bool(_RPM_VERSION.match(v))
    if f == "pip":
        if v.endswith((".whl", ".tar.gz", ".zip", ".tgz")) or "/" in v:
            return None
        return bool(_PIP_SPEC.search(v))
    if f in ("npm", "yarn", "pnpm"):
        if v.endswith((".tgz", ".tar.gz")) or v.startswith(("github:", "npm:", "link:",
                                                             "workspace:")) or "://" in v:
            return None
        at = v.find("@", 1)
        if at < 0:
            return "/" in v and not v.startswith("@")  # user/repo on GitHub: a ref decides
        return v[at + 1:] not in ("latest", "next", "", "*")
    if f == "gem":
        if pc.has("-v", "--version") or v.endswith(".gem"):
            return True if not v.endswith(".gem") else None
        return ":" in v
    if f == "go":
        if not ("." in v.split("/", 1)[0]):
            return None  # a local package path (./cmd/x, std)
        at = v.rfind("@")
        return at > 0 and v[at + 1:] not in ("latest", "master", "main", "")
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
