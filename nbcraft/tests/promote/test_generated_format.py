"""What ``nbcraft promote`` writes around the user's code is already formatted: the module and
its test file (new, and with a second function merged in) pass ``ruff format --check``, the
formatter most Python projects run in CI, so a promotion does not fail the project's format
check or come back reformatted in the next diff. Not claimed: the notebook's replacement cell
(notebook code, not checked by CI formatters) and the characterization assert built from a
kernel's reprs (README says so). Real Node CLI, real ruff (the dev venv's console script), no
kernel."""

from __future__ import annotations

import ast
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


# a name long enough to push every generated line past 88 columns
LONG = "compute_the_rolling_statistics_of_the_training_frame_for_every_window_size"


def promote_cells(tmp_path: Path, cells: list[str], *args: str) -> tuple[Path, Path]:
    (tmp_path / "nbcraft.json").write_text(json.dumps({"promote": {"moduleDir": "src/pkg"}}))
    nbformat.write(notebook(*cells), tmp_path / "work.ipynb")
    promote(tmp_path, *args)
    return tmp_path / "src" / "pkg" / "work.py", tmp_path / "tests" / "test_work.py"


def test_long_names_one_parameter_and_a_long_return_tuple_are_formatted(tmp_path):
    """The signature test binds the list first (ruff splits a long left side of `==`), a
    split `def` with one parameter gets ruff's magic trailing comma, a long `return a, b, c`
    is parenthesised one value a line, and a long `from pkg.work import name` is split."""
    module, tests = promote_cells(
        tmp_path,
        [
            "frame = [1, 2, 3]",
            (
                "first_window_statistics = frame[:1]\n"
                "second_window_statistics = frame[:2]\n"
                "third_window_statistics_xyz = frame[:3]"
            ),
            "print(first_window_statistics, second_window_statistics, third_window_statistics_xyz)",
        ],
        "--cells",
        "2",
        "--function",
        LONG + "_xx",
    )
    text = module.read_text()
    assert f"def {LONG}_xx(\n    frame,\n):" in text
    assert "    return (\n        first_window_statistics,\n" in text
    test_text = tests.read_text()
    assert f"from pkg.work import (\n    {LONG}_xx,\n)" in test_text
    assert "    params = list(\n        inspect.signature(\n" in test_text
    assert '    assert params == ["frame"]' in test_text
    checked = ruff_format_check(tmp_path, module, tests)
    assert checked.returncode == 0, checked.stdout + checked.stderr

    # a second long-named function merged in: its import goes after the split one, not inside
    promote(tmp_path, "--cells", "1", "--function", LONG + "_yy")
    test_text = tests.read_text()
    assert f"from pkg.work import (\n    {LONG}_xx,\n)\nfrom pkg.work import (\n" in test_text
    ast.parse(test_text)
    checked = ruff_format_check(tmp_path, module, tests)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_an_empty_parameter_list_stays_on_one_line(tmp_path):
    """`def name():` and `name()` cannot split: a long head with no parameters is written on
    one line, never `def name(\n    \n):`, and the signature test's list is `[]`."""
    name = LONG + "_and_more"
    module, tests = promote_cells(
        tmp_path, ["x = 1", "print(2)"], "--cells", "2", "--function", name
    )
    assert f"def {name}():" in module.read_text()
    test_text = tests.read_text()
    assert "    assert params == []" in test_text
    assert f"    result = {name}()" in test_text
    checked = ruff_format_check(tmp_path, module, tests)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_a_notebook_name_with_triple_quotes_gives_files_that_parse(tmp_path):
    """The notebook's name lands in both docstrings; `q\"\"\"x.ipynb` must not close them."""
    (tmp_path / "nbcraft.json").write_text(json.dumps({"promote": {"moduleDir": "src/pkg"}}))
    nbformat.write(notebook("x = 1", "y = x + 1"), tmp_path / 'q"""x.ipynb')
    run_promote(tmp_path, 'q"""x.ipynb', "--cells", "2", "--function", "add_one")
    for path in (tmp_path / "src" / "pkg" / "q_x.py", tmp_path / "tests" / "test_q_x.py"):
        ast.parse(path.read_text(), filename=str(path))


def test_a_crlf_module_keeps_its_line_ending(tmp_path):
    """An existing module written with `\r\n` (Windows) gets the function and its imports with
    `\r\n` too: mixed endings would be rewritten by ruff format and show as a whole-file diff."""
    module = tmp_path / "src" / "pkg" / "work.py"
    module.parent.mkdir(parents=True)
    module.write_bytes(b'"""Helpers."""\r\n\r\n\r\ndef existing():\r\n    return 1\r\n')
    promote_cells(
        tmp_path,
        ["import math", "y = math.sqrt(2)", "print(y)"],
        "--cells",
        "2",
        "--function",
        "root_two",
    )
    data = module.read_bytes()
    assert b"def root_two():" in data and b"import math" in data
    assert data.count(b"\n") == data.count(b"\r\n"), data
    checked = ruff_format_check(tmp_path, module)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_line_width_counts_east_asian_wide_characters_as_two_columns(tmp_path):
    """Five parameters named in Chinese: the `def` line is 62 UTF-16 units but 102 columns as
    ruff counts them (wide characters take two), so it is split."""
    names = [
        "训练数据集合第一",
        "训练数据集合第二",
        "训练数据集合第三",
        "训练数据集合第四",
        "训练数据集合第五",
    ]
    module, tests = promote_cells(
        tmp_path,
        [
            *(f"{name} = {i}" for i, name in enumerate(names)),
            "总和 = 0\n" + "\n".join(f"总和 += {name}" for name in names),
            "print(总和)",
        ],
        "--cells",
        "6",
        "--function",
        "combine",
    )
    assert "def combine(\n    训练数据集合第一," in module.read_text()
    checked = ruff_format_check(tmp_path, module, tests)
    assert checked.returncode == 0, checked.stdout + checked.stderr
