"""The kinds of control the CIS Kubernetes Benchmark sets on control-plane components, as
data: each rule of the family declares one (the component, the flag, the expected value, why)
and its check is one call to ``hits``.

* ``Setting``: a flag whose value must pass a test, with the component's default when unset;
* ``Required``: flags that must all be set (a certificate and its key);
* ``Forbidden``: a flag that must not be set;
* ``Mode``: an ``--authorization-mode`` that must (not) include a mode;
* ``Plugin``: an admission plugin that must be (or must not be) enabled;
* ``Ciphers``: a TLS cipher-suite list limited to strong suites;
* ``KubeletSetting``: a kubelet setting read from ``KubeletConfiguration`` objects and kubelet
  command lines together (the flag wins over the file it loads with ``--config``), checked
  over the run's ``KubernetesSet``.

Messages say what the component runs with, what follows from it, and what to write; a value
written at fault is reported where it is written, a missing flag on the scalar that names
the program.
"""

from __future__ import annotations

import os
import re

from linter.engine import Hit
from linter.kubernetes import KubeObject, KubernetesSet, PodTemplate
from linter.plain import Frozen
from linter.yaml import YMapping, YNode, YScalar, YSequence

from .flags import APISERVER, KUBELET, Command, Flag, commands

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Callable, Iterator

#: the CIS Kubernetes Benchmark, as the rules cite it (sections are those of the CIS
#: Kubernetes V1.23 Benchmark, the numbering kube-bench's and Trivy's cis-1.23 use)
CIS = "https://www.cisecurity.org/benchmark/kubernetes"
DOCS = {
    APISERVER: "https://kubernetes.io/docs/reference/command-line-tools-reference/kube-apiserver/",
    "kube-controller-manager":
        "https://kubernetes.io/docs/reference/command-line-tools-reference/kube-controller-manager/",
    "kube-scheduler":
        "https://kubernetes.io/docs/reference/command-line-tools-reference/kube-scheduler/",
    "etcd": "https://etcd.io/docs/v3.5/op-guide/configuration/",
    KUBELET: "https://kubernetes.io/docs/reference/config-api/kubelet-config.v1beta1/",
}


def cis(section: str, title: str) -> str:
    """The reference line of a CIS control."""
    return f"CIS Kubernetes Benchmark {section}: {title}"


def _judged(flag: Flag | None) -> bool:
    return flag is not None and not flag.unresolved


# ----------------------------------------------------------------------------- flag controls

# The controls are plain frozen classes, not dataclasses (issue #14): building their nine
# dataclasses cost about 3.5 ms of a Kubernetes run's start-up. ``Frozen`` keeps what the
# frozen dataclasses gave: equality and hashing by fields, no assignment.


class Setting(Frozen):
    """``--flag`` must pass ``ok``. ``default``: what the component uses when the flag is
    unset (``None``: no value, reported only when ``required``). ``want``: the value to write. ``risk``: what a
    wrong value lets happen. ``when``: a condition on the command line for the control to
    apply at all (audit-log rotation needs a log file)."""

    component: str
    flag: str
    ok: Callable[[str], bool]
    want: str
    risk: str
    default: str | None
    when: Callable[[Command], bool] | None
    #: a flag that takes the setting elsewhere (a configuration file this control does not
    #: read): when it is set, the control says nothing
    unless: str | None
    #: with no ``default``: whether an unset flag is reported (else it is left alone)
    required: bool

    FIELDS = ("component", "flag", "ok", "want", "risk", "default", "when", "unless", "required")

    def __init__(self, component: str, flag: str, ok: Callable[[str], bool], want: str, risk: str,
                 default: str | None = None, when: Callable[[Command], bool] | None = None,
                 unless: str | None = None, required: bool = False) -> None:
        self._assign(locals())

    def hits(self, pt: PodTemplate) -> Iterator[Hit]:
        for cmd in commands(pt, self.component):
            yield from self.judge(cmd)

    def judge(self, cmd: Command) -> Iterator[Hit]:
        if cmd.unknowable or (self.when is not None and not self.when(cmd)):
            return
        if self.unless is not None and cmd.get(self.unless) is not None \
                and cmd.get(self.flag) is None:
            return
        fix = f"--{self.flag}={self.want}"
        flag = cmd.get(self.flag)
        if flag is not None:
            if _judged(flag) and flag.malformed():
                yield Hit(flag, f"{self.component} sets {flag.written}, {flag.malformed()}: "
                                f"{self.component} refuses it and does not start; write {fix}",
                          fix=fix)
            elif _judged(flag) and not self.ok(flag.value):
                yield Hit(flag, f"{self.component} sets {flag.written}: {self.risk}; write "
                                f"{fix}", fix=fix)
        elif self.default is not None and not self.ok(self.default):
            yield Hit(cmd, f"{self.component} runs without --{self.flag}, which defaults to "
                           f"{self.default}: {self.risk}; add {fix}", fix=fix)
        elif self.default is None and self.required:
            yield Hit(cmd, f"{self.component} runs without --{self.flag}: {self.risk}; add "
                           f"{fix}", fix=fix)


