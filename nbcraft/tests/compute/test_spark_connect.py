"""A real Spark Connect server (pip pyspark 4, Java 17) and a real `mlflow server`, driven
through a real Jupyter server with nbcraft loaded: a notebook session is switched to the
generated ``nbcraft-<target>`` kernelspec (what the toolbar picker does with
``sessionContext.changeKernel``), counts rows remotely and logs an MLflow run that lands
in the tracking server; a running kernel is rebound without losing its variables; and the
server going away mid-session gives a clear message while everything else keeps working.

The last test kills the module's Spark server: keep it last in this file.
"""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path

import pytest

EG_PYTHON = Path(__file__).resolve().parents[3] / ".venv-eg" / "bin" / "python"
ALSO_START = ["mlflow_server"]  # started by the spark_connect fixture while Spark boots
FAST_FAIL = {"NBCRAFT_SPARK_MAX_RETRIES": "2"}  # a lost server is reported in ~1 s, not ~8 s


@pytest.fixture
def spark_root(jp_environ, jp_root_dir, spark_connect, mlflow_server, monkeypatch, trust_project):
    # What the tracking capability does for real: the resolved URI is in the server's env.
    monkeypatch.setenv("MLFLOW_TRACKING_URI", mlflow_server)
    # pytest-jupyter exports the test's sys.path as PYTHONPATH, which would hand this venv's
    # packages to kernels of other Pythons; a user's server has no such variable.
    monkeypatch.delenv("PYTHONPATH", raising=False)
    targets = [
        {"name": "spark", "kind": "spark-connect", "url": spark_connect.url},
        {
            "name": "spark-down",
            "kind": "spark-connect",
            "url": "sc://127.0.0.1:9",
            "env": FAST_FAIL,
        },
        {
            "name": "spark-fast-fail",
            "kind": "spark-connect",
            "url": spark_connect.url,
            "env": FAST_FAIL,
        },
    ]
    if EG_PYTHON.exists():  # a Python with ipykernel but without pyspark
        targets.append(
            {
                "name": "no-pyspark",
                "kind": "spark-connect",
                "url": spark_connect.url,
                "python": str(EG_PYTHON),
            }
        )
    (Path(jp_root_dir) / "nbcraft.json").write_text(json.dumps({"compute": {"targets": targets}}))
    trust_project(jp_root_dir)  # the user's own test project: its targets may act
    (Path(jp_root_dir) / "work").mkdir()
    return Path(jp_root_dir)


@pytest.fixture
def jp_server_config(jp_server_config, spark_root):
    return {
        **jp_server_config,
        "ServerApp": {"jpserver_extensions": {"nbcraft": True}},
        "NbcraftCompute": {"check_timeout": 2.0},
    }


async def api(jp_fetch, *parts, method="GET", body=None, **kwargs):
    if body is not None:
        kwargs["body"] = json.dumps(body)
    response = await jp_fetch(*parts, method=method, **kwargs)
    return json.loads(response.body) if response.body else None


async def open_notebook(jp_fetch, kernel="python3", path="work/analysis.ipynb"):
    return await api(
        jp_fetch,
        "api",
        "sessions",
        method="POST",
        body={
            "path": path,
            "name": Path(path).name,
            "type": "notebook",
            "kernel": {"name": kernel},
        },
    )


async def change_kernel(jp_fetch, session, kernel):
    """What JupyterLab's sessionContext.changeKernel({name}) sends."""
    return await api(
        jp_fetch,
        "api",
        "sessions",
        session["id"],
        method="PATCH",
        body={"kernel": {"name": kernel}},
    )


def mlflow_get(uri, path):
    with urllib.request.urlopen(f"{uri}/api/2.0/mlflow/{path}", timeout=10) as response:
        return json.loads(response.read())


async def test_switch_notebook_to_spark_connect_and_track_the_run(
    jp_fetch, run_code, spark_connect, mlflow_server
):
    targets = {t["name"]: t for t in await api(jp_fetch, "nbcraft", "compute", "targets")}
    assert targets["spark"]["reachable"] is True, targets["spark"]
    assert targets["spark"]["detail"] == f"Spark Connect server {spark_connect.url} is listening"

    session = await open_notebook(jp_fetch)
    local_kernel = session["kernel"]["id"]
    session = await change_kernel(jp_fetch, session, targets["spark"]["kernelspec"])
    kernel_id = session["kernel"]["id"]
    assert session["kernel"]["name"] == "nbcraft-spark" and kernel_id != local_kernel

    env = await run_code(
        kernel_id,
        "import os; print(os.environ['SPARK_REMOTE'], "
        "os.environ['MLFLOW_TRACKING_URI'], type(spark).__module__)",
    )
    assert env.status == "ok", env
    assert env.stdout.split() == [spark_connect.url, mlflow_server, "pyspark.sql.connect.session"]

    count = await run_code(kernel_id, "spark.range(1000).count()")
    assert count.status == "ok" and count.results == ["1000"], count

    logged = await run_code(
        kernel_id,
        (
            "import mlflow\n"
            "mlflow.set_experiment('nbcraft-compute-spark')\n"
            "with mlflow.start_run(run_name='remote-count') as run:\n"
            "    mlflow.log_metric('rows', spark.range(1000).count())\n"
            "    mlflow.log_param('target', os.environ['NBCRAFT_COMPUTE_TARGET'])\n"
            "print(run.info.run_id)\n"
        ),
        timeout=180,
    )
    assert logged.status == "ok", logged
    run_id = logged.stdout.strip().splitlines()[-1]
    # Read back from the tracking server itself, not from the kernel.
    run = mlflow_get(mlflow_server, f"runs/get?run_id={run_id}")["run"]
    assert {m["key"]: m["value"] for m in run["data"]["metrics"]} == {"rows": 1000.0}
    assert {p["key"]: p["value"] for p in run["data"]["params"]} == {"target": "spark"}
    # nbcraft's run-context provider tags the run with the target and the notebook.
    tags = {t["key"]: t["value"] for t in run["data"]["tags"]}
    assert tags["nbcraft.compute_target"] == "spark"
    assert tags["nbcraft.notebook"].endswith(".ipynb")
    experiment = mlflow_get(
        mlflow_server, f"experiments/get?experiment_id={run['info']['experiment_id']}"
    )
    assert experiment["experiment"]["name"] == "nbcraft-compute-spark"


