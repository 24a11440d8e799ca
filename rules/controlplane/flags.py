"""Control-plane components recognised by what their containers run, and their flags read the
way the components read them.

A container is a control-plane component when its ``command`` and ``args`` run
``kube-apiserver``, ``kube-controller-manager``, ``kube-scheduler``, ``etcd`` or ``kubelet``
(by the program's base name: ``/usr/local/bin/kube-apiserver``; through ``hyperkube
apiserver``; or through ``sh -c "exec kube-apiserver ..."``). Never by the file's path or the
pod's name. ``etcd`` is also the name of an application database that charts deploy: it is
the cluster's etcd only in a pod that says it belongs to the control plane (namespace
``kube-system`` or the label ``tier: control-plane``, as kubeadm, kops and kubespray write).

Flags are read as the components' flag library (pflag; Go's ``flag`` for etcd) reads them:

* ``--flag=value`` and ``--flag value`` (a boolean flag never takes the next word: ``--flag``
  alone is ``true``); etcd also takes ``-flag``;
* ``command`` then ``args``, one command line;
* a flag written twice: the last one wins, except for list flags (``--enable-admission-plugins``,
  ``--authorization-mode``, ``--tls-cipher-suites``, ``--feature-gates``), whose values add up;
  list values are comma-separated;
* etcd also reads ``ETCD_<FLAG>`` environment variables for flags not on the command line,
  and ignores both when it is given ``--config-file`` (a file shiplint cannot see);
* a value that still holds a reference resolved at run time (``$(POD_IP)``, ``${X}``,
  ``{{ .x }}``) is unknown: nothing is judged of it.

Each flag keeps the YAML scalar that wrote it, so a finding points at the line at fault; a
flag that is missing is reported on the scalar that names the program (``- kube-apiserver``).
"""

from __future__ import annotations

import os
import re
from functools import lru_cache

from linter import lazyre
from linter.plain import Plain
from linter.yaml import YNode, YScalar, YSequence

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:  # the models are named by their modules: a run imports only its kinds'
    from typing import Iterator
    from linter.kubernetes import Container, PodTemplate

APISERVER = "kube-apiserver"
CONTROLLER_MANAGER = "kube-controller-manager"
SCHEDULER = "kube-scheduler"
ETCD = "etcd"
KUBELET = "kubelet"
COMPONENTS = (APISERVER, CONTROLLER_MANAGER, SCHEDULER, ETCD, KUBELET)

#: ``hyperkube <name>`` ran every component from one binary (Kubernetes up to 1.18)
_HYPERKUBE = {"apiserver": APISERVER, "kube-apiserver": APISERVER,
              "controller-manager": CONTROLLER_MANAGER,
              "kube-controller-manager": CONTROLLER_MANAGER,
              "scheduler": SCHEDULER, "kube-scheduler": SCHEDULER, "kubelet": KUBELET}
_SHELLS = frozenset(("sh", "bash", "ash", "dash", "busybox"))
_SHELL_OPERATORS = frozenset((";", "&&", "||", "|", "&"))

#: flags whose values add up when the flag is repeated (pflag string slices and maps)
LIST_FLAGS = frozenset((
    "enable-admission-plugins", "disable-admission-plugins", "admission-control",
    "authorization-mode", "tls-cipher-suites", "feature-gates", "cipher-suites",
))
#: the boolean flags the controls read: ``--flag`` alone means true and never takes the next
#: word as its value
BOOL_FLAGS = frozenset((
    "anonymous-auth", "profiling", "service-account-lookup", "kubelet-https",
    "use-service-account-credentials", "client-cert-auth", "auto-tls", "peer-client-cert-auth",
    "peer-auto-tls", "protect-kernel-defaults", "make-iptables-util-chains",
    "rotate-certificates", "allow-privileged", "enable-bootstrap-token-auth", "leader-elect",
    "contention-profiling", "enable-profiling", "rotate-server-certificates",
))
_UNRESOLVED = lazyre.compile(r"\$\(|\$\{|\{\{")
_TRUE = frozenset(("true", "1", "t"))
_FALSE = frozenset(("false", "0", "f"))