def equals(*good: str) -> Callable[[str], bool]:
    """A value test: one of ``good`` (booleans as Go parses them: ``false``, ``0``, ``F``)."""
    wanted = {_norm(g) for g in good}
    return lambda v: _norm(v) in wanted


def differs(*bad: str) -> Callable[[str], bool]:
    """A value test: none of ``bad``."""
    unwanted = {_norm(b) for b in bad}
    return lambda v: _norm(v) not in unwanted


def at_least(minimum: int) -> Callable[[str], bool]:
    """A value test: an integer of ``minimum`` or more (a value that is no integer fails)."""
    def ok(v: str) -> bool:
        try:
            return int(v.strip()) >= minimum
        except ValueError:
            return False
    return ok


def nonempty(v: str) -> bool:
    """A value test: anything but blank."""
    return bool(v.strip())


def positive_duration(v: str) -> bool:
    """A value test: a Go duration longer than zero (``60s``, ``1m0s``)."""
    seconds = duration_seconds(v)
    return seconds is not None and seconds > 0


def zero_is_default(v: str) -> bool:
    """A value test for a duration in a KubeletConfiguration, where zero means the default:
    any duration of zero or more."""
    seconds = duration_seconds(v)
    return seconds is not None and seconds >= 0


def logs_to_file(cmd: Command) -> bool:
    """Whether the API server writes its audit log to a file (``--audit-log-path`` set and
    not ``-``, standard output)."""
    path = cmd.get("audit-log-path")
    return path is not None and path.value.strip() not in ("", "-")


def captures_events(v: str) -> bool:
    """A value test for the kubelet's event rate: 0 (no cap) or 5 events a second or more."""
    try:
        qps = int(v.strip())
    except ValueError:
        return False
    return qps == 0 or qps >= 5


def loopback(v: str) -> bool:
    """A value test: a loopback address (``127.0.0.1``, any ``127.x``, ``::1``)."""
    v = v.strip().strip("[]")
    return v == "::1" or v.startswith("127.")


def _norm(v: str) -> str:
    low = v.strip().lower()
    if low in ("true", "1", "t"):
        return "true"
    if low in ("false", "0", "f"):
        return "false"
    return low


class Required(Frozen):
    """Every one of ``flags`` must be set to a non-empty value. ``files``: the file each flag
    names, as kubeadm lays them out (the fix's example values); ``what``: what they are, as
    the message says it."""

    component: str
    flags: tuple[str, ...]
    risk: str
    files: tuple[str, ...]
    what: str

    FIELDS = ("component", "flags", "risk", "files", "what")

    def __init__(self, component: str, flags: tuple[str, ...], risk: str,
                 files: tuple[str, ...] = (),
                 what: str = "the files of its certificate and key") -> None:
        self._assign(locals())

    def hits(self, pt: PodTemplate) -> Iterator[Hit]:
        for cmd in commands(pt, self.component):
            if cmd.unknowable:
                continue
            missing = [f for f in self.flags
                       if (cmd.get(f) is None or not cmd.get(f).value.strip())]  # type: ignore[union-attr]
            if not missing:
                continue
            names = " and ".join(f"--{f}" for f in missing)
            files = dict(zip(self.flags, self.files))
            fix = " ".join(f"--{f}={files.get(f, '/etc/kubernetes/pki/...')}" for f in missing)
            empty = [f for f in missing if cmd.get(f) is not None]
            at: object = cmd.get(empty[0]) if empty else cmd
            verb = "sets an empty" if empty else "runs without"
            yield Hit(at, f"{self.component} {verb} {names}: {self.risk}; set "
                          f"{' and '.join('--' + f for f in self.flags)} to {self.what} "
                          f"({fix})", fix=fix)


