"""``/nbcraft/provenance/...`` against a real Jupyter server whose root is a real git
repository, and the session's real ``mlflow server``. The runs read here are created with
MLflow's client and carry the provenance contract's tags and artifacts
(reproduce_support.ensure_contract); the lab builds on exactly these answers.

Attacks first: unauthenticated and unauthorized requests, run ids and paths that try to leave
the Jupyter root.
"""

from __future__ import annotations

import json
import os

import pytest
import tornado.httpclient
from reproduce_support import (
    CSV,
    TRAIN_NOTEBOOK,
    client,
    csv_text,
    get,
    make_project,
    new_run,
    server_config,
)

NO_AUTH = {"Authorization": ""}


@pytest.fixture
def repo(jp_root_dir):
    return make_project(jp_root_dir)


@pytest.fixture
def jp_server_config(jp_server_config, repo, mlflow_server, monkeypatch):
    return server_config(jp_server_config, mlflow_server, monkeypatch)


# ------------------------------------------------------------------ attacks


async def test_every_provenance_route_refuses_anonymous_requests(jp_fetch):
    for parts, method in (
        (("runs", "abc"), "GET"),
        (("compare",), "GET"),
        (("git",), "GET"),
        (("reproductions", "abc"), "GET"),
        (("runs", "abc", "reproduce"), "POST"),
    ):
        with pytest.raises(tornado.httpclient.HTTPClientError) as refused:
            await jp_fetch(
                "nbcraft", "provenance", *parts, method=method, headers=NO_AUTH,
                body="{}" if method == "POST" else None,
            )  # fmt: skip
        assert refused.value.code in (401, 403), parts


@pytest.mark.parametrize(
    "path",
    ["../outside.ipynb", "/etc/passwd", "nbs/../../outside.ipynb", "link/outside.ipynb", "a\\b",
     "a" * 300, "C:x/outside.ipynb"],
)  # fmt: skip
async def test_git_route_refuses_paths_that_leave_the_root(jp_fetch, repo, tmp_path_factory, path):
    outside = tmp_path_factory.mktemp("outside")
    (outside / "outside.ipynb").write_text("{}")
    os.symlink(outside, repo / "link")
    code, body = await get(jp_fetch, "git", params={"path": path})
    assert code == 400, body
    assert "Jupyter root" in body["message"]
    assert str(outside) not in json.dumps(body)
    assert str(repo) not in json.dumps(body)


async def test_git_route_answers_a_path_too_long_under_the_root_without_naming_it(jp_fetch, repo):
    """Each part short enough and the whole under PATH_MAX, but not once under the root:
    no repository there, not a 502 that shows the server's root folder."""
    path = "/".join(["a" * 200] * 20) + ".ipynb"
    code, body = await get(jp_fetch, "git", params={"path": path})
    assert (code, body["repository"]) == (200, None), body
    assert str(repo) not in json.dumps(body)


@pytest.mark.parametrize("run_id", ["..", "a b", "x%2F..%2F..", "-rf"])
async def test_run_ids_that_are_not_run_ids_are_refused(jp_fetch, run_id):
    code, body = await get(jp_fetch, "runs", run_id)
    assert code in (400, 404)
    if code == 400:
        assert "is not an MLflow run id" in body["message"]
    code, body = await get(jp_fetch, "compare", params={"a": run_id, "b": "abc"})
    assert code in (400, 404)


async def test_reproduce_needs_xsrf_and_valid_fields(jp_fetch, repo, mlflow_server):
    run_id = new_run(mlflow_server, repo)
    for body, message in (
        ({"env": "docker"}, "`env` must be one of current, rebuild"),
        ({"rtol": -1}, "`rtol` must be a finite number >= 0"),
        ({"rtol": True}, "`rtol` must be a finite number >= 0"),
        ({"target": 3}, "`target` must be a target name"),
        ({"command": "rm -rf /"}, "unknown field(s): command"),
    ):
        response = await jp_fetch(
            "nbcraft", "provenance", "runs", run_id, "reproduce",
            method="POST", body=json.dumps(body), raise_error=False,
        )  # fmt: skip
        assert response.code == 400, body
        assert message in json.loads(response.body)["message"]


# ------------------------------------------------------------------ what the lab reads


