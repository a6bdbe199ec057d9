"""A job on a ``databricks-connect`` target runs on the cluster as a one-time run.

Databricks cannot run here: ``FakeDatabricks`` below is a FAKE of the Databricks REST API, a
small HTTP server on loopback that checks each request against the documented API
(workspace/mkdirs, workspace/import, workspace/delete, jobs/runs/submit, jobs/runs/get, jobs/runs/get-output,
jobs/runs/export, jobs/runs/cancel: https://docs.databricks.com/api/workspace/jobs) and answers
as Databricks does. Everything else is real: the Jupyter server, the job service, the ``mlflow server``.
"""

from __future__ import annotations

import base64
import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from jobs_support import api, mlflow_client, notebook, submit, wait_for, write_notebook

from nbcraft.jobs.databricks import DatabricksExecution

TOKEN = "dapi-fake-token-never-shown"
CLUSTER = "0123-456789-abcdefgh"


class FakeDatabricks:
    """Checks requests against the documented API; a run of a notebook whose injected
    parameters hold ``fail = True`` fails like a cell raising on the cluster."""

    def __init__(self):
        self.requests: list[dict] = []
        self.problems: list[str] = []
        self.workspace: dict[str, dict] = {}
        self.runs: dict[int, dict] = {}
        self.export_broken = False  # runs/export answers an error, as for a purged run
        self.delete_answer: str | None = None  # workspace/delete answers a 500 saying this
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def answer(self, code, body):
                data = json.dumps(body).encode()
                self.send_response(code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def handle_any(self):
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                url = urlsplit(self.path)
                entry = {"method": self.command, "path": url.path, "query": parse_qs(url.query)}
                entry["body"] = json.loads(raw) if raw else None
                fake.requests.append(entry)
                if self.headers.get("Authorization") != f"Bearer {TOKEN}":
                    return self.answer(
                        401, {"error_code": "UNAUTHENTICATED", "message": "bad token"}
                    )
                try:
                    code, body = fake.route(entry)
                except AssertionError as problem:
                    fake.problems.append(f"{entry['method']} {entry['path']}: {problem}")
                    code, body = (
                        400,
                        {"error_code": "INVALID_PARAMETER_VALUE", "message": str(problem)},
                    )
                self.answer(code, body)

            do_GET = do_POST = handle_any

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def route(self, r):
        method, path, body, query = r["method"], r["path"], r["body"], r["query"]
        if (method, path) == ("POST", "/api/2.0/workspace/mkdirs"):
            assert set(body) == {"path"} and body["path"].startswith("/"), "path: absolute"
            return 200, {}
        if (method, path) == ("POST", "/api/2.0/workspace/import"):
            assert body["path"].startswith("/"), "path must be absolute"
            assert body["format"] in ("SOURCE", "HTML", "JUPYTER", "DBC", "R_MARKDOWN", "AUTO")
            assert "language" not in body or body["format"] == "SOURCE"
            nb = json.loads(base64.b64decode(body["content"]))
            assert nb["nbformat"] == 4 and isinstance(nb["cells"], list), "content: a notebook"
            self.workspace[body["path"]] = nb
            return 200, {}
        if (method, path) == ("POST", "/api/2.0/workspace/delete"):
            assert set(body) <= {"path", "recursive"} and body["path"].startswith("/")
            if self.delete_answer is not None:
                return 500, {"error_code": "INTERNAL_ERROR", "message": self.delete_answer}
            if body["path"] not in self.workspace:
                return 404, {"error_code": "RESOURCE_DOES_NOT_EXIST", "message": "no such path"}
            del self.workspace[body["path"]]
            return 200, {}
        if (method, path) == ("POST", "/api/2.1/jobs/runs/submit"):
            assert isinstance(body.get("tasks"), list) and len(body["tasks"]) == 1
            task = body["tasks"][0]
            assert re.fullmatch(r"[\w\-.]{1,100}", task["task_key"]), "task_key"
            nt = task["notebook_task"]
            assert nt["notebook_path"] in self.workspace, "notebook_path: not imported"
            assert nt.get("source", "WORKSPACE") in ("WORKSPACE", "GIT")
            assert all(isinstance(v, str) for v in nt.get("base_parameters", {}).values()), (
                "base_parameters: string values"
            )
            assert ("existing_cluster_id" in task) != ("new_cluster" in task), "one cluster"
            run_id = 1000 + len(self.runs)
            nb = self.workspace[nt["notebook_path"]]
            source = "".join("".join(c["source"]) for c in nb["cells"])
            self.runs[run_id] = {
                "polls": 0, "fail": "fail = True" in source, "task": 5000 + run_id, "source": source
            }  # fmt: skip
            return 200, {"run_id": run_id}
        if (method, path) == ("GET", "/api/2.1/jobs/runs/get"):
            run = self.runs[int(query["run_id"][0])]
            run["polls"] += 1
            life = ["PENDING", "RUNNING", "TERMINATED"][min(run["polls"] - 1, 2)]
            if run.get("cancelled"):
                life = "TERMINATED"
            state = {"life_cycle_state": life, "state_message": ""}
            if life == "TERMINATED":
                state["result_state"] = (
                    "CANCELED" if run.get("cancelled") else "FAILED" if run["fail"] else "SUCCESS"
                )
            return 200, {
                "run_id": int(query["run_id"][0]),
                "state": state,
                "run_page_url": f"{self.url}/#job/runs/{query['run_id'][0]}",
                "tasks": [{"run_id": run["task"], "task_key": "notebook"}],
            }
        if (method, path) == ("GET", "/api/2.1/jobs/runs/get-output"):
            task = int(query["run_id"][0])
            run = next(r for r in self.runs.values() if r["task"] == task)
            if run["fail"]:
                return 200, {
                    "error": "ValueError: bad input on the cluster",
                    "error_trace": "Traceback ...",
                }
            return 200, {"notebook_output": {}}
        if (method, path) == ("GET", "/api/2.1/jobs/runs/export"):
            # Documented: run_id (a task's run) and views_to_export (CODE|DASHBOARDS|ALL);
            # the answer is {views: [{content (HTML), name, type: NOTEBOOK|DASHBOARD}]}.
            assert set(query) <= {"run_id", "views_to_export"}, f"unknown query {sorted(query)}"
            assert query.get("views_to_export", ["CODE"])[0] in ("CODE", "DASHBOARDS", "ALL")
            task = int(query["run_id"][0])
            run = next((r for r in self.runs.values() if r["task"] == task), None)
            assert run is not None, "run_id: not the run of a task"
            if self.export_broken:
                return 400, {"error_code": "INVALID_STATE", "message": "run output was purged"}
            outcome = "ValueError: bad input on the cluster" if run["fail"] else "done"
            html = (  # as Databricks renders it: the cells' code, the injected values too
                f"<html><body><h1>executed on the cluster</h1><pre>{run['source']}</pre>"
                f"<p>{outcome}</p></body></html>"
            )
            return 200, {"views": [{"content": html, "name": "train", "type": "NOTEBOOK"}]}
        if (method, path) == ("POST", "/api/2.1/jobs/runs/cancel"):
            self.runs[int(body["run_id"])]["cancelled"] = True
            return 200, {}
        raise AssertionError("not a Databricks API the job service should call")

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def fake_databricks(jp_environ, jobs_root, tmp_path, monkeypatch, trust_project):
    fake = FakeDatabricks()
    cfg = tmp_path / "databrickscfg"
    cfg.write_text(f"[fake]\nhost = {fake.url}\ntoken = {TOKEN}\n")
    monkeypatch.setenv("DATABRICKS_CONFIG_FILE", str(cfg))
    monkeypatch.setattr(DatabricksExecution, "poll_interval", 0.05)
    target = {"name": "dbx", "kind": "databricks-connect", "profile": "fake", "clusterId": CLUSTER}
    (jobs_root / "nbcraft.json").write_text(json.dumps({"compute": {"targets": [target]}}))
    trust_project(jobs_root)  # the user's own test project: its targets may act
    # its parameters cell defines every name these tests pass (an undefined one is refused)
    defaults = "alpha = 0.5\nmodel = 'tree'\nfail = False\ndb_password = ''\na = 0"
    write_notebook(jobs_root / "dbx.ipynb", notebook((defaults, ["parameters"]), "print(model)"))
    yield fake
    fake.close()


async def test_job_on_databricks_runs_on_the_cluster(
    jp_fetch, fake_databricks, mlflow_server, tmp_path
):
    job_id = await submit(
        jp_fetch, notebook="dbx.ipynb", target="dbx", parameters={"alpha": 0.1, "model": "gbt"}
    )
    job = await wait_for(jp_fetch, job_id)
    assert job["status"] == "finished", (job["error"], job["warnings"])
    assert fake_databricks.problems == []
    calls = [(r["method"], r["path"]) for r in fake_databricks.requests]
    assert calls[:3] == [
        ("POST", "/api/2.0/workspace/mkdirs"),
        ("POST", "/api/2.0/workspace/import"),
        ("POST", "/api/2.1/jobs/runs/submit"),
    ]
    assert calls[-3:] == [
        ("GET", "/api/2.1/jobs/runs/get"),
        ("GET", "/api/2.1/jobs/runs/export"),
        ("POST", "/api/2.0/workspace/delete"),  # the imported copy, injected values and all
    ]
    assert fake_databricks.workspace == {}
    submitted = fake_databricks.requests[2]["body"]["tasks"][0]
    assert submitted["existing_cluster_id"] == CLUSTER
    assert submitted["notebook_task"]["base_parameters"] == {"alpha": "0.1", "model": "gbt"}
    imported = json.loads(base64.b64decode(fake_databricks.requests[1]["body"]["content"]))
    sources = ["".join(c["source"]) for c in imported["cells"]]
    assert f'"MLFLOW_RUN_ID": "{job["mlflow_run_id"]}"' in sources[0]  # the set-up cell
    assert "alpha = 0.1" in sources[2]  # papermill's injected parameters, after `parameters`

    client = mlflow_client(mlflow_server)
    run = client.get_run(job["mlflow_run_id"])
    assert run.info.status == "FINISHED"
    assert run.data.tags["nbcraft.compute_target"] == "dbx"
    assert run.data.params == {"alpha": "0.1", "model": "gbt"}
    # The executed notebook came back as Databricks exports a run: HTML, logged as such
    # (no nbcraft/output.ipynb, which would be the notebook before it ran).
    export = fake_databricks.requests[-2]["query"]
    assert export == {"run_id": ["6000"], "views_to_export": ["CODE"]}  # the task's run
    assert job["output_artifact"] == "nbcraft/output.html"
    logged = [a.path for a in client.list_artifacts(run.info.run_id, "nbcraft")]
    # and the notebook as submitted, which provenance records for every job's run (issue 14)
    assert logged == ["nbcraft/notebook.ipynb", "nbcraft/output.html"]
    html = client.download_artifacts(run.info.run_id, "nbcraft/output.html", str(tmp_path))
    assert "executed on the cluster" in Path(html).read_text(encoding="utf-8")


async def test_failed_cluster_run_says_why(jp_fetch, fake_databricks, mlflow_server):
    fake_databricks.export_broken = True
    job_id = await submit(jp_fetch, notebook="dbx.ipynb", target="dbx", parameters={"fail": True})
    job = await wait_for(jp_fetch, job_id)
    assert job["status"] == "failed"
    assert job["error"] == "on the cluster: ValueError: bad input on the cluster"
    client = mlflow_client(mlflow_server)
    assert client.get_run(job["mlflow_run_id"]).info.status == "FAILED"
    # No executed notebook to be had: the job says so, and logs no stand-in.
    assert job["output_artifact"] is None
    why = "GET /api/2.1/jobs/runs/export: 400 run output was purged"
    assert job["warnings"][-1] == (
        f"the executed notebook could not be brought back from Databricks: {why}"
    )
    logged = [a.path for a in client.list_artifacts(job["mlflow_run_id"], "nbcraft")]
    assert logged == ["nbcraft/notebook.ipynb"]  # provenance's snapshot; no output came back
    # The token went to the workspace only, and never into what Jupyter answers.
    _, listing = await api(jp_fetch, "nbcraft", "jobs")
    assert TOKEN not in json.dumps(listing)


async def test_a_databricks_job_with_a_secret_parameter_logs_no_html(
    jp_fetch, fake_databricks, mlflow_server, jobs_root
):
    """Databricks' HTML export shows the injected cell as it ran, the password in clear:
    nbcraft does not log or keep it for such a job, and says why; the imported notebook is
    deleted from the workspace after the run (main and the branch left it there)."""
    password = "hunter2-on-the-cluster"
    job_id = await submit(
        jp_fetch, notebook="dbx.ipynb", target="dbx", parameters={"db_password": password}
    )
    job = await wait_for(jp_fetch, job_id)
    assert job["status"] == "finished", (job["error"], job["warnings"])
    assert fake_databricks.requests[-1]["path"] == "/api/2.0/workspace/delete"
    assert fake_databricks.workspace == {}
    assert job["output_artifact"] is None
    assert "not logged: it shows the injected values of db_password" in job["warnings"][-1]
    client = mlflow_client(mlflow_server)
    logged = [a.path for a in client.list_artifacts(job["mlflow_run_id"], "nbcraft")]
    assert logged == ["nbcraft/notebook.ipynb"]
    kept = [p for p in (jobs_root / ".nbcraft").rglob("*") if p.is_file()]
    assert not any(password.encode() in p.read_bytes() for p in kept)


async def test_a_workspace_delete_error_is_scrubbed_in_the_warning(
    jp_fetch, fake_databricks, mlflow_server
):
    """A second review of s15: the warning that the imported copy was not deleted carried the
    workspace's error as it was (only the secret parameters' values scrubbed): a proxy's URL
    with its password, an Authorization value. It now goes through ``safe_line``."""
    fake_databricks.delete_answer = (
        "proxy https://alice:pr0xyPW@proxy.corp:3128 refused; "
        "Authorization: Bearer dapiSECRET123456"
    )
    job_id = await submit(jp_fetch, notebook="dbx.ipynb", target="dbx", parameters={"a": 1})
    job = await wait_for(jp_fetch, job_id)
    assert job["status"] == "finished", (job["error"], job["warnings"])
    left = [w for w in job["warnings"] if "was not deleted from the workspace" in w]
    assert len(left) == 1, job["warnings"]
    assert "pr0xyPW" not in left[0] and "dapiSECRET123456" not in left[0], left[0]
    assert "proxy.corp:3128 refused" in left[0]
