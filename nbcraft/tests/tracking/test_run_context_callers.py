"""Which of MLflow's requests for the context's tags take the provenance record
(``starting_a_run``): every request that makes a run does, including runs MLflow makes
without ``mlflow.start_run()`` (autolog's GridSearchCV child runs) and an MLflow version with
a helper between ``start_run`` and ``resolve_tags``; a LoggedModel does not.

Real parts: MLflow itself against a real ``mlflow server`` (SQLite), scikit-learn under
``mlflow.sklearn.autolog``; a probe provider in MLflow's own registry records the answer each
time MLflow asks."""

from __future__ import annotations

import logging
import traceback
import types
import warnings

import mlflow
import pytest
from mlflow.tracking import fluent
from mlflow.tracking.context import registry

from nbcraft.tracking.run_context import starting_a_run


class Probe:
    def __init__(self) -> None:
        self.seen: list[bool] = []
        self.asked_by: list[str] = []  # the line of MLflow that called resolve_tags

    def in_context(self) -> bool:
        return True

    def tags(self) -> dict[str, str]:
        self.seen.append(starting_a_run())
        stack = traceback.extract_stack()
        at = max(i for i, f in enumerate(stack) if f.name == "resolve_tags")
        self.asked_by.append(f"{stack[at - 1].name}: {stack[at - 1].line}")
        return {}


@pytest.fixture
def probe(mlflow_server, monkeypatch):
    monkeypatch.setenv("MLFLOW_TRACKING_URI", mlflow_server)
    mlflow.set_tracking_uri(mlflow_server)
    probe = Probe()
    providers = registry._run_context_provider_registry._registry
    monkeypatch.setattr(registry._run_context_provider_registry, "_registry", [*providers, probe])
    yield probe
    while mlflow.active_run():
        mlflow.end_run()
    mlflow.set_tracking_uri(None)


def _resolve(tags=None):
    return registry.resolve_tags(tags)


def test_a_helper_between_start_run_and_resolve_tags_still_takes_the_record(probe, monkeypatch):
    """The check looked at resolve_tags' direct caller only: a helper MLflow adds in between
    would have left every run without a record, silently."""
    # a function of a module of MLflow's (by its globals' __name__) between the two
    helper = types.FunctionType(
        _resolve.__code__, {"__name__": "mlflow.tracking._context_helper", "registry": registry}
    )
    monkeypatch.setattr(fluent, "context_registry", types.SimpleNamespace(resolve_tags=helper))
    mlflow.start_run()
    mlflow.end_run()
    assert probe.seen == [True]


def test_autolog_child_runs_keep_their_provenance(probe):
    """GridSearchCV's child runs are made with MlflowClient from tags autolog asks for
    (``child_tags``): they lost their git and notebook provenance. A LoggedModel still takes
    no record."""
    pytest.importorskip("sklearn")
    import numpy as np
    from sklearn.linear_model import LinearRegression
    from sklearn.model_selection import GridSearchCV

    logging.getLogger("mlflow").setLevel(logging.ERROR)
    mlflow.sklearn.autolog(log_models=True, log_datasets=False, silent=True)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            search = GridSearchCV(LinearRegression(), {"fit_intercept": [True, False]}, cv=2)
            rng = np.random.default_rng(0)
            search.fit(rng.random((20, 2)), rng.random(20))
        mlflow.end_run()
    finally:
        mlflow.sklearn.autolog(disable=True)
    answers = list(zip(probe.asked_by, probe.seen, strict=True))
    children = [seen for by, seen in answers if "child_tags = " in by]
    models = [seen for by, seen in answers if by.startswith("_create_logged_model")]
    assert children == [True], answers
    assert models and not any(models), answers
    assert answers[0] == (
        "start_run: resolved_tags = context_registry.resolve_tags(user_specified_tags)",
        True,
    )