class Forbidden(Frozen):
    """``--flag`` must not be set (``unless``: a value that is harmless)."""

    component: str
    flag: str
    risk: str
    remedy: str
    unless: Callable[[str], bool] | None

    FIELDS = ("component", "flag", "risk", "remedy", "unless")

    def __init__(self, component: str, flag: str, risk: str, remedy: str,
                 unless: Callable[[str], bool] | None = None) -> None:
        self._assign(locals())

    def hits(self, pt: PodTemplate) -> Iterator[Hit]:
        for cmd in commands(pt, self.component):
            flag = cmd.get(self.flag)
            if flag is None or cmd.unknowable or flag.unresolved:
                continue
            if self.unless is not None and self.unless(flag.value):
                continue
            yield Hit(flag, f"{self.component} sets {flag.written}: {self.risk}; {self.remedy}")


# ------------------------------------------------------------------- authorization and plugins


class Mode(Frozen):
    """``--authorization-mode`` must include ``mode`` (``include``) or must not. Unset, the
    API server authorizes with ``AlwaysAllow``; with ``--authorization-config`` the modes are
    in that file, which this control does not judge."""

    mode: str
    include: bool
    risk: str

    FIELDS = ("mode", "include", "risk")

    def __init__(self, mode: str, include: bool, risk: str) -> None:
        self._assign(locals())

    def hits(self, pt: PodTemplate) -> Iterator[Hit]:
        for cmd in commands(pt, APISERVER):
            if _judged(cmd.get("authorization-config")):
                continue
            modes = cmd.items("authorization-mode")
            if any(f.unresolved for _, f in modes):
                continue
            bad = next((f for _, f in modes if f.malformed()), None)
            if bad is not None:  # refused at start-up: said once, by the AlwaysAllow control
                if not self.include:
                    clean = _order(",".join(m.strip("\"'") for m, _ in modes))
                    yield Hit(bad, f"kube-apiserver sets {bad.written}, {bad.malformed()}: "
                                   "kube-apiserver refuses it and does not start; write "
                                   f"--authorization-mode={clean}",
                              fix=f"--authorization-mode={clean}")
                continue
            names = [m for m, _ in modes] or ["AlwaysAllow"]
            last = modes[-1][1] if modes else None
            listed = ",".join(names)
            if self.include and self.mode not in names and last is not None:
                # an unset --authorization-mode (AlwaysAllow) is reported once, as AlwaysAllow
                want = ",".join([m for m in names if m != "AlwaysAllow"] + [self.mode])
                fix = f"--authorization-mode={_order(want)}"
                yield Hit(last, f"kube-apiserver authorizes with {listed}, without "
                                f"{self.mode}: {self.risk}; write {fix}", fix=fix)
            elif not self.include and self.mode in names:
                rest = [m for m in names if m != self.mode] or ["Node", "RBAC"]
                fix = f"--authorization-mode={_order(','.join(rest))}"
                at = next((f for m, f in modes if m == self.mode), None)
                if at is None:
                    yield Hit(cmd, f"kube-apiserver runs without --authorization-mode, which "
                                   f"defaults to AlwaysAllow: {self.risk}; add {fix}", fix=fix)
                else:
                    yield Hit(at, f"kube-apiserver authorizes with {listed}: {self.risk}; "
                                  f"write {fix}", fix=fix)


def _order(modes: str) -> str:
    """Node before RBAC, as the documentation writes them."""
    items = list(dict.fromkeys(m for m in modes.split(",") if m))
    return ",".join(sorted(items, key=lambda m: ("Node", "RBAC").index(m) if m in ("Node", "RBAC")
                           else 2))


