"""Databricks Connect targets. Databricks itself is not reachable from this machine (no
workspace, no network beyond package registries), so these tests cover everything up to the
first call to the workspace: the generated kernelspec and its environment in a real kernel,
the profile validation, and the message when databricks-connect is missing from the target's
own Python (it conflicts with pyspark, so it lives in a separate venv)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

OTHER_PYTHON = Path(__file__).resolve().parents[3] / ".venv-eg" / "bin" / "python"
pytestmark = pytest.mark.skipif(
    not OTHER_PYTHON.exists(),
    reason="needs a second venv without databricks-connect: run scripts/setup.d/30-compute.sh",
)


@pytest.fixture
def databricks_root(jp_environ, jp_root_dir, tmp_path, monkeypatch, trust_project):
    cfg = tmp_path / "databrickscfg"
    cfg.write_text(
        "[dev]\nhost = https://adb-1234567890.12.azuredatabricks.net\n"
        "token = dapi00000000000000000000000000000000\n"
    )
    monkeypatch.setenv("DATABRICKS_CONFIG_FILE", str(cfg))
    monkeypatch.setenv("MLFLOW_TRACKING_URI", "databricks://dev")
    monkeypatch.delenv("PYTHONPATH", raising=False)  # see test_spark_connect.spark_root
    (Path(jp_root_dir) / "nbcraft.json").write_text(
        json.dumps(
            {
                "compute": {
                    "targets": [
                        {
                            "name": "dev",
                            "kind": "databricks-connect",
                            "profile": "dev",
                            "clusterId": "0123-456789-abcdefgh",
                            "python": str(OTHER_PYTHON.parent.parent),
                        },
                        {
                            "name": "nope",
                            "kind": "databricks-connect",
                            "profile": "staging",
                            "serverless": True,
                            "python": str(OTHER_PYTHON),
                        },
                    ]
                }
            }
        )
    )
    trust_project(jp_root_dir)  # the user's own test project: its targets may act
    return Path(jp_root_dir)


@pytest.fixture
def jp_server_config(jp_server_config, databricks_root):
    return {**jp_server_config, "ServerApp": {"jpserver_extensions": {"nbcraft": True}}}


async def get_json(jp_fetch, *parts, **kwargs):
    return json.loads((await jp_fetch(*parts, **kwargs)).body)


async def test_databricks_kernel_gets_profile_cluster_and_tracking(jp_fetch, run_code):
    targets = {t["name"]: t for t in await get_json(jp_fetch, "nbcraft", "compute", "targets")}
    dev = targets["dev"]
    assert dev["reachable"] is False and dev["kernelspec"] == "nbcraft-dev"
    assert f"databricks-connect is not installed in {OTHER_PYTHON}" in dev["detail"]
    assert "separate venv" in dev["detail"]
    nope = targets["nope"]
    assert nope["reachable"] is False
    # The package is checked first; the profile message follows once it is installed, so the
    # profile check is exercised directly in test_routes.test_databricks_profile_validation.
    assert "databricks-connect is not installed" in nope["detail"]

    kernel = await get_json(
        jp_fetch, "api", "kernels", method="POST", body=json.dumps({"name": "nbcraft-dev"})
    )
    probe = await run_code(
        kernel["id"],
        (
            "import os, sys\n"
            "for var in ('DATABRICKS_CONFIG_PROFILE', 'DATABRICKS_CLUSTER_ID',\n"
            "            'DATABRICKS_SERVERLESS_COMPUTE_ID', 'MLFLOW_TRACKING_URI', 'DATABRICKS_TOKEN'):\n"
            "    print(var, os.environ.get(var))\n"
            "print('prefix', sys.prefix)\n"
        ),
    )
    assert probe.status == "ok", probe
    seen = dict(line.split(" ", 1) for line in probe.stdout.strip().splitlines())
    assert seen == {
        "DATABRICKS_CONFIG_PROFILE": "dev",
        "DATABRICKS_CLUSTER_ID": "0123-456789-abcdefgh",
        "DATABRICKS_SERVERLESS_COMPUTE_ID": "None",
        "MLFLOW_TRACKING_URI": "databricks://dev",
        "DATABRICKS_TOKEN": "None",  # credentials stay in the profile
        "prefix": str(OTHER_PYTHON.parent.parent),
    }
    used = await run_code(kernel["id"], "spark.range(3).count()")
    assert used.status == "error" and used.error[0] == "ComputeTargetUnavailable", used
    assert "`spark` is not defined: compute target 'dev' needs databricks-connect" in used.error[1]
    assert f"{OTHER_PYTHON} -m pip install databricks-connect" in used.error[1]
    ordinary = await run_code(kernel["id"], "undefined_name")
    assert ordinary.error[0] == "NameError"  # other NameErrors are left alone
