"""Package discovery only; everything else is in pyproject.toml.

setuptools' ``packages.find`` cannot rename a folder, and the pack in ``rules/`` installs as
``linter.rules`` (the top-level name ``rules`` belongs to another PyPI package), so the
packages are found here: every package under ``linter/`` and under ``rules/``.
"""

from setuptools import find_packages, setup

setup(packages=find_packages(include=["linter", "linter.*"])
      + ["linter.rules"] + [f"linter.rules.{p}" for p in find_packages("rules")])