#: the admission plugins the API server enables when --enable-admission-plugins does not name
#: them (kube-apiserver --help, 1.31)
DEFAULT_PLUGINS = frozenset((
    "CertificateApproval", "CertificateSigning", "CertificateSubjectRestriction",
    "DefaultIngressClass", "DefaultStorageClass", "DefaultTolerationSeconds", "LimitRanger",
    "MutatingAdmissionWebhook", "NamespaceLifecycle", "PersistentVolumeClaimResize",
    "PodSecurity", "Priority", "ResourceQuota", "RuntimeClass", "ServiceAccount",
    "StorageObjectInUseProtection", "TaintNodesByCondition", "ValidatingAdmissionPolicy",
    "ValidatingAdmissionWebhook"))


class Plugin(Frozen):
    """The admission plugin ``name`` must be enabled (``enabled``) or must not be. The API
    server enables ``DEFAULT_PLUGINS`` and those of ``--enable-admission-plugins``, less
    those of ``--disable-admission-plugins``; the old ``--admission-control`` list replaces
    the defaults. ``also``: another flag the plugin needs (EventRateLimit reads its limits
    from ``--admission-control-config-file``)."""

    name: str
    enabled: bool
    risk: str
    also: str | None

    FIELDS = ("name", "enabled", "risk", "also")

    def __init__(self, name: str, enabled: bool, risk: str, also: str | None = None) -> None:
        self._assign(locals())

    def hits(self, pt: PodTemplate) -> Iterator[Hit]:
        for cmd in commands(pt, APISERVER):
            yield from self._judge(cmd)

    def _judge(self, cmd: Command) -> Iterator[Hit]:
        enable = cmd.items("enable-admission-plugins")
        disable = cmd.items("disable-admission-plugins")
        legacy = cmd.items("admission-control")
        if any(f.unresolved for _, f in enable + disable + legacy):
            return
        on_list = enable + legacy
        named_on = next((f for n, f in on_list if n == self.name), None)
        named_off = next((f for n, f in disable if n == self.name), None)
        if legacy:
            on = named_on is not None
        else:
            on = named_off is None and (named_on is not None or self.name in DEFAULT_PLUGINS)
        if self.enabled and not on:
            fix = f"--enable-admission-plugins={','.join([n for n, _ in enable] + [self.name])}"
            if named_off is not None:
                yield Hit(named_off, f"kube-apiserver disables the {self.name} admission "
                                     f"plugin ({named_off.written}): {self.risk}; remove it "
                                     f"from --disable-admission-plugins", fix=None)
            elif legacy:
                at = legacy[-1][1]
                yield Hit(at, f"kube-apiserver's --admission-control list leaves out "
                              f"{self.name}: {self.risk}; add it", fix=None)
            elif enable:
                at = enable[-1][1]
                yield Hit(at, f"kube-apiserver enables {','.join(n for n, _ in enable)} "
                              f"without {self.name}: {self.risk}; write {fix}", fix=fix)
            else:
                yield Hit(cmd, f"kube-apiserver runs without the {self.name} admission plugin "
                               f"(it is not on by default): {self.risk}; add {fix}", fix=fix)
        elif self.enabled and self.also is not None and not _judged(cmd.get(self.also)) \
                and cmd.get(self.also) is None:
            yield Hit(named_on or cmd, f"kube-apiserver enables {self.name} without --{self.also}"
                                       f", where its limits are configured; add --{self.also} "
                                       f"naming an AdmissionConfiguration that configures "
                                       f"{self.name}")
        elif not self.enabled and on and named_on is not None:
            rest = [n for n, _ in on_list if n != self.name]
            yield Hit(named_on, f"kube-apiserver enables the {self.name} admission plugin "
                                f"({named_on.written}): {self.risk}; remove it"
                                + (f" (--enable-admission-plugins={','.join(rest)})"
                                   if rest else ""))


# ----------------------------------------------------------------------------- TLS ciphers

#: the cipher suites the CIS Benchmark (1.2.32, 4.2.13) accepts
STRONG_CIPHERS = (
    "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
    "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
    "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
    "TLS_RSA_WITH_AES_256_GCM_SHA384", "TLS_RSA_WITH_AES_128_GCM_SHA256",
    # TLS 1.3 suites (Go ignores them in the list, TLS 1.3 is always strong)
    "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
    # Go's other names of the two ChaCha20 suites
    "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
)


def weak_ciphers(names: list[str]) -> list[str]:
    strong = set(STRONG_CIPHERS)
    return [n for n in names if n not in strong]