class Flag(Plain):
    """One flag as written: ``name`` without dashes, ``value`` (``"true"`` for a boolean flag
    written alone), ``node`` the scalar that wrote the value (the flag's own scalar for
    ``--flag=value``, the next one for ``--flag value``, the script for ``sh -c``, the env
    entry's value for ``ETCD_FLAG``), ``written`` how it reads in a message."""

    name: str
    value: str
    node: YNode
    written: str

    # a plain class, not a dataclass (issue #14: 0.4 ms of start-up each, with Command)
    __slots__ = ("name", "value", "node", "written")
    FIELDS = __slots__
    __eq__ = object.__eq__  # identity, as the dataclass had (eq=False)
    __hash__ = object.__hash__

    def __init__(self, name: str, value: str, node: YNode, written: str) -> None:
        self.name = name
        self.value = value
        self.node = node
        self.written = written

    @property
    def span(self):
        return self.node.span

    @property
    def unresolved(self) -> bool:
        """Whether the value is only known at run time (``$(VAR)``, ``${VAR}``, ``{{ }}``)."""
        return bool(_UNRESOLVED.search(self.value))

    def items(self) -> list[str]:
        """The comma-separated items of the value, blanks dropped."""
        return [i.strip() for i in self.value.split(",") if i.strip()]

    def as_bool(self) -> bool | None:
        """The value as Go's ``strconv.ParseBool`` reads it (``None``: not a boolean)."""
        low = self.value.strip().lower()
        return True if low in _TRUE else False if low in _FALSE else None

    def malformed(self) -> str | None:
        """Why the component refuses the value and does not start, when it does: quotes
        written inside a word of an exec-form command (no shell removes them) around a
        value the component parses (a boolean, a number, a list flag's items), or a
        boolean flag whose value is not one (``--profiling=``, ``--profiling==false``)."""
        if self.unresolved:
            return None
        parsed = self.name in BOOL_FLAGS or self.name in LIST_FLAGS or \
            self.value.strip("\"'").isdigit()  # a path or a name with quotes is just odd
        if parsed and (self.value[:1] in ("\"", "'") or self.value[-1:] in ("\"", "'")):
            return ("whose quotes are part of the value (no shell reads a container's "
                    "command)")
        if self.name in BOOL_FLAGS and self.as_bool() is None:
            return "which is not a boolean"
        return None


class Command(Plain):
    """The command line of one control-plane container: ``component`` (one of
    ``COMPONENTS``), ``program`` the scalar that names it (where a missing flag is
    reported), ``flags`` in the order the component reads them."""

    component: str
    container: Container
    program: YNode
    flags: list[Flag]
    #: etcd given ``--config-file``: it ignores its flags and environment then
    config_file: Flag | None

    FIELDS = ("component", "program", "flags", "config_file")
    __eq__ = object.__eq__  # identity, as the dataclass had (eq=False)
    __hash__ = object.__hash__

    def __init__(self, component: str, container: Container, program: YNode,
                 flags: list[Flag] | None = None, config_file: Flag | None = None) -> None:
        self.component = component
        self.container = container
        self.program = program
        self.flags = [] if flags is None else flags
        self.config_file = config_file

    @property
    def span(self):
        return self.program.span

    def all(self, name: str) -> list[Flag]:
        """Every occurrence of ``--name``, in order."""
        return [f for f in self.flags if f.name == name]

    def get(self, name: str) -> Flag | None:
        """The occurrence of ``--name`` that takes effect (the last one), or ``None``."""
        found = self.all(name)
        return found[-1] if found else None

    def items(self, name: str) -> list[tuple[str, Flag]]:
        """The items of a list flag (``--enable-admission-plugins=A,B``), every occurrence
        added up, each with the flag that wrote it."""
        return [(item, f) for f in self.all(name) for item in f.items()]

    def feature_gate(self, gate: str) -> tuple[bool | None, Flag] | None:
        """The value ``--feature-gates`` gives ``gate`` (the last one written wins), or
        ``None`` when no ``--feature-gates`` names it."""
        found = None
        for item, f in self.items("feature-gates"):
            key, sep, val = item.partition("=")
            if sep and key.strip() == gate:
                low = val.strip().lower()
                found = (True if low in _TRUE else False if low in _FALSE else None, f)
        return found

    @property
    def unknowable(self) -> bool:
        """Whether the flags on the command line are not what the component uses (etcd with
        ``--config-file``)."""
        return self.config_file is not None


def _strings(seq: YSequence | None) -> list[YScalar] | None:
    """The scalars of a ``command``/``args`` list; ``None`` when an item is not a plain
    string (a list or mapping where a word should be: not a command line we can read)."""
    if seq is None:
        return []
    out = []
    for item in seq.items:
        if not isinstance(item, YScalar) or item.value is None or isinstance(item.value, bool):
            return None
        out.append(item)
    return out


def _program(word: str) -> str:
    return os.path.basename(word.strip())


#: remembered by container (identity: ``Container`` compares by identity), bounded: every
#: workload rule asks ``is_control_plane`` of every pod template, and a ``sh -c`` script is
#: tokenised once, not once a rule (issue #14)
@lru_cache(maxsize=4096)
def _words(container: Container) -> tuple[str, YNode, list[tuple[str, YNode]]] | None:
    """``(component, program node, [(word, node), ...])`` of a container that runs a
    control-plane component, else ``None``."""
    command = _strings(container.command)
    args = _strings(container.args)
    if command is None or args is None:
        return None
    words = [(s.as_str(), s) for s in command + args]
    if not words:
        return None
    first, node = words[0]
    name = _program(first)
    if name in _SHELLS and len(words) >= 3 and words[1][0].startswith("-") \
            and words[1][0].endswith("c"):
        return _script(words[2][0], words[2][1])
    if name in COMPONENTS:
        return name, node, words[1:]
    if name == "hyperkube" and len(words) > 1 and words[1][0] in _HYPERKUBE:
        return _HYPERKUBE[words[1][0]], words[1][1], words[2:]
    return None


