"""A parameterized notebook as a job on a real Spark Connect server and on a real Jupyter
Enterprise Gateway (both started by nbcraft/tests/compute/conftest.py's fixtures), with its params,
metrics, tags and output notebook in the real ``mlflow server``."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest
from jobs_support import (
    GATEWAY_JOB,
    api,
    mlflow_client,
    notebook,
    submit,
    wait_for,
    write_notebook,
)
from traitlets.config import Config

ALSO_START = ["mlflow_server"]  # started by the spark_connect fixture while Spark boots

SPARK_JOB = notebook(
    ("n = 10", ["parameters"]),
    "count = spark.range(n).count()\nprint('rows', count)",
    "import mlflow\nmlflow.log_metric('rows', count)",
)


@pytest.fixture
def spark_jobs(jp_environ, jobs_root, spark_connect, monkeypatch, trust_project):
    # see nbcraft/tests/compute/test_spark_connect.py
    monkeypatch.delenv("PYTHONPATH", raising=False)
    targets = [{"name": "spark", "kind": "spark-connect", "url": spark_connect.url}]
    (jobs_root / "nbcraft.json").write_text(json.dumps({"compute": {"targets": targets}}))
    trust_project(jobs_root)  # the user's own test project: its targets may act
    write_notebook(jobs_root / "count.ipynb", SPARK_JOB)
    return jobs_root


class TestSpark:
    @pytest.fixture
    def jp_server_config(self, jp_server_config, spark_jobs):
        # trusted before the server starts, which is when it writes the targets' kernelspecs
        return jp_server_config

    async def test_job_on_spark_connect(self, jp_fetch, spark_jobs, mlflow_server, tmp_path):
        job_id = await submit(
            jp_fetch,
            notebook="count.ipynb",
            target="spark",
            parameters={"n": 25},
            experiment="jobs-spark",
        )
        job = await wait_for(jp_fetch, job_id)
        assert job["status"] == "finished", (job["error"], job["warnings"])
        client = mlflow_client(mlflow_server)
        run = client.get_run(job["mlflow_run_id"])
        assert run.info.status == "FINISHED"
        assert run.data.params == {"n": "25"}
        assert run.data.metrics == {"rows": 25.0}  # counted by the Spark Connect server
        assert run.data.tags["nbcraft.compute_target"] == "spark"
        assert run.data.tags["nbcraft.job"] == job_id
        local = client.download_artifacts(run.info.run_id, "nbcraft/output.ipynb", str(tmp_path))
        executed = nbformat.read(local, as_version=4)
        assert executed["cells"][2]["outputs"][0]["text"] == "rows 25\n"


@pytest.fixture
def gateway_jobs(
    jp_environ, jobs_root, enterprise_gateway, monkeypatch, mlflow_server, trust_project
):
    monkeypatch.setenv("MLFLOW_TRACKING_URI", mlflow_server)
    monkeypatch.setenv("KERNEL_USERNAME", "nbcraft-test")  # EG refuses kernels for root
    monkeypatch.delenv("PYTHONPATH", raising=False)
    target = {
        "name": "eg",
        "kind": "gateway",
        "url": enterprise_gateway.url,
        "kernel": enterprise_gateway.kernel,
    }
    (jobs_root / "nbcraft.json").write_text(json.dumps({"compute": {"targets": [target]}}))
    trust_project(jobs_root)  # the user's own test project: its targets may act
    write_notebook(jobs_root / "remote.ipynb", GATEWAY_JOB)
    return jobs_root


class TestGateway:
    @pytest.fixture
    def jp_server_config(self, jp_server_config, gateway_jobs, enterprise_gateway):
        from jupyter_server.gateway.gateway_client import GatewayClient

        from nbcraft.compute.gateway import configure_gateway

        pytest.importorskip("kernels_mixer")
        GatewayClient.clear_instance()  # a process-wide singleton: no gateway for other tests
        c = Config(jp_server_config)
        configure_gateway(c, enterprise_gateway.url)
        yield c
        GatewayClient.clear_instance()

    async def test_job_on_enterprise_gateway(self, jp_fetch, mlflow_server, tmp_path):
        job_id = await submit(
            jp_fetch,
            notebook="remote.ipynb",
            target="eg",
            parameters={"x": 7},
            experiment="jobs-eg",
        )
        job = await wait_for(jp_fetch, job_id)
        assert job["status"] == "finished", (job["error"], job["warnings"])
        client = mlflow_client(mlflow_server)
        run = client.get_run(job["mlflow_run_id"])
        assert run.info.status == "FINISHED"
        assert run.data.params == {"x": "7"}
        assert run.data.metrics == {"squared": 49.0}
        assert run.data.tags["nbcraft.compute_target"] == "eg"
        local = client.download_artifacts(run.info.run_id, "nbcraft/output.ipynb", str(tmp_path))
        printed = nbformat.read(local, as_version=4)["cells"][2]["outputs"][0]["text"]
        assert printed.strip().endswith(".venv-eg")  # it ran in the gateway's Python

    async def test_where_a_lab_job_on_the_gateway_runs(
        self, jp_fetch, jobs_root, enterprise_gateway, mlflow_server
    ):
        """Evidence for docs/compute.md ("Working directory"): jupyter_server conveys the
        notebook's folder on this machine to the gateway as KERNEL_WORKING_DIR (as for any lab
        kernel of a gateway); Enterprise Gateway does not start the kernel there (a container
        kernel gets it only with EG_MIRROR_WORKING_DIRS): it runs in the gateway's own folder."""
        write_notebook(jobs_root / "sub" / "where.ipynb", WHERE_JOB)
        job_id = await submit(jp_fetch, notebook="sub/where.ipynb", target="eg")
        job = await wait_for(jp_fetch, job_id)
        assert job["status"] == "finished", (job["error"], job["warnings"])
        code, output = await api(jp_fetch, "nbcraft", "jobs", job_id, "output")
        assert code == 200
        cwd, kernel_working_dir = output["cells"][0]["outputs"][0]["text"].split()
        assert Path(kernel_working_dir) == (jobs_root / "sub").resolve()
        assert Path(cwd) == enterprise_gateway.log.parent

    async def test_a_target_of_another_gateway_is_not_sent_to_the_servers_gateway(
        self, jp_fetch, jobs_root, enterprise_gateway, trust_project
    ):
        """kernels-mixer routes by kernel name to the server's one gateway: a target of
        another gateway serving a kernel of the same name must not start it there (with this
        gateway's token): the job fails and says why, and the gateway starts no kernel."""
        import asyncio

        import requests

        def kernels() -> list:
            return requests.get(f"{enterprise_gateway.url}/api/kernels", timeout=10).json()

        config = json.loads((jobs_root / "nbcraft.json").read_text())
        elsewhere = {
            **config["compute"]["targets"][0],
            "name": "other",
            "url": "http://127.0.0.1:9",
        }
        config["compute"]["targets"].append(elsewhere)
        (jobs_root / "nbcraft.json").write_text(json.dumps(config))
        trust_project(jobs_root)
        before = await asyncio.to_thread(kernels)
        job_id = await submit(jp_fetch, notebook="remote.ipynb", target="other")
        job = await wait_for(jp_fetch, job_id)
        assert job["status"] == "failed"
        assert f"this Jupyter server's gateway is {enterprise_gateway.url}" in job["error"]
        assert "not http://127.0.0.1:9" in job["error"]
        assert len(await asyncio.to_thread(kernels)) == len(before)