class Ciphers(Frozen):
    """``--tls-cipher-suites`` (etcd: ``--cipher-suites``) names only ``STRONG_CIPHERS``.
    Unset, the component uses Go's default list, which holds no broken suite: only a
    written weak suite is reported."""

    component: str
    flag: str

    FIELDS = ("component", "flag")

    def __init__(self, component: str, flag: str = "tls-cipher-suites") -> None:
        self._assign(locals())

    def hits(self, pt: PodTemplate) -> Iterator[Hit]:
        for cmd in commands(pt, self.component):
            items = cmd.items(self.flag)
            if cmd.unknowable or not items or any(f.unresolved for _, f in items):
                continue
            weak = weak_ciphers([n for n, _ in items])
            if weak:
                at = next(f for n, f in items if n == weak[0])
                good = [n for n, _ in items if n not in weak] or list(STRONG_CIPHERS[:6])
                yield Hit(at, f"{self.component} --{self.flag} allows {cipher_list(weak)}: "
                              f"{CIPHER_RISK}; keep only strong suites "
                              f"(--{self.flag}={','.join(good)})",
                          fix=f"--{self.flag}={','.join(good)}")


CIPHER_RISK = ("suites without forward secrecy or with CBC, RC4 or 3DES let a recorded or "
               "intercepted session be decrypted")


def cipher_list(weak: list[str]) -> str:
    shown = ", ".join(weak[:3])
    return shown + (f" and {len(weak) - 3} more" if len(weak) > 3 else "")


# --------------------------------------------------------------------------- configuration

KUBELET_CONFIG = ("kubelet.config.k8s.io", "KubeletConfiguration")


def config_objects(kset: KubernetesSet, group: str, kind: str) -> list[KubeObject]:
    """The run's configuration objects of ``kind`` in ``group`` (any version)."""
    return [o for o in kset.objects if o.kind == kind and o.group == group and not o.fragment]


def loaded_config(flag: Flag | None, configs: list[KubeObject]) -> KubeObject | None:
    """The configuration object a ``--config`` flag loads, among ``configs`` linted in the
    same run: the one whose file has the same name, else the only one. ``None`` when none
    fits (the file was not linted: what it sets is unknown)."""
    if flag is None or not configs:
        return None
    base = os.path.basename(flag.value.strip())
    same = [o for o in configs if os.path.basename(o.path) == base]
    if len(same) == 1:
        return same[0]
    return configs[0] if len(configs) == 1 else None


def field(obj: KubeObject, path: tuple[str, ...]) -> tuple[YNode | None, object]:
    """``(node, at)`` of a configuration field: the node written at ``path`` (``None`` when
    unset) and where a finding about it goes (the value, else the deepest key written on
    the way, else the object's kind)."""
    node: YNode | None = obj.node
    at: object = obj.kind_span
    for key in path:
        if not isinstance(node, YMapping):
            return None, at
        entry = node.entry(key)
        if entry is None:
            return None, at
        node = entry.value
        at = entry.key
    return node, node if isinstance(node, YScalar) else at


def scalar_text(node: YNode | None) -> str | None:
    """A scalar's value as the component reads it (booleans ``true``/``false``)."""
    if not isinstance(node, YScalar) or node.value is None:
        return None
    return node.as_str()