def _script(script: str, node: YNode) -> tuple[str, YNode, list[tuple[str, YNode]]] | None:
    """The component a ``sh -c`` script runs (its first command, after ``exec`` and
    variable assignments), with the words of that command."""
    try:
        import shlex  # only for a script run through a shell (start-up, issue #14)

        lex = shlex.shlex(script, posix=True, punctuation_chars=";&|")
        lex.whitespace_split = True
        tokens = list(lex)
    except ValueError:
        return None
    i = 0
    while i < len(tokens) and (tokens[i] == "exec" or re.match(r"^[A-Za-z_]\w*=", tokens[i])):
        i += 1
    if i >= len(tokens):
        return None
    name = _program(tokens[i])
    rest = tokens[i + 1:]
    if name == "hyperkube" and rest and rest[0] in _HYPERKUBE:
        name, rest = _HYPERKUBE[rest[0]], rest[1:]
    if name not in COMPONENTS:
        return None
    words: list[tuple[str, YNode]] = []
    for t in rest:
        if t in _SHELL_OPERATORS:
            break
        words.append((t, node))
    return name, node, words


def _parse(component: str, words: list[tuple[str, YNode]]) -> list[Flag]:
    flags: list[Flag] = []
    single_dash = component == ETCD  # Go's flag package: -name and --name alike
    i = 0
    while i < len(words):
        word, node = words[i]
        i += 1
        if word.startswith("--"):
            body = word[2:]
        elif single_dash and word.startswith("-") and len(word) > 1:
            body = word[1:]
        else:
            continue  # a positional word: the components take none
        if not body:
            break  # "--" ends the flags
        name, sep, value = body.partition("=")
        if sep:
            flags.append(Flag(name, value, node, word))
        elif name in BOOL_FLAGS or i >= len(words) or (words[i][0].startswith("-")
                                                       and words[i][0] != "-"):
            # pflag gives a flag that takes a value the next word, whatever it is; a word
            # that starts with a dash is read as the next flag here all the same, since a
            # boolean flag this table does not know takes none ("-" alone is a value: stdout)
            flags.append(Flag(name, "true", node, word))
        else:
            value, vnode = words[i]
            i += 1
            flags.append(Flag(name, value, vnode, f"{word} {value}"))
    return flags


def _etcd_environment(container: Container, flags: list[Flag]) -> list[Flag]:
    """etcd's ``ETCD_<FLAG>`` variables for the flags the command line does not set (etcd
    warns and takes the command line's when both are set)."""
    written = {f.name for f in flags}
    out = []
    for env in container.env:
        if not env.name or not env.name.startswith("ETCD_") or env.value is None:
            continue
        name = env.name[5:].lower().replace("_", "-")
        if name and name not in written:
            out.append(Flag(name, env.value.as_str(), env.value, f"{env.name}={env.value.as_str()}"))
    return out


def command(container: Container) -> Command | None:
    """The control-plane command line ``container`` runs, or ``None`` when it runs none (or
    runs an etcd outside the control plane, see the module's text)."""
    found = _words(container)
    if found is None:
        return None
    component, program, words = found
    if component == ETCD and not _control_plane_pod(container.pod):
        return None
    flags = _parse(component, words)
    cmd = Command(component, container, program, flags)
    if component == ETCD:
        cmd.flags = flags + _etcd_environment(container, flags)
        cmd.config_file = cmd.get("config-file")
    return cmd


def _control_plane_pod(pt: PodTemplate) -> bool:
    owner = pt.owner
    return owner.namespace == "kube-system" or pt.labels.get("tier") == "control-plane" \
        or owner.labels.get("tier") == "control-plane"


def commands(pt: PodTemplate, component: str | None = None) -> Iterator[Command]:
    """The control-plane command lines of a pod template's containers (init and ephemeral
    ones too), of ``component`` only when it is given."""
    for c in pt.all_containers():
        cmd = command(c)
        if cmd is not None and (component is None or cmd.component == component):
            yield cmd


def is_control_plane(pt: PodTemplate | None) -> bool:
    """Whether a pod template runs a control-plane component (kube-apiserver,
    kube-controller-manager, kube-scheduler, the cluster's etcd or kubelet): the one test
    the workload rules use to leave such pods to this family where their advice does not
    fit (a control-plane pod needs hostNetwork, see docs/coverage/kubernetes.md)."""
    return pt is not None and any(True for _ in commands(pt))
