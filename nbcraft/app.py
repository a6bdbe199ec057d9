"""``jupyter nbcraft <command>``: the Python side's commands (Jupyter finds the console script
``jupyter-nbcraft`` on PATH, as it does ``jupyter-lab``).

Each command lives with its capability as a module exposing ``main(argv: list[str]) -> int``;
this module only dispatches, so that one command's imports never slow another down. Exit codes
follow DESIGN.md: 0 done, 1 the command's own failure, 2 usage.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import sys


class UsageError(Exception):
    """A command line that cannot run: each command prints it and exits 2."""


class Parser(argparse.ArgumentParser):
    """argparse that raises ``UsageError`` instead of exiting, so ``main`` returns 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(message)


# command -> module with ``main(argv) -> int``
COMMANDS: dict[str, tuple[str, str]] = {
    "trust": ("nbcraft.trust.cli", "trust or revoke a project config file's current content"),
    "run": ("nbcraft.jobs.cli", "run a notebook or a pipeline headless as an MLflow run"),
    "reproduce": ("nbcraft.provenance.cli", "re-run a recorded MLflow run and compare metrics"),
}


def _usage() -> str:
    lines = ["usage: jupyter nbcraft <command> [options]", "", "commands:"]
    for name, (module, summary) in COMMANDS.items():
        if _available(module):
            lines.append(f"  {name:<10} {summary}")
    return "\n".join(lines)


def _available(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:  # the capability's package is not there at all
        return False


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in ("-h", "--help"):
        print(_usage(), file=sys.stdout if args else sys.stderr)
        return 0 if args else 2
    name, rest = args[0], args[1:]
    entry = COMMANDS.get(name)
    if entry is None or not _available(entry[0]):
        print(f"jupyter nbcraft: unknown command {name!r}\n\n{_usage()}", file=sys.stderr)
        return 2
    module = importlib.import_module(entry[0])
    return int(module.main(rest))


def entry_point() -> None:  # console script
    sys.exit(main())
