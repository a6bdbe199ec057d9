"""Bad input and faults: each gets a clear, located answer and no job is lost from the list.
The attacks come first: no anonymous access, no write without the `nbcraft-jobs` permission,
no notebook outside the Jupyter root."""

from __future__ import annotations

import json

import pytest
from jobs_support import api, submit, wait_for

NO_AUTH = {"Authorization": ""}


async def test_routes_refuse_anonymous_requests(jp_fetch):
    for parts, method in (
        (("nbcraft", "jobs"), "GET"),
        (("nbcraft", "jobs"), "POST"),
        (("nbcraft", "jobs", "abc123"), "GET"),
        (("nbcraft", "jobs", "abc123", "cancel"), "POST"),
        (("nbcraft", "jobs", "abc123", "output"), "GET"),
    ):
        body = "{}" if method == "POST" else None
        response = await jp_fetch(
            *parts, method=method, body=body, headers=NO_AUTH, raise_error=False
        )
        assert response.code in (401, 403), parts


async def test_post_without_xsrf_from_a_browser_session_is_refused(jp_fetch, jp_serverapp):
    """A cookie-authenticated POST (what a hostile page could make the browser send) without
    the XSRF token is refused before any job is created."""
    from tornado.httpclient import AsyncHTTPClient, HTTPRequest

    url = f"{jp_serverapp.connection_url.rstrip('/')}/nbcraft/jobs"
    request = HTTPRequest(
        url,
        method="POST",
        body='{"notebook": "train.ipynb"}',
        headers={"Cookie": "username-127-0-0-1=x"},
    )
    response = await AsyncHTTPClient().fetch(request, raise_error=False)
    assert response.code == 403
    _, listing = await api(jp_fetch, "nbcraft", "jobs")
    assert listing["total"] == 0


@pytest.mark.parametrize(
    "body, message",
    [
        ({"notebook": "missing.ipynb"}, "missing.ipynb: no such notebook"),
        ({"notebook": "binary.ipynb"}, "binary.ipynb: not a notebook (not UTF-8 text)"),
        ({"notebook": "text.ipynb"}, "text.ipynb: not a notebook (invalid JSON at line 1"),
        ({"notebook": "v3.ipynb"}, "v3.ipynb: nbformat 3 is not supported"),
        ({"notebook": "../outside.ipynb"}, "../outside.ipynb: outside the Jupyter root"),
        ({}, "`notebook` is required"),
        (
            {"notebook": "train.ipynb", "target": "nope"},
            "unknown target 'nope'; known targets: local",
        ),
        ({"notebook": "train.ipynb", "parameters": [1]}, "`parameters` must be an object"),
        ({"notebook": "train.ipynb", "timeout": -1}, "`timeout` must be a positive number"),
        ({"notebook": "train.ipynb", "timeout": float("nan")}, "`timeout` must be a positive"),
        ({"notebook": "train.ipynb", "timeout": float("inf")}, "`timeout` must be a positive"),
        # past a double: float() raised OverflowError, a 500
        ({"notebook": "train.ipynb", "timeout": 10**400}, "`timeout` must be a positive"),
        ({"notebook": "train.ipynb", "colour": "red"}, "unknown field(s): colour"),
    ],
)
async def test_bad_job_requests_are_refused_with_the_reason(jp_fetch, jobs_root, body, message):
    (jobs_root / "binary.ipynb").write_bytes(b"\x89PNG\r\n\x1a\n\x00\xff\xfe")
    (jobs_root / "text.ipynb").write_text("print('hello')\n")
    (jobs_root / "v3.ipynb").write_text('{"nbformat": 3, "nbformat_minor": 0, "cells": []}')
    code, answer = await api(
        jp_fetch, "nbcraft", "jobs", method="POST", body=body, raise_error=False
    )
    assert code == 400, answer
    assert message in answer["message"]
    _, listing = await api(jp_fetch, "nbcraft", "jobs")
    assert listing["total"] == 0


async def test_unknown_job(jp_fetch):
    for parts in (("abc123",), ("abc123", "output")):
        code, answer = await api(jp_fetch, "nbcraft", "jobs", *parts, raise_error=False)
        assert code == 404 and "no job 'abc123'" in answer["message"]


async def test_a_parameter_the_parameters_cell_does_not_define_is_refused_before_it_runs(
    jp_fetch,
):
    # papermill only warns and injects it: the job ran with the default, the typo unnoticed
    code, answer = await api(
        jp_fetch,
        "nbcraft",
        "jobs",
        method="POST",
        body={"notebook": "train.ipynb", "parameters": {"alpah": 1, "n": 3, "colour": 2}},
        raise_error=False,
    )
    assert code == 400, answer
    assert answer["message"] == (
        "train.ipynb: cell 1 (tagged `parameters`) does not define 'alpah' (did you mean "
        "'alpha'?), 'colour'; it defines: alpha, n, model. Fix the name, or assign it in that "
        "cell first"
    )
    _, listing = await api(jp_fetch, "nbcraft", "jobs")
    assert listing["total"] == 0


