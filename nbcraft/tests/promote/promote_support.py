"""Helpers for the promote tests (imported by name: pytest puts this folder on sys.path)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
CLI = REPO / "lint-rules" / "bin" / "nbcraft.js"

needs_cli = pytest.mark.skipif(
    not (REPO / "lint-rules" / "lib" / "cli" / "promote.js").exists()
    or shutil.which("node") is None,
    reason="build lint-rules first (jlpm build), and Node must be on PATH",
)


def promote(root: Path, notebook: str, *args: str) -> str:
    """`nbcraft promote NOTEBOOK ARGS...` from `root` with the real Node CLI; its output."""
    done = subprocess.run(
        ["node", str(CLI), "promote", notebook, *args],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr + done.stdout
    return done.stdout