class TestGatewayWithToken:
    """The lab's gateway asks for a token (``configure_gateway(c, url, auth_token=...)``): a
    job's kernel is started with it and its websocket, which nbclient opens through
    jupyter_server's gateway kernel client, carries it too."""

    @pytest.fixture
    def gateway_jobs(self, jp_environ, jobs_root, gateway_pair, monkeypatch, mlflow_server):
        monkeypatch.setenv("MLFLOW_TRACKING_URI", mlflow_server)
        monkeypatch.setenv("KERNEL_USERNAME", "nbcraft-test")  # EG refuses kernels for root
        monkeypatch.delenv("PYTHONPATH", raising=False)
        write_notebook(jobs_root / "remote.ipynb", GATEWAY_JOB)
        return jobs_root

    @pytest.fixture
    def jp_server_config(self, jp_server_config, gateway_jobs, gateway_pair):
        from jupyter_server.gateway.gateway_client import GatewayClient

        from nbcraft.compute.gateway import configure_gateway

        pytest.importorskip("kernels_mixer")
        gateway, _ = gateway_pair
        GatewayClient.clear_instance()
        c = Config(jp_server_config)
        configure_gateway(c, gateway.url, auth_token=gateway.token)
        target = {"name": "eg", "kind": "gateway", "url": gateway.url, "kernel": gateway.kernel}
        c.NbcraftCompute.targets = [target]
        yield c
        GatewayClient.clear_instance()

    async def test_a_job_on_a_gateway_with_a_token(self, jp_fetch, mlflow_server):
        job_id = await submit(jp_fetch, notebook="remote.ipynb", target="eg", parameters={"x": 3})
        job = await wait_for(jp_fetch, job_id)
        assert job["status"] == "finished", (job["error"], job["warnings"])
        run = mlflow_client(mlflow_server).get_run(job["mlflow_run_id"])
        assert run.data.metrics == {"squared": 9.0}


