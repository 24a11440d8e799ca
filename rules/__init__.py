"""shiplint's built-in rule pack (installed as ``linter.rules``).

One module per concept; a concept that exists in several formats is one rule with one check per
format. The engine finds this pack through the ``shiplint.rules`` entry point, like any other.
"""

from . import hardcoded_secret, resource_limits, runs_as_root, unpinned_image

RULES = [
    runs_as_root.RULE,
    unpinned_image.RULE,
    hardcoded_secret.RULE,
    resource_limits.RULE,
]
