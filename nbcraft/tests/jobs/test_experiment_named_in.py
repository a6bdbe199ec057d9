"""Which experiment a job's run goes to when the notebook sets one (pure: no server)."""

from __future__ import annotations

import nbformat
import pytest

from nbcraft.jobs.tracking import experiment_named_in


def _nb(*sources: str) -> nbformat.NotebookNode:
    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources])


@pytest.mark.parametrize(
    ("sources", "expected"),
    [
        (['import mlflow\nmlflow.set_experiment("main")'], "main"),
        (['from mlflow import set_experiment\nset_experiment(experiment_name="kw")'], "kw"),
        (['exp = mlflow.set_experiment("assigned")'], "assigned"),
        (['if True:\n    mlflow.set_experiment("in-if")'], "in-if"),
        # a helper's call runs only if the helper is called: the top-level one is the notebook's
        (
            ['def helper():\n    mlflow.set_experiment("other")\nmlflow.set_experiment("main")'],
            "main",
        ),
        # a class body runs with the cell, a function's body does not
        (
            ['class C:\n    x = mlflow.set_experiment("cls")', 'mlflow.set_experiment("main")'],
            "cls",
        ),
        (['@decorate(mlflow.set_experiment("deco"))\ndef f():\n    pass'], "deco"),
        (['f = lambda: mlflow.set_experiment("later")\nmlflow.set_experiment("now")'], "now"),
        # the names the notebook gives MLflow
        (['import mlflow as mf\nmf.set_experiment("alias")'], "alias"),
        (['from mlflow import set_experiment as se\nse("fn-alias")'], "fn-alias"),
        # another library's method of the same name is not MLflow's
        (['aim_run.set_experiment("aim-exp")'], None),
        (['aim_run.set_experiment("aim-exp")\nmlflow.set_experiment("main")'], "main"),
        # the first in source order, across cells
        (["x = 1", 'mlflow.set_experiment("first")', 'mlflow.set_experiment("second")'], "first"),
        (["mlflow.set_experiment(name)"], None),
    ],
)
def test_the_experiment_the_notebook_sets(sources, expected):
    assert experiment_named_in(_nb(*sources)) == expected


@pytest.mark.parametrize(
    "hostile",
    [
        "a" + "[0]" * 5000,  # nesting the parser refuses (RecursionError)
        "x = " + "-" * 100000 + "1",  # MemoryError / RecursionError in the parser
        'x = "\0"',  # a NUL byte: ValueError
    ],
)
def test_cells_the_parser_cannot_take_are_skipped_not_fatal(hostile):
    assert experiment_named_in(_nb(hostile, 'mlflow.set_experiment("after")')) == "after"