async def test_run_summary_against_the_files_now(jp_fetch, repo, mlflow_server):
    run_id = new_run(
        mlflow_server, repo,
        **{"mlflow.source.git.branch": "main", "nbcraft.python": "3.11.2",
           "nbcraft.compute_target": "local"},
    )  # fmt: skip
    code, body = await get(jp_fetch, "runs", run_id)
    assert code == 200, body
    assert body["run_id"] == run_id and body["status"] == "complete"
    assert body["git"]["in_repository"] is True
    assert body["git"]["branch"] == "main" and body["git"]["dirty"] is False
    assert body["notebook"]["path"] == TRAIN_NOTEBOOK
    assert body["notebook"]["changed"] is False
    assert body["notebook"]["snapshot_cells"][1] == {
        "cell_type": "markdown",
        "source": "Train on the CSV.",
    }
    assert body["inputs"] == [
        {"path": CSV, "location": "repo", "size": len(csv_text()), "digest_kind": "sha256",
         "reader": "open", "changed": False},
    ]  # fmt: skip
    env = body["environment"]
    assert env["compared_with"] == "server" and env["python"] == "3.11.2"
    # The contract lock says scikit-learn==1.0; the server has another version.
    import sklearn

    assert {"name": "scikit-learn", "run": "1.0", "now": sklearn.__version__} in env["changed"]
    assert any(item["name"].lower().replace("_", "-") == "jupyter-server" for item in env["added"])

    # The CSV and the notebook change, then the CSV goes.
    (repo / CSV).write_text(csv_text(flip=2))
    nb = json.loads((repo / TRAIN_NOTEBOOK).read_text())
    nb["cells"][0]["source"] = "seed = 8"
    (repo / TRAIN_NOTEBOOK).write_text(json.dumps(nb))
    _, body = await get(jp_fetch, "runs", run_id)
    assert body["inputs"][0]["changed"] is True
    assert body["notebook"]["changed"] is True
    assert body["notebook"]["current_cells"][0]["source"] == "seed = 8"
    (repo / CSV).unlink()
    (repo / TRAIN_NOTEBOOK).unlink()
    _, body = await get(jp_fetch, "runs", run_id)
    assert body["inputs"][0]["changed"] is None
    assert body["notebook"]["current_cells"] is None and body["notebook"]["changed"] is None


async def test_run_summary_compares_with_a_kernel_s_interpreter(jp_fetch, jp_serverapp, repo,
                                                                 mlflow_server):  # fmt: skip
    run_id = new_run(mlflow_server, repo)
    kernel_id = await jp_serverapp.kernel_manager.start_kernel(kernel_name="python3")
    try:
        code, body = await get(jp_fetch, "runs", run_id, params={"kernel": kernel_id})
        assert code == 200, body
        spec = jp_serverapp.kernel_spec_manager.get_kernel_spec("python3")
        assert body["environment"]["compared_with"] == spec.display_name
        code, body = await get(jp_fetch, "runs", run_id, params={"kernel": "no-such-kernel"})
        assert code == 404 and "no kernel 'no-such-kernel'" in body["message"]
    finally:
        await jp_serverapp.kernel_manager.shutdown_kernel(kernel_id, now=True)


async def test_run_without_provenance_and_unknown_run(jp_fetch, mlflow_server):
    mlflow = client(mlflow_server)
    plain = mlflow.create_run("0").info.run_id
    code, body = await get(jp_fetch, "runs", plain)
    assert code == 200
    assert body["status"] == "none" and "no provenance record" in body["note"]
    assert body["git"]["commit"] is None and body["inputs"] == []
    code, body = await get(jp_fetch, "runs", "0123456789abcdef0123456789abcdef")
    assert code == 404
    assert body["message"] == "no run 0123456789abcdef0123456789abcdef on the tracking server"


async def test_compare_two_runs(jp_fetch, repo, mlflow_server):
    a = new_run(mlflow_server, repo)
    (repo / CSV).write_text(csv_text(flip=4))
    b = new_run(mlflow_server, repo, experiment="provenance-routes-b")
    code, body = await get(jp_fetch, "compare", params={"a": a, "b": b})
    assert code == 200, body
    assert body["a"] == a and body["b"] == b
    assert body["git"]["same"] is True
    assert body["notebook"]["a_cells"] == body["notebook"]["b_cells"]
    assert body["environment"] == {"added": [], "removed": [], "changed": []}
    [item] = body["inputs"]
    assert item["path"] == CSV and item["same"] is False and item["a"] != item["b"]
    code, body = await get(jp_fetch, "compare", params={"a": a})
    assert code == 400 and "?a=<run id>&b=<run id>" in body["message"]


async def test_git_state_of_a_notebook(jp_fetch, repo):
    code, body = await get(jp_fetch, "git", params={"path": TRAIN_NOTEBOOK})
    assert code == 200
    assert body == {"repository": ".", "dirty": False, "dirty_paths": [], "notebook_tracked": True}
    (repo / "src" / "model.py").write_text("# changed\n")
    (repo / "nbs" / "scratch.ipynb").write_text("{}")
    _, body = await get(jp_fetch, "git", params={"path": "nbs/scratch.ipynb"})
    assert body["dirty"] is True and body["dirty_paths"] == ["src/model.py"]
    assert body["notebook_tracked"] is False
    _, body = await get(jp_fetch, "git")
    assert body["repository"] == "." and body["notebook_tracked"] is None


async def test_unknown_reproduction(jp_fetch):
    code, body = await get(jp_fetch, "reproductions", "nope")
    assert code == 404 and body["message"] == "no reproduction 'nope'"


async def test_info_lists_the_capability(jp_fetch):
    response = await jp_fetch("nbcraft", "info")
    assert "provenance" in json.loads(response.body)["capabilities"]
