"""`npm pack` of @nbcraft/lint-rules installs in an empty folder with no JupyterLab dependency;
`npx nbcraft` lints, lists rules and checks promotions there; its exports give the library to
Node (require) and to browser bundles (esbuild, platform browser: no `fs`, no `process`)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tarfile

import pytest
from checks import check_clean, check_lint, check_promote, check_rules, notebooks_folder
from lintpkg_support import FIXTURES, LINT_RULES, REPO, VENV_BIN, run


@pytest.fixture(scope="module")
def tarball(tmp_path_factory, standalone_cli):
    out = tmp_path_factory.mktemp("npm-pack")
    result = run(["npm", "pack", "--silent", "--pack-destination", out], cwd=LINT_RULES)
    assert result.returncode == 0, result.stderr
    (packed,) = out.glob("nbcraft-lint-rules-*.tgz")
    return packed


@pytest.fixture(scope="module")
def installed(tmp_path_factory, tarball):
    """npm install <tarball> in an empty folder (dependencies from the npm registry)."""
    folder = tmp_path_factory.mktemp("npm-user")
    (folder / "package.json").write_text('{"name": "user-project", "private": true}\n')
    result = run(
        ["npm", "install", "--no-audit", "--no-fund", "--loglevel=error", tarball], cwd=folder
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return folder


def test_the_tarball_has_the_library_and_the_cli_only(tarball):
    with tarfile.open(tarball) as packed:
        names = packed.getnames()
    for needed in (
        "package/bin/nbcraft.js",
        "package/lib/index.js",
        "package/lib/index.d.ts",
        "package/lib/cli/nbcraft.bundle.js",
        "package/lib/cli/promote.js",
        "package/lib/format/sarif.js",
        "package/docs/rules/README.md",
    ):
        assert needed in names
    assert not [n for n in names if "/src/" in n or "/test/" in n or "/build/" in n]
    assert not [n for n in names if ".v8-cache" in n]


def test_no_jupyterlab_in_the_install(installed):
    modules = installed / "node_modules"
    assert (modules / "@nbcraft" / "lint-rules").is_dir()
    assert not (modules / "@jupyterlab").exists()
    assert not (modules / "@lumino").exists()
    tree = run(["npm", "ls", "--all", "--parseable"], cwd=installed)
    assert "jupyterlab" not in tree.stdout


def test_npx_nbcraft_lint_rules_promote(installed, tmp_path):
    env = {"PATH": f"{installed / 'node_modules' / '.bin'}:/usr/local/bin:/usr/bin:/bin"}
    env["NBCRAFT_THREADS"] = "1"
    env["HOME"] = str(tmp_path)
    npx = ["npx", "--no-install", "nbcraft"]
    folder = notebooks_folder(installed / "nbs")
    check_lint(npx, folder, env)
    check_clean(npx, folder, env)
    check_rules(npx, env)
    check_promote(npx, installed / "proj", env)


def test_exports_in_node(installed):
    script = """
      const lib = require('@nbcraft/lint-rules');
      const { readNotebook } = require('@nbcraft/lint-rules/notebook');
      const { getFormatter } = require('@nbcraft/lint-rules/format');
      const version = require('@nbcraft/lint-rules/package.json').version;
      console.log(JSON.stringify({
        same: lib.readNotebook === readNotebook,
        formatter: typeof getFormatter('sarif'),
        version,
        exported: Object.keys(lib).length
      }));
    """
    result = run(["node", "-e", script], cwd=installed)
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    package = json.loads((LINT_RULES / "package.json").read_text())
    assert out == {
        "same": True,
        "formatter": "function",
        "version": package["version"],
        "exported": out["exported"],
    }
    assert out["exported"] > 20
    # the CLI's modules are not part of the public surface
    hidden = run(["node", "-e", "require('@nbcraft/lint-rules/lib/cli/main')"], cwd=installed)
    assert hidden.returncode != 0
    assert "ERR_PACKAGE_PATH_NOT_EXPORTED" in hidden.stderr


def test_exports_bundle_for_the_browser(installed):
    """A browser bundle of the library resolves no Node built-in (esbuild fails on `fs`)."""
    entry = installed / "browser.js"
    entry.write_text(
        "import { readNotebook, getFormatter } from '@nbcraft/lint-rules';\n"
        "import { analyzeNotebook } from '@nbcraft/lint-rules/python';\n"
        "console.log(readNotebook, getFormatter, analyzeNotebook);\n"
    )
    esbuild = REPO / "node_modules" / ".bin" / "esbuild"
    result = run(
        [
            esbuild,
            entry,
            "--bundle",
            "--platform=browser",
            "--format=esm",
            f"--outfile={installed / 'out.js'}",
            "--log-level=error",
        ],
        cwd=installed,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert (installed / "out.js").stat().st_size > 100_000


def test_this_repositorys_own_hooks_run_the_npm_install(installed):
    """The hooks of the root .pre-commit-hooks.yaml (`language: system`, npx) in a repository
    that has @nbcraft/lint-rules in node_modules: `pre-commit try-repo` of this checkout."""
    folder = installed / "team"
    folder.mkdir()
    for name in ("clean.ipynb", "findings.ipynb"):
        shutil.copy(FIXTURES / name, folder / name)
    (folder / "node_modules").symlink_to(installed / "node_modules")
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=folder, check=True)
    subprocess.run(["git", "add", "clean.ipynb", "findings.ipynb"], cwd=folder, check=True)
    env = {**os.environ, "PRE_COMMIT_HOME": str(installed / "pre-commit-cache")}
    result = run(
        [VENV_BIN / "pre-commit", "try-repo", REPO, "nbcraft-lint", "--all-files"],
        cwd=folder,
        env=env,
    )
    out = result.stdout + result.stderr
    assert result.returncode == 1, out
    assert "findings.ipynb:cell 4:1:1: NB501 [mlflow-run-not-ended]" in out
    assert "clean.ipynb" not in out.split("Failed", 1)[1]