class KubeletSetting(Frozen):
    """A kubelet setting: ``path`` in ``KubeletConfiguration`` (``config_default`` when
    unset there) and ``flag`` on its command line (``flag_default`` when unset, and no
    configuration file is loaded). ``ok`` tests the value as text (``true``, ``0``, ``4h``).
    The flag wins over the file; a file every kubelet of the run overrides is not judged."""

    path: tuple[str, ...]
    flag: str | None
    ok: Callable[[str], bool]
    want: str
    want_flag: str | None
    risk: str
    config_default: str | None
    flag_default: str | None
    #: how a value in the file is judged, when not as the flag's (the kubelet reads a zero
    #: duration in its file as unset, so ``0s`` there means the default)
    config_ok: Callable[[str], bool] | None

    FIELDS = ("path", "flag", "ok", "want", "want_flag", "risk", "config_default", "flag_default",
              "config_ok")

    def __init__(self, path: tuple[str, ...], flag: str | None, ok: Callable[[str], bool],
                 want: str, want_flag: str | None, risk: str, config_default: str | None = None,
                 flag_default: str | None = None,
                 config_ok: Callable[[str], bool] | None = None) -> None:
        self._assign(locals())

    @property
    def key(self) -> str:
        return ".".join(self.path)

    def hits(self, kset: KubernetesSet) -> Iterator[Hit]:
        configs = config_objects(kset, *KUBELET_CONFIG)
        overridden = overridden_configs(kset, configs, self.flag)
        for o, cmd in kubelet_commands(kset):
            flag = cmd.get(self.flag) if self.flag else None
            if flag is not None:
                if _judged(flag) and not self.ok(flag.value):
                    yield Hit(flag, f"kubelet sets {flag.written}: {self.risk}; write "
                                    f"{self.want_flag}", fix=self.want_flag, path=o.path)
            elif cmd.get("config") is None and self.flag_default is not None \
                    and not self.ok(self.flag_default):
                yield Hit(cmd, f"kubelet runs without --{self.flag} and without a --config "
                               f"file, so it uses {self.flag_default}: {self.risk}; add "
                               f"{self.want_flag} (or `{self.key}: {self.want}` in its "
                               f"KubeletConfiguration)", fix=self.want_flag, path=o.path)
        for cfg in configs:
            if id(cfg) in overridden:
                continue  # every kubelet that loads it sets the flag itself
            yield from self.judge_config(cfg)

    def judge_config(self, cfg: KubeObject) -> Iterator[Hit]:
        node, at = field(cfg, self.path)
        fix = f"{self.key}: {self.want}"
        value = scalar_text(node)  # None when unset, null (the default applies) or no scalar
        ok = self.config_ok or self.ok
        if value is not None:
            if not ok(value) and "{{" not in value:
                yield Hit(node, f"KubeletConfiguration sets {self.key}: {value}: "
                                f"{self.risk}; write {fix}", fix=fix, path=cfg.path)
        elif self.config_default is None or not ok(self.config_default):
            default = f", which defaults to {self.config_default}" \
                if self.config_default not in (None, "") else ""
            yield Hit(at, f"KubeletConfiguration does not set {self.key}{default}: "
                          f"{self.risk}; add {fix}", fix=fix, path=cfg.path)


_DURATION = re.compile(r"^(?:(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h))+$")


def duration_seconds(text: str) -> float | None:
    """A Go duration (``4h0m0s``, ``30m``, ``0``) in seconds, ``None`` when it is not one."""
    t = text.strip()
    if t in ("0", "+0", "-0"):
        return 0.0
    if not _DURATION.match(t):
        return None
    scale = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "ms": 1e-3, "s": 1, "m": 60, "h": 3600}
    return sum(float(n) * scale[u] for n, u in re.findall(r"(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)", t))


class KubeletCertificate(Frozen):
    """The kubelet's serving certificate: ``tlsCertFile`` and ``tlsPrivateKeyFile``
    (``--tls-cert-file``, ``--tls-private-key-file``), or ``serverTLSBootstrap: true``
    (``--rotate-server-certificates``), which has the cluster sign one. Without either the
    kubelet serves its API with a self-signed certificate."""

    risk: str

    FIELDS = ("risk",)

    def __init__(self, risk: str) -> None:
        self._assign(locals())

    def hits(self, kset: KubernetesSet) -> Iterator[Hit]:
        configs = config_objects(kset, *KUBELET_CONFIG)
        handled: set[int] = set()
        for o, cmd in kubelet_commands(kset):
            cfg = loaded_config(cmd.get("config"), configs)
            if cfg is not None:
                handled.add(id(cfg))
            if cmd.get("config") is not None and cfg is None:
                continue  # what the unseen file sets is unknown
            flags = {f: cmd.get(f) for f in ("tls-cert-file", "tls-private-key-file",
                                             "rotate-server-certificates")}
            if _flag_true(flags["rotate-server-certificates"]) or (
                    cfg is not None and _config_true(cfg, ("serverTLSBootstrap",))):
                continue
            have = {f: bool(flags[f] and flags[f].value.strip()) or (
                cfg is not None and bool(scalar_text(field(cfg, (key,))[0])))
                for f, key in (("tls-cert-file", "tlsCertFile"),
                               ("tls-private-key-file", "tlsPrivateKeyFile"))}
            if all(have.values()):
                continue
            if cfg is not None and not any(flags[f] for f in have):
                continue  # judged on the configuration object below
            missing = " and ".join(f"--{f}" for f, ok in have.items() if not ok)
            yield Hit(cmd, f"kubelet runs without {missing}: {self.risk}; set --tls-cert-file "
                           f"and --tls-private-key-file, or serverTLSBootstrap: true in its "
                           f"KubeletConfiguration", path=o.path)
        for cfg in configs:
            if _config_true(cfg, ("serverTLSBootstrap",)):
                continue
            cert = scalar_text(field(cfg, ("tlsCertFile",))[0])
            key = scalar_text(field(cfg, ("tlsPrivateKeyFile",))[0])
            if cert and key:
                continue
            missing = ", ".join(f"no {k}" for k, v in (("tlsCertFile", cert),
                                                        ("tlsPrivateKeyFile", key)) if not v)
            written = field(cfg, ("tlsCertFile",))[0] or field(cfg, ("tlsPrivateKeyFile",))[0]
            at = written if written is not None else cfg.kind_span
            yield Hit(at, f"KubeletConfiguration sets {missing} and no serverTLSBootstrap: "
                          f"{self.risk}; add serverTLSBootstrap: true (and approve the "
                          f"kubelets' serving CSRs) or set tlsCertFile and tlsPrivateKeyFile",
                      fix="serverTLSBootstrap: true", path=cfg.path)


