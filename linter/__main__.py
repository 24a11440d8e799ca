"""``python -m linter`` runs the ``shiplint`` command."""

from .cli import run

if __name__ == "__main__":
    run()
