"""SL208 package-signature-check-disabled: Package signature or digest verification is switched
off.
"""

from __future__ import annotations

from linter.dockerfile import Dockerfile
from linter.dockerfile.packages import (
    package_commands,
)
from linter.dockerfile.shell import scripts
from linter.engine import Example, Hit, Rule
from linter.findings import Severity

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

RULE = Rule(
    code="SL208",
    name="package-signature-check-disabled",
    severity=Severity.HIGH,
    summary="Package signature or digest verification is switched off",
    rationale=(
        "Package managers verify signatures so that a compromised mirror, proxy or network "
        "cannot hand you a tampered package. Flags such as `--allow-unauthenticated`, "
        "`--force-yes`, `--allow-untrusted`, `--nogpgcheck` or `rpm --nosignature` install "
        "whatever arrives."),
    remediation=(
        "Remove the flag and import the repository's signing key instead (`/etc/apt/keyrings` "
        "+ `signed-by=`, `apk --keys-dir`, `rpm --import`)."),
    references=["https://wiki.debian.org/SecureApt",
                "https://docs.docker.com/build/building/best-practices/#apt-get"],
    aliases={"checkov": ["CKV2_DOCKER_7", "CKV2_DOCKER_8", "CKV2_DOCKER_9", "CKV2_DOCKER_10",
                         "CKV2_DOCKER_11"]},
    tags=["security", "supply-chain"],
    failing=lambda: [
        Example("Dockerfile", "FROM debian:12\nRUN apt-get install -y --allow-unauthenticated "
                              "tool\n"),
        Example("Dockerfile", "FROM alpine:3.20\nRUN apk add --allow-untrusted /tmp/x.apk\n"),
        Example("Dockerfile", "FROM fedora:40\nRUN dnf install -y --nogpgcheck x-1.0\n"),
        Example("Dockerfile", "FROM fedora:40\nRUN rpm -i --nosignature /tmp/x.rpm\n"),
    ],
    passing=lambda: [
        Example("Dockerfile", "FROM debian:12\nRUN apt-get install -y tool=1.0\n"),
        Example("Dockerfile", "FROM fedora:40\nRUN rpm --import /tmp/key.asc && "
                              "rpm -i /tmp/x.rpm\n"),
    ],
)


_SIG_FLAGS = {
    "apt": ("--allow-unauthenticated", "--force-yes", "--allow-insecure-repositories",
            "--allow-downgrades"),
    "apk": ("--allow-untrusted",),
    "rpm": ("--nogpgcheck", "--no-gpgchecks"),
    "zypper": ("--no-gpg-checks", "--gpg-auto-import-keys"),
}


_RPM_FLAGS = ("--nosignature", "--nodigest", "--noverify", "--nofiledigest")


@RULE.check(Dockerfile)
def _signatures(df: Dockerfile) -> Iterator[Hit]:
    for _, sc in scripts(df):
        for pc in package_commands(sc):
            flags = _SIG_FLAGS.get(pc.family, ())
            if pc.family == "apt":
                for w in pc.command.args:
                    if "AllowUnauthenticated" in w.value and w.value.rstrip().endswith(
                            ("true", "1", "yes")):
                        yield Hit(w, f"{pc.manager} option '{w.value}' turns off signature "
                                     "checks")
            w = pc.option(*flags) if flags else None
            if w is not None and w.value not in ("--allow-downgrades", "--gpg-auto-import-keys"):
                local = pc.packages and all(p.value.endswith((".apk", ".deb", ".rpm"))
                                            for p in pc.packages)
                if local and any(c.name in ("gpg", "gpgv") and c.has_option("--verify")
                                 for c in sc.commands):
                    continue  # local files whose detached signature the script verified
                yield Hit(w, f"{pc.manager} {w.value} installs "
                             f"{'local package files' if local else 'packages'} without "
                             "verifying their signatures",
                          severity=Severity.MEDIUM if local else None,
                          fix=f"remove {w.value} and import the signing key")
            for opt in pc.options:
                if opt.value.replace(" ", "").lower().endswith(("gpgcheck=0", "gpgcheck=false")):
                    yield Hit(opt, f"{pc.manager} option '{opt.value}' turns off signature checks")
        for cmd in sc.commands:
            if cmd.name == "rpm":
                for w in cmd.args:
                    if w.value in _RPM_FLAGS:
                        yield Hit(w, f"rpm {w.value} installs packages without verifying them",
                                  fix=f"remove {w.value}")
