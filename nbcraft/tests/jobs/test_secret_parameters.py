"""A job's secret parameters reach its kernel, and never the browser or the job store: ``GET
/nbcraft/jobs`` returned them in clear on every poll, and ``jobs.db`` kept them. Jobs are not
resumed after a restart, so only the server's memory holds the real values, while the job is
queued or running. Real parts: a Jupyter server, its kernel, SQLite, the session's mlflow."""

from __future__ import annotations

import json
import logging

from jobs_support import api, mlflow_client, notebook, submit, wait_for, write_notebook

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


FAILING = notebook(
    ("db_password = ''\ndb_url = ''\nrows = 1", ["parameters"]),
    "print('connecting to', db_url)",
    "int(db_password)",  # ValueError: invalid literal for int() with base 10: '<the password>'
)


async def test_error_text_does_not_repeat_a_secret(jp_fetch, mlflow_server, jobs_root):
    """An exception that quotes a secret parameter's value (the second review's probe): its
    error line, traceback and the kept notebook's outputs reached the Jobs panel, jobs.db, the
    MLflow tag nbcraft.job.error and the output route with the real value."""
    write_notebook(jobs_root / "err.ipynb", FAILING)
    given = {"db_password": PASSWORD, "db_url": URL, "rows": 2}
    job_id = await submit(jp_fetch, notebook="err.ipynb", parameters=given)
    job = await wait_for(jp_fetch, job_id)
    assert job["status"] == "failed"
    assert job["error"] == (
        "cell 3: ValueError: invalid literal for int() with base 10: '<redacted>'"
    )
    assert "<redacted>" in job["progress"]["traceback"]
    _, output = await api(jp_fetch, "nbcraft", "jobs", job_id, "output")
    # the URL's password cut out of the print too, the rest of it kept
    assert output["cells"][2]["outputs"][0]["text"] == (
        "connecting to postgresql://admin:<redacted>@db.internal/sales\n"
    )
    assert output["cells"][3]["outputs"][0]["evalue"].endswith("'<redacted>'")
    for answer in (job, output):
        assert PASSWORD not in json.dumps(answer)
    stored = b"".join(p.read_bytes() for p in (jobs_root / ".nbcraft").glob("jobs.db*"))
    kept = (jobs_root / ".nbcraft" / "jobs" / job_id / "output.ipynb").read_text()
    assert stored and PASSWORD.encode() not in stored and PASSWORD not in kept
    assert "<redacted>" in kept
    run = mlflow_client(mlflow_server).get_run(job["mlflow_run_id"])
    assert run.data.tags["nbcraft.job.error"] == job["error"]
    assert not [k for k, v in run.data.tags.items() if PASSWORD in v]


async def test_the_server_log_at_debug_has_no_secret(jp_fetch, mlflow_server, jobs_root, caplog):
    """nbclient logs each cell's source and execute request at DEBUG: with the server's log,
    the injected cell's real values went to the server log of a server run with --debug."""
    caplog.set_level(logging.DEBUG)
    write_notebook(jobs_root / "secret.ipynb", SECRET)
    given = {"db_password": PASSWORD, "db_url": URL, "rows": 3}
    job_id = await submit(jp_fetch, notebook="secret.ipynb", parameters=given)
    job = await wait_for(jp_fetch, job_id)
    assert job["status"] == "finished", job["error"]
    assert PASSWORD not in caplog.text
    assert "time.sleep(1.5)" not in caplog.text  # (nbclient's debug lines are gone)


async def test_a_nan_parameter_is_refused_without_the_secret(jp_fetch, mlflow_server, jobs_root):
    """NaN is not equal to itself: compared with ``!=`` to its redacted form, a NaN parameter
    was named secret. A NaN parameter is now refused (strict JSON would show and re-run it as
    the string "NaN"; test_routes_strict_json.py): the answer names it, not the secret beside it
    (an older row's "NaN" is no secret either: test_store_nan_rows.py)."""
    given = {"db_password": PASSWORD, "lr": float("nan")}
    code, answer = await api(jp_fetch, "nbcraft", "jobs", method="POST", raise_error=False,
                             body={"notebook": "train.ipynb", "parameters": given})  # fmt: skip
    assert code == 400 and answer["message"].startswith("`parameters`: lr holds NaN"), answer
    assert PASSWORD not in json.dumps(answer)
    _, listing = await api(jp_fetch, "nbcraft", "jobs")
    assert listing["total"] == 0


async def test_a_job_s_secret_strings_are_worked_out_once(
    jp_fetch, mlflow_server, jobs_root, monkeypatch
):
    """The service worked out the secret strings at each use (the outcome scrubbed twice, the
    kept notebook, every poll of a running job): once per job now, kept with its parameters,
    and everything still scrubbed."""
    from nbcraft.jobs import scrub

    counted: list[dict] = []
    real = scrub.secret_strings

    def secret_strings(parameters, shown):
        counted.append(parameters)
        return real(parameters, shown)

    monkeypatch.setattr(scrub, "secret_strings", secret_strings)
    write_notebook(jobs_root / "err.ipynb", FAILING)
    given = {"db_password": PASSWORD, "db_url": URL, "rows": 2}
    job_id = await submit(jp_fetch, notebook="err.ipynb", parameters=given)
    await wait_for(jp_fetch, job_id, until=lambda j: j["status"] != "queued")
    _, listing = await api(jp_fetch, "nbcraft", "jobs")
    job = await wait_for(jp_fetch, job_id)
    assert job["status"] == "failed"
    assert job["error"].endswith("'<redacted>'")
    assert PASSWORD not in json.dumps([job, listing])
    assert counted == [given]
