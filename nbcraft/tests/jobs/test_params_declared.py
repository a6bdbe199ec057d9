"""Which parameter names a notebook's ``parameters`` cell defines, for the refusal before a run
(``undeclared``): papermill's inspection reads one assignment per line, so names the cell binds
otherwise, and Databricks widget names (a Databricks job passes parameters as widgets too), are
the notebook's; a typo is still refused."""

from __future__ import annotations

import nbformat
import pytest

from nbcraft.jobs.params import NotebookError, read_notebook, undeclared


def _notebook(tmp_path, parameters_source: str, *more: str):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    cell = nbformat.v4.new_code_cell(parameters_source)
    cell.metadata["tags"] = ["parameters"]
    nb.cells = [cell, *(nbformat.v4.new_code_cell(s) for s in more)]
    path = tmp_path / "train.ipynb"
    nbformat.write(nb, path)
    return read_notebook(path, "train.ipynb"), path


def test_names_bound_by_tuple_assignment_loops_and_imports_are_defined(tmp_path):
    nb, path = _notebook(
        tmp_path,
        "alpha, beta = 0.1, 0.2\nfor depth in [3]:\n    pass\nfrom math import pi as tau\n%env X=1\n",
    )
    assert (
        undeclared(nb, path, {"alpha": 1, "beta": 2, "depth": 4, "tau": 1.0}, "train.ipynb") == []
    )


def test_a_databricks_widget_name_is_the_notebooks(tmp_path):
    nb, path = _notebook(
        tmp_path,
        "alpha = 0.1\n",
        'dbutils.widgets.text("run_date", "")\nregion = dbutils.widgets.get( "region" )\n'
        "table = getArgument(name='table')",
    )
    params = {"alpha": 1, "run_date": "2026-01-01", "region": "eu", "table": "t"}
    assert undeclared(nb, path, params, "train.ipynb") == []


def test_a_typo_is_still_refused_with_the_closest_name(tmp_path):
    nb, path = _notebook(tmp_path, "alpha, beta = 0.1, 0.2\n", 'x = dbutils.widgets.get("region")')
    with pytest.raises(NotebookError, match=r"does not define 'alpah' \(did you mean 'alpha'\?\)"):
        undeclared(nb, path, {"alpah": 1}, "train.ipynb")
    # a widget name only in a comment or a string elsewhere is no widget
    nb, path = _notebook(
        tmp_path, "alpha = 1\n", '# dbutils.widgets.get("regoin") is gone\nprint("x")'
    )
    with pytest.raises(NotebookError, match="does not define 'regoin'"):
        undeclared(nb, path, {"regoin": 1}, "train.ipynb")


def test_a_parameters_cell_python_cannot_read_is_not_grounds_to_refuse(tmp_path):
    nb, path = _notebook(tmp_path, "alpha = 0.1\nbeta = (\n")
    assert undeclared(nb, path, {"beta": 2}, "train.ipynb") == []
