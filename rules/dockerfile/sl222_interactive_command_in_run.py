"""SL222 interactive-command-in-run: RUN uses a command that makes no sense in a build."""

from __future__ import annotations

from linter.dockerfile import Dockerfile
from linter.dockerfile.shell import scripts
from linter.engine import Example, Hit, Rule
from linter.findings import Severity

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up, issue #14)
if TYPE_CHECKING:
    from typing import Iterator

_BEST = "https://docs.docker.com/build/building/best-practices/"


RULE = Rule(
    code="SL222",
    name="interactive-command-in-run",
    severity=Severity.INFO,
    summary="RUN uses a command that makes no sense in a build",
    rationale=(
        "Editors (vim, nano), process viewers (top, htop, free), `shutdown`/`reboot` and "
        "`service x start` do nothing useful while an image builds: nothing keeps running "
        "after the RUN, and nobody is there to type. They are usually copied from a setup "
        "guide and hide what the image really needs at run time."),
    remediation=(
        "Remove the command. Start services from CMD/ENTRYPOINT (or an init system), and "
        "configure files with COPY or sed instead of an editor."),
    references=[_BEST],
    # the peers also report ps, kill, free, mount and ifconfig, which scripts use legitimately
    related={"hadolint": "DL3001", "kics": "Run Utilities And POSIX Commands"},
    tags=["correctness"],
    failing=lambda: [Example("Dockerfile", "FROM debian:12\nRUN service nginx start\n")],
    passing=lambda: [Example("Dockerfile", "FROM debian:12\nRUN apt-get install -y vim=2 && "
                                   "echo service > /etc/x\n")],
    security=False,
)


_POINTLESS = {"vim": "an editor", "vi": "an editor", "nano": "an editor", "top": "a viewer",
              "htop": "a viewer", "free": "a viewer", "shutdown": "a power command",
              "reboot": "a power command", "halt": "a power command", "poweroff":
              "a power command", "service": "a service manager"}


@RULE.check(Dockerfile)
def _pointless(df: Dockerfile) -> Iterator[Hit]:
    for _, sc in scripts(df):
        for c in sc.commands:
            what = _POINTLESS.get(c.name)
            if what is None or c.substitution:
                continue
            if c.name == "service" and not any(w.value in ("start", "restart", "stop", "reload")
                                               for w in c.args):
                continue
            if c.name in ("vim", "vi") and any(w.value in ("-c", "+qall", "-es", "-E", "-s")
                                              or w.value.startswith("+") for w in c.args):
                continue  # scripted (ex mode) editing
            yield Hit(c, f"RUN runs {c.name} ({what}), which has no effect on the image")
