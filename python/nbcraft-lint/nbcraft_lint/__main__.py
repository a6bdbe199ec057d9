"""``python -m nbcraft_lint`` is the ``nbcraft`` console script."""

from nbcraft_lint.launcher import entry_point

entry_point()
