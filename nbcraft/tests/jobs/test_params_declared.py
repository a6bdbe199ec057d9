"""Which parameter names a notebook's ``parameters`` cell defines, for the refusal before a run
(``undeclared``): papermill's inspection reads one assignment per line, so names the cell binds
otherwise, and Databricks widget names (a Databricks job passes parameters as widgets too), are
the notebook's; a typo is still refused."""

from __future__ import annotations

import nbformat
import pytest

from nbcraft.jobs.params import NotebookError, read_notebook, undeclared


def _notebook(tmp_path, parameters_source: str, *more: str, language: str = "python"):
    nb = nbformat.v4.new_notebook()
    kernel = "python3" if language == "python" else "ir"
    nb.metadata["kernelspec"] = {"name": kernel, "display_name": kernel, "language": language}
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


@pytest.mark.parametrize(
    "source",
    [
        "from cfg import *\n",
        "%store -r lr\n",
        "%time lr = 0.1\n",
        "try:\n    import torch\nexcept ImportError as lr:\n    pass\n",
        "match 1:\n    case lr:\n        pass\n",
        "globals()['lr'] = 0.1\n",
        "exec('lr = 0.1')\n",
        "%%capture\nfrom cfg import *\n",
        "%%bash\necho hi\n",
    ],
)
def test_a_cell_that_may_bind_the_name_some_other_way_is_not_grounds_to_refuse(tmp_path, source):
    # the review of s19: each of these binds lr when it runs (or may), yet was refused
    nb, path = _notebook(tmp_path, "alpha = 1\n" + source)
    assert undeclared(nb, path, {"lr": 0.2}, "train.ipynb") == []


def test_names_bound_by_except_and_match_count_and_a_time_cell_is_python(tmp_path):
    nb, path = _notebook(
        tmp_path,
        "%%time\ntry:\n    pass\nexcept ValueError as device:\n    pass\n"
        "match {}:\n    case {**rest}:\n        pass\n%matplotlib inline\n!echo hi\n",
    )
    assert undeclared(nb, path, {"device": "cpu", "rest": 1}, "train.ipynb") == []
    with pytest.raises(NotebookError, match="does not define 'devise' \\(did you mean 'device'"):
        undeclared(nb, path, {"devise": "cpu"}, "train.ipynb")


def test_another_language_is_not_read_as_python(tmp_path):
    # R's `alpha <- 0.1` parses in Python as a comparison that binds nothing
    nb, path = _notebook(tmp_path, "alpha <- 0.1\n", language="R")
    assert undeclared(nb, path, {"alpha": 0.2}, "train.ipynb") == []


def test_a_cell_too_deep_for_python_s_parser_is_no_crash(tmp_path):
    deep = "x = " + "+".join(["1"] * 200_000) + "\n"
    nb, path = _notebook(
        tmp_path, deep, "y = dbutils.widgets.get('a') + " + "+".join(["1"] * 200_000)
    )
    assert undeclared(nb, path, {"x": 1}, "train.ipynb") == []


def test_the_message_lists_at_most_twenty_names(tmp_path):
    nb, path = _notebook(tmp_path, "".join(f"v{i} = {i}\n" for i in range(30)))
    with pytest.raises(NotebookError) as refused:
        undeclared(nb, path, {"zz": 1}, "train.ipynb")
    assert "v19 and 10 more." in str(refused.value)
    assert "v20" not in str(refused.value)
