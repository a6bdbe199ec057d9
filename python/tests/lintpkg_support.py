"""Paths and helpers shared by the packaging tests (fixtures are in conftest.py)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
LINT_RULES = REPO / "lint-rules"
FIXTURES = LINT_RULES / "test" / "fixtures" / "lint"
# real published notebooks shipped with the repository (their sources and licences: SOURCES.md)
CORPUS = LINT_RULES / "test" / "corpus"
LINT_PROJECT = REPO / "python" / "nbcraft-lint"
PRE_COMMIT_MIRROR = REPO / "python" / "nbcraft-lint-pre-commit"
CI_DOC = REPO / "docs" / "ci.md"
# pre-commit and check-jsonschema: the dev tools of the venv running these tests
VENV_BIN = Path(sys.executable).parent


def run(cmd: list[str | Path], **kwargs) -> subprocess.CompletedProcess[str]:
    kwargs.setdefault("capture_output", True)
    kwargs.setdefault("text", True)
    kwargs.setdefault("timeout", 600)
    return subprocess.run([str(c) for c in cmd], check=False, **kwargs)


def pip_cache_dir() -> str:
    """The user's pip cache, so a fresh venv does not download Node (60 MB) again each run."""
    out = run([sys.executable, "-m", "pip", "cache", "dir"]).stdout.strip()
    return out or str(Path.home() / ".cache" / "pip")


def clean_env(path: list[Path], home: Path, **extra: str) -> dict[str, str]:
    """A user's environment: only these PATH folders, a fresh HOME, pip's cache kept."""
    env = {
        "PATH": os.pathsep.join(str(p) for p in path),
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "PIP_CACHE_DIR": pip_cache_dir(),
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        "NBCRAFT_THREADS": "1",
    }
    env.update(extra)
    return env


def file_line(path: Path, line: int) -> str:
    """The 1-based line `line` of a file, as SARIF regions and GitLab locations count."""
    return path.read_text(encoding="utf-8").split("\n")[line - 1]


def recipe(name: str) -> str:
    """The ```yaml block that follows `<!-- ci-recipe: NAME -->` in docs/ci.md."""
    match = re.search(
        rf"<!-- ci-recipe: {re.escape(name)} -->\s*```yaml\n(.*?)```", CI_DOC.read_text(), re.DOTALL
    )
    assert match, f"docs/ci.md has no {name} recipe"
    return match.group(1)