WHERE_JOB = notebook("import os\nprint(os.getcwd(), os.environ.get('KERNEL_WORKING_DIR', '-'))")


PROBE_JOB = notebook(
    ("x = 2", ["parameters"]),
    "import os\n"
    "print(os.environ.get('MLFLOW_TRACKING_URI'), 'MLFLOW_TRACKING_PASSWORD' in os.environ,\n"
    "      os.environ.get('MLFLOW_RUN_ID') is not None)",
)


PASSWORD = "not-for-the-cluster-" + "5f0c9e2a7d41"


class TestGatewayOnAnotherHost:
    """A real Enterprise Gateway reached at this host's network address, standing in for a
    gateway on another host, while the tracking server is on loopback (here the test's
    ``mlflow server``; the embedded one is on 127.0.0.1 too): the job runs and is logged by
    the Jupyter server, but its kernel gets neither the tracking URI (not from GatewayClient,
    not from the job's set-up code) nor the password, and the job says why."""

    @pytest.fixture
    def jp_server_config(
        self, jp_server_config, jp_environ, jobs_root, network_enterprise_gateway, monkeypatch,
        mlflow_server, trust_project,
    ):  # fmt: skip
        from jupyter_server.gateway.gateway_client import GatewayClient

        from nbcraft.compute.gateway import configure_gateway

        pytest.importorskip("kernels_mixer")
        monkeypatch.setenv("MLFLOW_TRACKING_URI", mlflow_server)
        monkeypatch.setenv("MLFLOW_TRACKING_USERNAME", "nbcraft")  # (the server has no auth)
        monkeypatch.setenv("MLFLOW_TRACKING_PASSWORD", PASSWORD)
        monkeypatch.setenv("KERNEL_USERNAME", "nbcraft-test")  # EG refuses kernels for root
        monkeypatch.delenv("PYTHONPATH", raising=False)
        url = network_enterprise_gateway.url
        target = {"name": "eg", "kind": "gateway", "url": url, "kernel": "eg-python"}
        (jobs_root / "nbcraft.json").write_text(json.dumps({"compute": {"targets": [target]}}))
        trust_project(jobs_root)
        write_notebook(jobs_root / "probe.ipynb", PROBE_JOB)
        GatewayClient.clear_instance()
        c = Config(jp_server_config)
        configure_gateway(c, url)
        yield c
        GatewayClient.clear_instance()

    async def test_the_job_kernel_gets_no_loopback_tracking_uri(
        self, jp_fetch, mlflow_server, caplog
    ):
        job_id = await submit(jp_fetch, notebook="probe.ipynb", target="eg")
        job = await wait_for(jp_fetch, job_id)
        assert job["status"] == "finished", (job["error"], job["warnings"])
        output = await jp_fetch("nbcraft", "jobs", job_id, "output")
        printed = nbformat.reads(output.body.decode(), as_version=4)["cells"][-1]["outputs"]
        assert printed[0]["text"] == "None False True\n"  # no URI, no password, the run id
        assert any("get neither its URI nor its credentials" in w for w in job["warnings"]), job
        run = mlflow_client(mlflow_server).get_run(job["mlflow_run_id"])
        assert run.info.status == "FINISHED"  # logged by the Jupyter server, which reaches it
        # jupyter_server logs each gateway kernel start's arguments: not the job's whole env.
        assert "GatewayKernelManager started kernel" in caplog.text
        assert PASSWORD not in caplog.text