async def test_without_a_parameters_cell_a_parameter_is_still_a_warning(jp_fetch, jobs_root):
    # papermill's convention: injected in a new first cell, which the notebook may read
    (jobs_root / "plain.ipynb").write_text(
        json.dumps(
            {
                "cells": [
                    {
                        "cell_type": "code",
                        "metadata": {},
                        "source": "print(alpha)",
                        "outputs": [],
                        "execution_count": None,
                    }
                ],
                "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3"}},
                "nbformat": 4,
                "nbformat_minor": 4,
            }
        )
    )
    code, answer = await api(
        jp_fetch,
        "nbcraft",
        "jobs",
        method="POST",
        body={"notebook": "plain.ipynb", "parameters": {"alpha": 1}},
    )
    assert code == 201
    assert answer["warnings"] == [
        (
            "the notebook has no cell tagged `parameters`: the parameters are injected in a "
            "new first cell (tag the cell holding the defaults `parameters`)"
        )
    ]
    job = await wait_for(jp_fetch, answer["id"])
    assert job["status"] == "finished"


@pytest.mark.parametrize("tracking_uri", ["http://127.0.0.1:9"])
async def test_tracking_server_down_the_job_still_runs(jp_fetch, tracking_uri, monkeypatch):
    # The notebook's own MLflow calls give up at once instead of retrying for minutes.
    monkeypatch.setenv("MLFLOW_HTTP_REQUEST_MAX_RETRIES", "0")
    job_id = await submit(jp_fetch, notebook="work/fail.ipynb")
    job = await wait_for(jp_fetch, job_id)
    # The notebook's own start_run() cannot reach the server either: its cell 2 fails, and
    # the job says plainly that nothing was logged.
    assert job["status"] == "failed" and job["error"].startswith("cell 2: ")
    assert job["mlflow_run_id"] is None
    assert job["warnings"] == [
        (
            "not logged to MLflow: the tracking server http://127.0.0.1:9 is not reachable "
            "(Connection refused); the job ran without a run"
        )
    ]


class TestKernelDeath:
    @pytest.fixture
    def jp_server_config(self, jp_server_config):
        # The server's kernel restarter checks every 0.1 s instead of 3 s: were it left on for
        # a job's kernel, it would restart the dead kernel long before nbclient (which checks
        # every second) sees it die, and the job would wait for a reply that never comes.
        return {**jp_server_config, "KernelRestarter": {"time_to_dead": 0.1}}

    async def test_a_kernel_that_dies_mid_run_fails_the_job(self, jp_fetch, jobs_root):
        from jobs_support import notebook, write_notebook

        write_notebook(
            jobs_root / "die.ipynb", notebook("x = 1", "import os\nos._exit(1)", "y = 2")
        )
        job_id = await submit(jp_fetch, notebook="die.ipynb")
        job = await wait_for(jp_fetch, job_id, timeout=120)
        assert job["status"] == "failed"
        assert job["error"] == "the kernel died while running cell 2"


async def test_requests_and_notebooks_past_the_json_parsers_limits_are_refused(jp_fetch, jobs_root):
    """Python's JSON parser raises ``RecursionError`` for deep nesting and ``ValueError`` for an
    integer of more than 4,300 digits, past the errors the readers caught: both were a 500 with a
    traceback. Now a 400 naming the problem (and the notebook), and no job is created."""
    (jobs_root / "huge.ipynb").write_text('{"cells": [], "nbformat": 4, "x": 1' + "0" * 5000 + "}")
    (jobs_root / "deep.ipynb").write_text('{"cells": [], "metadata": ' + "[" * 100_000 + "}")
    (jobs_root / "source.ipynb").write_text(
        '{"cells": [{"cell_type": "code", "source": 5, "metadata": {}, "outputs": [],'
        ' "execution_count": null, "id": "a"}], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}'
    )
    cases = [
        ("[" * 100_000 + "]" * 100_000, "the request body is nested too deeply"),
        (
            '{"notebook": "huge.ipynb"}',
            "huge.ipynb: not a notebook (Exceeds the limit (4300 digits)",
        ),
        (
            '{"notebook": "deep.ipynb"}',
            "deep.ipynb: not a notebook (its JSON is nested too deeply)",
        ),
        ('{"notebook": "source.ipynb"}', 'source.ipynb: cell 1: "source" must be text'),
    ]
    for body, message in cases:
        response = await jp_fetch("nbcraft", "jobs", method="POST", body=body, raise_error=False)
        answer = json.loads(response.body)
        assert response.code == 400, answer
        assert message in answer["message"]
        assert "Traceback" not in response.body.decode()
    _, listing = await api(jp_fetch, "nbcraft", "jobs")
    assert listing["total"] == 0
