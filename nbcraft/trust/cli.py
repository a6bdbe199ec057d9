"""``jupyter nbcraft trust [PATH]``, ``--list``, ``--revoke PATH``.

Trust a project config file's current content (default: the one in the current folder), list
what is trusted, or revoke it (its kernelspecs are removed too). A running Jupyter server
follows within its config watch interval. Exit 0 done, 1 nothing to trust (or to revoke),
2 usage, an unreadable file or trust store.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
from pathlib import Path
from typing import TextIO

from ..app import Parser as _Parser
from ..app import UsageError as _UsageError
from ..project_config import JSON_NAME, PYPROJECT_NAME, read_file, read_project_config
from .apply import remove_project_kernelspecs
from .store import TrustStore, TrustStoreError, real_path
from .summary import describe, summary_lines

USAGE = "jupyter nbcraft trust [PATH] | --list | --revoke PATH"


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="jupyter nbcraft trust",
        usage=USAGE,
        description="Trust a project config file (nbcraft.json or [tool.nbcraft] in "
        "pyproject.toml) so that its tracking server, compute targets and pipelines are "
        "used. Any change to the file makes it untrusted again.",
    )
    parser.add_argument(
        "path", nargs="?", help="the file, or a folder holding one (default: the current folder)"
    )
    parser.add_argument("--list", action="store_true", help="list the trusted files")
    parser.add_argument("--revoke", metavar="PATH", help="stop trusting PATH (file or folder)")
    return parser


def main(argv: list[str], out: TextIO | None = None, err: TextIO | None = None) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    try:
        args = _parser().parse_args(argv)
        if sum(bool(x) for x in (args.path, args.list, args.revoke)) > 1:
            raise _UsageError("give one of PATH, --list or --revoke PATH")
    except _UsageError as error:
        print(f"usage: {USAGE}\njupyter nbcraft trust: {error}", file=err)
        return 2
    except SystemExit as done:  # --help
        return int(done.code or 0)
    store = TrustStore()
    try:
        if args.list:
            return _list(store, out)
        if args.revoke:
            return _revoke(store, args.revoke, out, err)
        return _trust(store, args.path or os.getcwd(), out, err)
    except TrustStoreError as error:
        print(f"jupyter nbcraft trust: {error}", file=err)
        return 2


def _trust(store: TrustStore, target: str, out: TextIO, err: TextIO) -> int:
    path = Path(target)
    if path.is_dir():
        config = read_project_config(path, store)
        if config.path is None:
            print(
                f"nothing to trust: no {JSON_NAME}, and no {PYPROJECT_NAME} with "
                f"[tool.nbcraft], in {path.resolve()}",
                file=err,
            )
            return 1
    elif path.is_file():
        if path.name not in (JSON_NAME, PYPROJECT_NAME):
            print(
                f"jupyter nbcraft trust: {path}: nbcraft reads only {JSON_NAME} and "
                f"{PYPROJECT_NAME}",
                file=err,
            )
            return 2
        config = read_file(path, store)
        if config.path is None:
            print(f"nothing to trust: {path} has no [tool.nbcraft] table", file=err)
            return 1
    else:
        print(f"jupyter nbcraft trust: {path}: no such file or folder", file=err)
        return 2
    where = config.root.resolve() / config.source
    if config.error is not None:
        print(f"{config.root.resolve() / str(config.error)}\nfix it, then trust it.", file=err)
        return 2
    if not config.requested:
        print(
            f"nothing to trust: {where} sets only lint and promote options, which act "
            "without trust",
            file=err,
        )
        return 1
    assert config.sha256 is not None
    lines = summary_lines(describe(config))
    if config.trusted:
        print(f"already trusted: {where} (sha256 {config.sha256[:12]})", file=out)
        return 0
    if config.trust_problem is not None:  # a linked file, or a store others could write
        print(f"jupyter nbcraft trust: {where}: {config.trust_problem}", file=err)
        return 2
    store.trust(config.path, config.sha256)
    print(f"trusted: {where} (sha256 {config.sha256[:12]}); it sets:", file=out)
    for line in lines:
        print(f"  {line}", file=out)
    print("A running Jupyter server uses it within seconds; any change to the file", file=out)
    print("makes it untrusted again.", file=out)
    return 0


def _list(store: TrustStore, out: TextIO) -> int:
    entries = store.entries()
    if not entries:
        print(f"no trusted project config files ({store.path})", file=out)
        return 0
    for entry in entries:
        state = _state(entry.path, entry.sha256)
        print(f"{entry.path}  sha256 {entry.sha256[:12]}  {entry.trusted_at}  {state}", file=out)
    return 0


def _state(path: str, sha256: str) -> str:
    file = Path(path)
    if not file.is_file():
        return "missing"
    try:
        current = hashlib.sha256(file.read_bytes()).hexdigest()
    except OSError:
        return "unreadable"
    return "trusted" if current == sha256 else "changed since (untrusted)"


def _revoke(store: TrustStore, target: str, out: TextIO, err: TextIO) -> int:
    key = real_path(target)
    candidates = [key, *(os.path.join(key, name) for name in (JSON_NAME, PYPROJECT_NAME))]
    revoked = [entry for c in candidates if (entry := store.revoke(c)) is not None]
    if not revoked:
        print(f"nothing to revoke: {key} is not trusted", file=err)
        return 1
    for entry in revoked:
        removed = remove_project_kernelspecs(Path(entry.path).parent)
        print(f"revoked: {entry.path}", file=out)
        if removed:
            print(f"  removed kernelspecs: {', '.join(removed)}", file=out)
    return 0
