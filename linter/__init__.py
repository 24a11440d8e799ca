"""shiplint: a static linter for Dockerfiles, Docker Compose files and Kubernetes manifests."""

__version__ = "0.1.0"


def flush_std_streams() -> None:
    """Flush standard output and error, quietly when one is closed (``| head``) or gone: before
    a fork (``linter.batch``: a fork flushes its copies as it ends) and before the program
    ends without the interpreter's finalization (``linter.cli.run``)."""
    import sys

    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError, AttributeError):
            pass
