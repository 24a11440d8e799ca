"""Checks across formats: a Kubernetes container or a Compose service judged with the facts of
the Dockerfile its image is built from (``linter.imagelinks``: Compose build/image pairs and
the configuration's ``images`` map tie an image name to a Dockerfile)."""

#: the kinds of file this family's rules check: a run over other kinds does not import it
FORMATS = ("compose", "kubernetes")

#: the rules that check fewer kinds than the family (by code): a Compose run does not import
#: the Kubernetes ones (nor ``linked``), a Kubernetes run not the Compose one (issue #14)
RULE_FORMATS = {
    **{code: ("kubernetes",) for code in ("SL140", "SL141", "SL142")},
    "SL143": ("compose",),
}

#: what ties an image to a Dockerfile besides a configuration's ``images`` map: a Compose
#: file's build. The rules are chosen by kind only for a run without configuration
#: (``linter.cli``), so a run over Kubernetes files alone has no link for these rules to
#: judge, and does not import them (1.5 ms of one manifest's start-up, issue #14)
LINKED_BY = ("compose",)
