"""Every nbcraft route answers strict JSON (``write_json``): a job submitted by a script with a
NaN parameter (Python's ``json`` sends ``NaN``; papermill injects ``float('nan')``) was
answered on every poll of ``GET /nbcraft/jobs`` with a bare ``NaN``, which the browser's
``JSON.parse`` rejects: the lab's whole Jobs list failed while it ran. Written as MLflow writes
a double (``"NaN"``), it was shown and run again as a string: such a job is now refused with
the reason. Real parts: a Jupyter server, its kernel, the session's mlflow."""

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


async def test_a_nan_parameter_is_refused_with_the_reason(jp_fetch, jobs_root):
    """A job a script submitted with a NaN parameter (Python's ``json`` sends ``NaN``) ran with
    ``float('nan')`` but was shown, and run again from the lab, as the string ``"NaN"``
    (strict JSON has no such number). It is refused, naming the parameters; nothing stored."""
    write_notebook(jobs_root / "nan.ipynb", NAN)
    body = json.dumps({"notebook": "nan.ipynb", "parameters": {"lr": float("nan"),
                       "ok": 1, "bound": [1.0, {"x": float("-inf")}]}})  # fmt: skip
    response = await jp_fetch("nbcraft", "jobs", method="POST", body=body, raise_error=False)
    assert response.code == 400
    answer = _strict(response.body)
    assert answer["message"].startswith("`parameters`: lr, bound holds NaN or Infinity"), answer
    assert _strict((await jp_fetch("nbcraft", "jobs")).body)["total"] == 0


async def test_a_finite_job_is_answered_as_strict_json_and_runs(jp_fetch, jobs_root):
    write_notebook(jobs_root / "nan.ipynb", NAN)
    job_id = await submit(jp_fetch, notebook="nan.ipynb", parameters={"lr": 1e308, "bound": -2})
    job = await wait_for(jp_fetch, job_id)
    assert job["status"] == "finished", job["error"]
    output = _strict((await jp_fetch("nbcraft", "jobs", job_id, "output")).body)
    assert output["cells"][2]["outputs"][0]["text"] == "1e+308 -2\n"
    _, listing = await api(jp_fetch, "nbcraft", "jobs")
    assert [j["status"] for j in listing["jobs"] if j["id"] == job_id] == ["finished"]


async def test_a_nan_beside_deep_nesting_is_a_400(jp_fetch, jobs_root):
    """Writing the NaN as ``"NaN"`` walked the value in Python, two frames a level: a
    parameter nested 600 deep beside a NaN was a 500 with a trace in the log. It is a 400 that
    says why, and nothing is stored."""
    deep = "[" * 600 + "]" * 600
    # (its parameters cell defines both: a name it does not define is refused first)
    write_notebook(jobs_root / "grid.ipynb", notebook(("lr = 0.1\ngrid = []", ["parameters"])))
    for lr, message in (("NaN", "`parameters`: lr holds NaN"), ("0.1", "`parameters` are nested")):
        body = f'{{"notebook": "grid.ipynb", "parameters": {{"lr": {lr}, "grid": {deep}}}}}'
        code, answer = await api(jp_fetch, "nbcraft", "jobs", method="POST", raise_error=False,
                                 body=json.loads(body))  # fmt: skip
        assert code == 400, answer
        assert answer["message"].startswith(message), answer
    assert _strict((await jp_fetch("nbcraft", "jobs")).body)["total"] == 0
