"""Checks across formats: a Kubernetes container or a Compose service judged with the facts of
the Dockerfile its image is built from (``linter.imagelinks``: Compose build/image pairs and
the configuration's ``images`` map tie an image name to a Dockerfile)."""

#: the kinds of file this family's rules check: a run over other kinds does not import it
FORMATS = ("compose", "kubernetes")
