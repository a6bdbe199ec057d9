"""Fixtures for the jobs tests: notebooks written for the purpose, a Jupyter server with nbcraft
pointed at the session's real ``mlflow server``. Helpers live in jobs_support.py.

Everything runs for real: kernels, MLflow, the Jupyter server. The only fake in this folder is
the Databricks REST API (test_databricks_jobs.py), which cannot run here.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from jobs_support import RESUME_THEN_FAIL, SLOW, TRAIN, write_notebook


@pytest.fixture
def jobs_root(jp_root_dir):
    root = Path(jp_root_dir)
    write_notebook(root / "train.ipynb", TRAIN)
    write_notebook(root / "work" / "fail.ipynb", RESUME_THEN_FAIL)
    write_notebook(root / "slow.ipynb", SLOW)
    return root


@pytest.fixture
def jobs_config():
    """Override or parametrize to set ``NbcraftJobs`` options."""
    return {}


@pytest.fixture
def tracking_uri(mlflow_server):
    return mlflow_server


@pytest.fixture
def jp_server_config(jp_server_config, jobs_root, tracking_uri, jobs_config, monkeypatch):
    monkeypatch.delenv("MLFLOW_RUN_ID", raising=False)
    monkeypatch.delenv("MLFLOW_EXPERIMENT_NAME", raising=False)
    config = {key: dict(value) for key, value in jp_server_config.items()}
    config["ServerApp"]["jpserver_extensions"] = {"nbcraft": True}
    config["NbcraftTracking"] = {"embedded": False, "uri": tracking_uri}
    config["NbcraftCompute"] = {"watch_interval": 0.0}
    config["NbcraftJobs"] = {**jobs_config}
    return config


def _compute_fixtures():
    """The real-engine fixtures of nbcraft/tests/compute/conftest.py (a Spark Connect server, an
    Enterprise Gateway), loaded from that file so both layers start them the same way."""
    import importlib.util

    path = Path(__file__).resolve().parents[1] / "compute" / "conftest.py"
    spec = importlib.util.spec_from_file_location("nbcraft_tests_compute_fixtures", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_compute = _compute_fixtures()
spark_connect = _compute.spark_connect
enterprise_gateway = _compute.enterprise_gateway
recording_gateway = _compute.recording_gateway
network_enterprise_gateway = _compute.network_enterprise_gateway
loopback_alias = _compute.loopback_alias
lookups = _compute.lookups


@pytest.fixture(scope="module")
def gateway_pair(tmp_path_factory):
    """Two real Enterprise Gateways on two loopback ports, each with its own token; their
    kernels have ``NBCRAFT_TEST_GATEWAY`` = ``a`` or ``b``."""
    import secrets

    tokens = {name: f"{name}-" + secrets.token_hex(16) for name in ("a", "b")}
    a = _compute._enterprise_gateway(tmp_path_factory, "127.0.0.1", token=tokens["a"], label="a")
    b = _compute._enterprise_gateway(tmp_path_factory, "127.0.0.1", token=tokens["b"], label="b")
    try:
        gateway_a, gateway_b = next(a), next(b)
        gateway_a.token, gateway_b.token = tokens["a"], tokens["b"]
        yield gateway_a, gateway_b
    finally:
        a.close()
        b.close()