def _flag_true(flag: Flag | None) -> bool:
    return flag is not None and flag.as_bool() is True


def _config_true(cfg: KubeObject, path: tuple[str, ...]) -> bool:
    return scalar_text(field(cfg, path)[0]) == "true"


def overridden_configs(kset: KubernetesSet, configs: list[KubeObject],
                       flag: str | None) -> set[int]:
    """The ids of the KubeletConfigurations every kubelet that loads them (``--config``)
    overrides with ``--flag``: what they set of it is not what runs."""
    loaders: dict[int, list[bool]] = {}
    for _, cmd in kubelet_commands(kset):
        cfg = loaded_config(cmd.get("config"), configs)
        if cfg is not None:
            loaders.setdefault(id(cfg), []).append(flag is not None and cmd.get(flag) is not None)
    return {key for key, sets in loaders.items() if all(sets)}


def kubelet_commands(kset: KubernetesSet) -> list[tuple[KubeObject, Command]]:
    """Every kubelet command line of the run, with the object that runs it (worked out
    once per run: each kubelet setting asks)."""
    return kset.memo(kubelet_commands, lambda: [
        (o, cmd) for o in kset.objects if o.pod_template is not None and not o.fragment
        for cmd in commands(o.pod_template, KUBELET)])


class KubeletCiphers(Frozen):
    """The kubelet's ``tlsCipherSuites`` (``--tls-cipher-suites``) name only strong suites;
    unset (Go's default list) is not reported."""

    FIELDS = ()

    def hits(self, kset: KubernetesSet) -> Iterator[Hit]:
        configs = config_objects(kset, *KUBELET_CONFIG)
        skip = overridden_configs(kset, configs, "tls-cipher-suites")
        for o, cmd in kubelet_commands(kset):
            items = cmd.items("tls-cipher-suites")
            weak = weak_ciphers([n for n, _ in items])
            if weak and not any(f.unresolved for _, f in items):
                at = next(f for n, f in items if n == weak[0])
                yield Hit(at, f"kubelet --tls-cipher-suites allows {cipher_list(weak)}: "
                              f"{CIPHER_RISK}; keep only strong suites", path=o.path)
        for cfg in configs:
            if id(cfg) in skip:
                continue  # every kubelet that loads it sets --tls-cipher-suites itself
            node, _ = field(cfg, ("tlsCipherSuites",))
            if not isinstance(node, YSequence):
                continue
            names = [(i.as_str(), i) for i in node.items if isinstance(i, YScalar)]
            weak = weak_ciphers([n for n, _ in names])
            if weak:
                at = next(i for n, i in names if n == weak[0])
                yield Hit(at, f"KubeletConfiguration tlsCipherSuites allows "
                              f"{cipher_list(weak)}: {CIPHER_RISK}; keep only strong suites",
                          path=cfg.path)
