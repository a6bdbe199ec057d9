"""A job's secret parameters reach its kernel, and never the browser or the job store: ``GET
/nbcraft/jobs`` returned them in clear on every poll, and ``jobs.db`` kept them. Jobs are not
resumed after a restart, so only the server's memory holds the real values, while the job is
queued or running. Real parts: a Jupyter server, its kernel, SQLite, the session's mlflow."""

from __future__ import annotations

import json

from jobs_support import api, notebook, submit, wait_for, write_notebook

PASSWORD = "hunter2-" + "x" * 8
URL = f"postgresql://admin:{PASSWORD}@db.internal/sales"

SECRET = notebook(
    ("db_password = ''\ndb_url = ''\nrows = 1", ["parameters"]),
    "print(db_password.upper(), db_url.upper(), rows)",  # (the real values, not as typed)
    "import time\ntime.sleep(1.5)",
)


async def test_secret_parameters_stay_on_the_server(jp_fetch, mlflow_server, jobs_root):
    write_notebook(jobs_root / "secret.ipynb", SECRET)
    given = {"db_password": PASSWORD, "db_url": URL, "rows": 3}
    job_id = await submit(jp_fetch, notebook="secret.ipynb", parameters=given)
    running = await wait_for(jp_fetch, job_id, until=lambda j: j["status"] == "running")
    _, listing = await api(jp_fetch, "nbcraft", "jobs")
    _, output = await api(jp_fetch, "nbcraft", "jobs", job_id, "output")
    job = await wait_for(jp_fetch, job_id)
    assert job["status"] == "finished", job["error"]
    for answer in (running, listing, output, job):
        assert PASSWORD not in json.dumps(answer)
    assert job["parameters"] == {
        "db_password": "<redacted>",
        "db_url": "postgresql://admin:<redacted>@db.internal/sales",
        "rows": 3,
    }
    assert job["secret_parameters"] == ["db_password", "db_url"]
    _, output = await api(jp_fetch, "nbcraft", "jobs", job_id, "output")
    # the kernel had the real values
    assert output["cells"][2]["outputs"][0]["text"] == f"{PASSWORD.upper()} {URL.upper()} 3\n"
    stored = b"".join(p.read_bytes() for p in (jobs_root / ".nbcraft").glob("jobs.db*"))
    assert stored and job_id.encode() in stored and PASSWORD.encode() not in stored
