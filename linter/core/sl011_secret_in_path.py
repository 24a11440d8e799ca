"""SL011 secret-in-path: a directory or file name holds a secret.

One of the engine's own rules: the pipeline reports it as a ``Problem`` when a path it lints
has a component that a secret detector recognises (a token pasted as a directory name),
once per such component and run. Every output masks that component
(``linter.secrets.mask_path``), so the finding never shows the secret it is about.
"""

from __future__ import annotations

from ..findings import Severity
from ..rule import Rule

RULE = Rule(
    code="SL011",
    name="secret-in-path",
    severity=Severity.CRITICAL,
    summary="A directory or file name holds a secret",
    rationale=(
        "A token used as a directory or file name is committed with the repository, shown in "
        "every listing, build log and report that names the file, and copied wherever the "
        "tree goes. shiplint masks it in its own output, but the secret is exposed all the "
        "same."),
    remediation=(
        "Rename the directory or file, and rotate the credential: it has been committed. "
        "Keep secrets out of names; pass them at run time."),
    references=["https://docs.github.com/en/code-security/secret-scanning/introduction/about-secret-scanning"],
    tags=["secrets"],
    masks_source=True,
)
