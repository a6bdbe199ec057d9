"""nbcraft-lint: nbcraft's notebook linter (``nbcraft lint``, ``rules``, ``promote``) for CI and
pre-commit, with Node brought as a wheel when the machine has none."""

# The same version as the CLI it carries (lint-rules/package.json; a test keeps them equal).
__version__ = "0.1.0"