async def test_rebind_keeps_python_variables(jp_fetch, run_code, spark_connect):
    session = await open_notebook(jp_fetch, path="work/rebind.ipynb")
    kernel_id = session["kernel"]["id"]
    assert (await run_code(kernel_id, "answer = 41")).status == "ok"
    plan = await api(
        jp_fetch,
        "nbcraft",
        "compute",
        "targets",
        "spark",
        "switch",
        params={"kernel": session["kernel"]["name"]},
    )
    assert plan["mode"] == "rebind" and plan["stateLost"] is False
    rebound = await run_code(kernel_id, plan["code"])
    assert rebound.status == "ok", rebound
    assert "`spark` now uses compute target 'spark'" in rebound.stdout
    both = await run_code(kernel_id, "spark.range(1000).count(), answer + 1")
    assert both.status == "ok" and both.results == ["(1000, 42)"], both


async def test_unreachable_target_gives_a_clear_message(jp_fetch, run_code):
    down = await api(jp_fetch, "nbcraft", "compute", "targets", "spark-down")
    assert down["reachable"] is False
    assert "sc://127.0.0.1:9 is not reachable: cannot connect to 127.0.0.1:9" in down["detail"]
    kernel = await api(
        jp_fetch, "api", "kernels", method="POST", body={"name": "nbcraft-spark-down"}
    )
    failed = await run_code(kernel["id"], "spark.range(10).count()")
    assert failed.status == "error"
    assert failed.error[0] == "ComputeTargetUnavailable", failed
    assert "compute target 'spark-down' (sc://127.0.0.1:9) is not reachable" in failed.error[1]
    still = await run_code(kernel["id"], "6 * 7")
    assert still.status == "ok" and still.results == ["42"]


@pytest.mark.skipif(
    not EG_PYTHON.exists(),
    reason="needs .venv-eg (a Python without pyspark): run scripts/setup.d/30-compute.sh",
)
async def test_missing_pyspark_says_what_to_install(jp_fetch, run_code):
    target = await api(jp_fetch, "nbcraft", "compute", "targets", "no-pyspark")
    assert target["reachable"] is False, target["detail"]
    assert f"the Spark Connect client is incomplete in {EG_PYTHON}" in target["detail"]
    assert f"{EG_PYTHON} -m pip install 'pyspark[connect]>=4,<5'" in target["detail"]
    kernel = await api(
        jp_fetch, "api", "kernels", method="POST", body={"name": "nbcraft-no-pyspark"}
    )
    used = await run_code(kernel["id"], "spark.range(3).count()")
    assert used.status == "error" and used.error[0] == "ComputeTargetUnavailable", used
    assert "`spark` is not defined" in used.error[1]
    assert f"{EG_PYTHON} -m pip install 'pyspark[connect]>=4'" in used.error[1]


async def test_server_going_away_mid_session(jp_fetch, run_code, spark_connect):
    """Kills the module's Spark server: must stay the last test of this file."""
    kernel = await api(
        jp_fetch, "api", "kernels", method="POST", body={"name": "nbcraft-spark-fast-fail"}
    )
    kernel_id = kernel["id"]
    before = await run_code(kernel_id, "kept = [1, 2, 3]; spark.range(1000).count()")
    assert before.results == ["1000"], before

    spark_connect.kill()

    lost = await run_code(kernel_id, "spark.range(1000).count()", timeout=120)
    assert lost.status == "error", lost
    assert lost.error[0] == "ComputeTargetUnavailable", lost
    assert "is not reachable: the Spark server stopped or the network dropped" in lost.error[1]
    assert "your Python variables are kept" in lost.error[1]
    # The kernel, its variables and the Jupyter server are fine.
    after = await run_code(kernel_id, "sum(kept)")
    assert after.status == "ok" and after.results == ["6"]
    kernels = await api(jp_fetch, "api", "kernels")
    assert any(k["id"] == kernel_id and k["execution_state"] == "idle" for k in kernels)
    spark = await api(jp_fetch, "nbcraft", "compute", "targets", "spark")
    assert spark["reachable"] is False and "is not reachable" in spark["detail"]
