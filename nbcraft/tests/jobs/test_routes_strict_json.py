"""Every nbcraft route answers strict JSON (``write_json``): a job submitted by a script with a
NaN parameter (Python's ``json`` sends ``NaN``; papermill injects ``float('nan')``) was
answered on every poll of ``GET /nbcraft/jobs`` with a bare ``NaN``, which the browser's
``JSON.parse`` rejects: the lab's whole Jobs list failed while it ran. A non-finite number is
now written as MLflow's REST API writes a double (``"NaN"``, ``"Infinity"``), and the job still
runs with the real value. Real parts: a Jupyter server, its kernel, the session's mlflow."""

from __future__ import annotations

import json

from jobs_support import api, notebook, submit, wait_for, write_notebook

NAN = notebook(
    ("lr = 0.1\nbound = 0.0", ["parameters"]),
    "print(lr, bound)",
    "import time\ntime.sleep(1.5)",
)


def _strict(body: bytes):
    def refuse(word):
        raise ValueError(f"{word} in the answer")

    return json.loads(body, parse_constant=refuse)


async def test_a_nan_parameter_is_answered_as_strict_json(jp_fetch, jobs_root):
    write_notebook(jobs_root / "nan.ipynb", NAN)
    job_id = await submit(jp_fetch, notebook="nan.ipynb",
                          parameters={"lr": float("nan"), "bound": float("-inf")})  # fmt: skip
    shown = {"lr": "NaN", "bound": "-Infinity"}
    # while it is queued or running (the server's memory holds the real values)
    listing = _strict((await jp_fetch("nbcraft", "jobs")).body)
    (listed,) = [job for job in listing["jobs"] if job["id"] == job_id]
    assert listed["parameters"] == shown
    assert _strict((await jp_fetch("nbcraft", "jobs", job_id)).body)["parameters"] == shown

    job = await wait_for(jp_fetch, job_id)
    assert job["status"] == "finished", job["error"]
    done = _strict((await jp_fetch("nbcraft", "jobs", job_id)).body)
    assert done["parameters"] == shown and done["status"] == "finished"
    output = _strict((await jp_fetch("nbcraft", "jobs", job_id, "output")).body)
    assert output["cells"][2]["outputs"][0]["text"] == "nan -inf\n"  # the real values ran
    _, listing = await api(jp_fetch, "nbcraft", "jobs")
    assert [j["status"] for j in listing["jobs"] if j["id"] == job_id] == ["finished"]


async def test_a_nan_beside_deep_nesting_is_a_400(jp_fetch, jobs_root):
    """Writing the NaN as ``"NaN"`` walked the value in Python, two frames a level: a
    parameter nested 600 deep beside a NaN was a 500 with a trace in the log. It is a 400 that
    says why, and nothing is stored."""
    deep = "[" * 600 + "]" * 600
    for lr in ("NaN", "0.1"):
        body = f'{{"notebook": "train.ipynb", "parameters": {{"lr": {lr}, "grid": {deep}}}}}'
        code, answer = await api(jp_fetch, "nbcraft", "jobs", method="POST", raise_error=False,
                                 body=json.loads(body))  # fmt: skip
        assert code == 400, answer
        assert answer["message"] == "`parameters` are nested too deeply"
    assert _strict((await jp_fetch("nbcraft", "jobs")).body)["total"] == 0
