"""``python -m linter`` runs the ``shiplint`` command."""

from .cli import main

if __name__ == "__main__":
    main()
