"""SL225 user-name-not-uid: USER names a user instead of a numeric UID."""

from __future__ import annotations

from linter.dockerfile import Dockerfile
from linter.dockerfile.shell import shell_kind
from linter.engine import Example, Hit, Rule
from linter.findings import Severity

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

_REF = "https://docs.docker.com/reference/dockerfile/"


RULE = Rule(
    code="SL225",
    name="user-name-not-uid",
    severity=Severity.INFO,
    summary="USER names a user instead of a numeric UID",
    rationale=(
        "A user name means something only inside the image (its /etc/passwd). The host, "
        "volume permissions and Kubernetes see numbers: with `runAsNonRoot: true` the "
        "kubelet refuses to start a container whose image says `USER app`, because it "
        "cannot verify that the name is not root. A numeric UID (and GID) is unambiguous "
        "everywhere. (`USER root` is SL101's business.)"),
    remediation=(
        "Write the UID the user was created with: `RUN useradd -u 10001 app` then "
        "`USER 10001:10001`."),
    references=[_REF + "#user",
                "https://kubernetes.io/docs/tasks/configure-pod-container/security-context/"],
    # hadolint also reports `USER root`, which SL101 judges here (root is UID 0 by name too)
    related={"hadolint": "DL3066"},
    tags=["security", "privilege"],
    failing=lambda: [Example("Dockerfile", "FROM debian:12\nRUN useradd -u 10001 app\nUSER app\n")],
    passing=lambda: [Example("Dockerfile", "FROM debian:12\nRUN useradd -u 10001 app\n"
                                   "USER 10001:10001\n"),
             Example("Dockerfile", "FROM debian:12\nARG APP_UID=10001\nUSER ${APP_UID}\n")],
    security=False,
    opt_in="hardening",
)


@RULE.check(Dockerfile)
def _user_name(df: Dockerfile) -> Iterator[Hit]:
    for outer in df.instructions:
        ins = outer.onbuild if outer.keyword == "ONBUILD" and outer.onbuild else outer
        if ins.keyword != "USER" or not ins.args.strip():
            continue
        if "$" in ins.args:
            continue  # a build argument decides (often the UID itself)
        if shell_kind(df, outer) is None:
            continue  # Windows images have named accounts (ContainerUser), no UIDs
        user = ins.args.strip().split(":", 1)[0].strip().strip("'\"")
        if not user or user.isdigit() or user == "root":
            continue
        yield Hit(outer, f"USER {user} is a name that only the image's /etc/passwd resolves; "
                         "use the numeric UID (USER <uid>:<gid>)", fix="USER <uid>:<gid>")
