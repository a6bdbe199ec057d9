"""``nbcraft.tracking.proxy`` without tornado's request handling: the route's work called
directly, with the service the real server extension built, against a real ``mlflow server``
(SQLite, 127.0.0.1)."""

from __future__ import annotations

import json
from urllib.parse import urlencode

import pytest

from nbcraft.tracking.proxy import ProxyAnswer, ProxyRequest, forward, json_body
from nbcraft.tracking.upstream import Problem, _mlflow_error


@pytest.fixture
def tracking_config(seeded):
    return {"uri": seeded["uri"]}


@pytest.fixture
def service(jp_serverapp):
    return jp_serverapp.web_app.settings["nbcraft_tracking"]


@pytest.mark.parametrize(
    ("body", "status", "reason"),
    [
        (b"x" * 2000, 413, "too-large"),
        (b"{not json", 400, "bad-request"),
        (b"[1, 2]", 400, "bad-request"),
        (b"\xff\xfe", 400, "bad-request"),
    ],
)
def test_json_body_refuses_what_is_no_json_object(body, status, reason):
    problem = json_body(body, 1000)
    assert isinstance(problem, Problem)
    assert (problem.status, problem.reason) == (status, reason)


def test_json_body_refuses_deep_nesting_with_a_400_not_a_500():
    # Python's json decoder raises RecursionError, not ValueError, on deep nesting
    problem = json_body(b'{"a": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", 10**7)
    assert isinstance(problem, Problem)
    assert problem.status == 400
    assert "nested too deeply" in problem.message


def test_an_upstream_error_body_nested_too_deeply_is_ignored_not_raised():
    # a hostile or broken tracking server's error body
    assert _mlflow_error(b"[" * 100_000, []) == ("", "")


def test_json_body_re_encodes_the_object():
    assert json.loads(json_body(b' {"max_results": 5} ', 1000)) == {"max_results": 5}
    assert json_body(b"", 1000) == b"{}"


@pytest.mark.parametrize(
    "raw_path",
    ["api/2.0/mlflow/runs/delete", "api/2.0/mlflow/%2e%2e/admin", "../../api/contents"],
)
async def test_paths_off_the_allow_list_are_refused_before_any_upstream_call(
    service, raw_path, seeded
):
    answer = await forward(service, ProxyRequest("GET", raw_path, ""))
    assert isinstance(answer, Problem)
    assert (answer.status, answer.reason) == (403, "not-allowed")


async def test_a_run_is_read_from_the_tracking_server(service, seeded):
    query = urlencode({"experiment_id": seeded["experiment_id"]})
    answer = await forward(service, ProxyRequest("GET", "api/2.0/mlflow/experiments/get", query))
    assert isinstance(answer, ProxyAnswer), answer
    assert answer.status == 200
    assert answer.content_type == "application/json"
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
    experiment = json.loads(answer.body)["experiment"]
    assert experiment["experiment_id"] == seeded["experiment_id"]


async def test_a_search_is_posted_and_answered(service, seeded):
    body = json.dumps({"experiment_ids": [seeded["experiment_id"]], "max_results": 1})
    answer = await forward(
        service,
        ProxyRequest("POST", "api/2.0/mlflow/runs/search", "", json_body(body.encode(), 10**6)),
    )
    assert isinstance(answer, ProxyAnswer), answer
    assert answer.status == 200
    assert len(json.loads(answer.body)["runs"]) == 1
