"""What ``nbcraft promote`` writes is already formatted: the module, its test file (new, and
with a second function merged in) and the notebook's replacement code pass ``ruff format
--check``, the formatter most Python projects run in CI, so a promotion does not fail the
project's format check or come back reformatted in the next diff. Real Node CLI, real ruff
(the dev venv's console script), no kernel."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from promote_support import needs_cli
from promote_support import promote as run_promote

RUFF = Path(sys.executable).parent / "ruff"

pytestmark = [
    needs_cli,
    pytest.mark.skipif(not RUFF.exists(), reason="needs the dev venv's ruff"),
]


def notebook(*sources: str) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.cells = [nbformat.v4.new_code_cell(s) for s in sources]
    return nb


def promote(root: Path, *args: str) -> None:
    run_promote(root, "work.ipynb", *args)


def ruff_format_check(root: Path, *files: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(RUFF), "format", "--check", "--diff", "--isolated", *map(str, files)],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_module_and_test_files_promote_writes_are_formatted(tmp_path):
    (tmp_path / "nbcraft.json").write_text(json.dumps({"promote": {"moduleDir": "src/pkg"}}))
    nbformat.write(
        notebook(
            "import math",
            "xs = [1.0, 4.0, 9.0]",
            "roots = [math.sqrt(x) for x in xs]",
            "total = sum(roots)",
            "print(total)",
        ),
        tmp_path / "work.ipynb",
    )
    # bottom-up, so the first call leaves the second one's cell numbers as they are
    promote(tmp_path, "--cells", "4", "--function", "sum_of")
    promote(tmp_path, "--cells", "3", "--function", "square_roots")
    module = tmp_path / "src" / "pkg" / "work.py"
    tests = tmp_path / "tests" / "test_work.py"
    assert "def sum_of(" in module.read_text() and "def square_roots(" in module.read_text()
    assert "test_sum_of_signature" in tests.read_text()
    assert "test_square_roots_signature" in tests.read_text()
    checked = ruff_format_check(tmp_path, module, tests)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_long_signatures_are_split_as_the_formatter_splits_them(tmp_path):
    """A function whose parameters do not fit on the `def` line, and its signature test's
    list; promoting the same cells again replaces the tests, split decorator included."""
    (tmp_path / "nbcraft.json").write_text(json.dumps({"promote": {"moduleDir": "src/pkg"}}))
    names = ["alpha_learning_rate", "beta_regularisation", "gamma_momentum", "delta_dropout"]
    nbformat.write(
        notebook(
            *(f"{name} = {i}.5" for i, name in enumerate(names)),
            "score = " + " + ".join(names),
            "print(score)",
        ),
        tmp_path / "work.ipynb",
    )
    promote(tmp_path, "--cells", "5", "--function", "combined_score")
    module = tmp_path / "src" / "pkg" / "work.py"
    tests = tmp_path / "tests" / "test_work.py"
    assert "def combined_score(\n    alpha_learning_rate, " in module.read_text()
    assert '== [\n        "alpha_learning_rate",\n' in tests.read_text()
    checked = ruff_format_check(tmp_path, module, tests)
    assert checked.returncode == 0, checked.stdout + checked.stderr

    # the notebook's cell is now the call: promote it back out under the same name, replacing
    work = nbformat.read(tmp_path / "work.ipynb", as_version=4)
    work.cells[4].source = "score = " + " + ".join(names)
    nbformat.write(work, tmp_path / "work.ipynb")
    promote(tmp_path, "--cells", "5", "--function", "combined_score", "--on-conflict", "replace")
    text = tests.read_text()
    assert text.count("def test_combined_score_characterization") == 1
    assert text.count("@pytest.mark.skip(") == 1
    checked = ruff_format_check(tmp_path, module, tests)
    assert checked.returncode == 0, checked.stdout + checked.stderr
