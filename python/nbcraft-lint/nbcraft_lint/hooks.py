"""``nbcraft-promote-check NOTEBOOK...``: ``nbcraft promote --check`` over every notebook that
pre-commit (or a CI step) passes, since ``promote`` takes one notebook at a time. Exits with the
worst code: 2 (usage, unreadable) over 1 (a module out of date) over 0 (in sync)."""

from __future__ import annotations

import subprocess
import sys

from nbcraft_lint.launcher import LauncherError, cli_script, find_node


def promote_check(notebooks: list[str]) -> int:
    try:
        node = find_node()
        script = cli_script()
    except LauncherError as error:
        print(f"nbcraft: {error}", file=sys.stderr)
        return 2
    worst = 0
    for notebook in notebooks:
        code = subprocess.run(
            [node.path, str(script), "promote", "--check", notebook], check=False
        ).returncode
        worst = max(worst, code if code in (0, 1) else 2)
    return worst


def promote_check_entry_point() -> None:
    sys.exit(promote_check(sys.argv[1:]))
