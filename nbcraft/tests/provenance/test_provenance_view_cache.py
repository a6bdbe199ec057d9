"""The provenance views' work happens off the event loop, and the records of ended runs are
read once (issue 14's attack review: a compare held the whole server while it downloaded, and
each view downloaded every artifact again).

A real Jupyter server talks to the session's real ``mlflow server`` through a real proxy
(gated_proxy.py) that counts its requests and can hold artifact downloads until the test lets
them through: a tracking server that has not answered yet, without any sleep.
"""

from __future__ import annotations

import asyncio

import pytest
from gated_proxy import GATE_TIMEOUT, GatedProxy
from reproduce_support import get, make_project, new_run, server_config

from nbcraft.provenance.record_cache import RecordCache

VIEW_FILES = 3  # notebook.ipynb, requirements.lock, inputs.json (the contract has all three)


@pytest.fixture
def repo(jp_root_dir):
    return make_project(jp_root_dir)


@pytest.fixture
def proxy(mlflow_server):
    gated = GatedProxy(mlflow_server).start()
    yield gated
    gated.stop()


@pytest.fixture
def jp_server_config(jp_server_config, repo, proxy, monkeypatch):
    return server_config(jp_server_config, proxy.uri, monkeypatch)


async def test_a_held_compare_does_not_hold_up_other_requests(jp_fetch, repo, mlflow_server,
                                                              proxy):  # fmt: skip
    a = new_run(mlflow_server, repo, status="FINISHED")
    b = new_run(mlflow_server, repo, experiment="provenance-view-b", status="FINISHED")
    proxy.gate.clear()
    compare = asyncio.ensure_future(get(jp_fetch, "compare", params={"a": a, "b": b}))
    assert await asyncio.to_thread(proxy.held.wait, GATE_TIMEOUT), "no download reached the gate"

    # While the compare waits for the tracking server, the server answers other requests.
    status = await jp_fetch("api", "status")
    assert status.code == 200
    code, body = await get(jp_fetch, "git")
    assert code == 200 and body["repository"] == "."
    assert not compare.done() and not proxy.gate_timed_out

    proxy.gate.set()
    code, body = await compare
    assert code == 200, body
    assert (body["a"], body["b"]) == (a, b) and body["git"]["same"] is True
    assert not proxy.gate_timed_out


async def test_a_second_view_of_an_ended_run_downloads_nothing(jp_fetch, repo, mlflow_server,
                                                               proxy):  # fmt: skip
    a = new_run(mlflow_server, repo, status="FINISHED")
    b = new_run(mlflow_server, repo, experiment="provenance-view-b", status="KILLED")

    code, first = await get(jp_fetch, "runs", a)
    assert code == 200, first
    # Neither git.diff nor history.json: the views do not read them.
    assert proxy.downloads() == VIEW_FILES and proxy.listings() >= 1

    proxy.reset()
    code, second = await get(jp_fetch, "runs", a)
    assert code == 200 and second == first
    assert proxy.downloads() == 0 and proxy.listings() == 0
    assert proxy.count("/api/2.0/mlflow/runs/get") == 1  # status and tags are read fresh

    proxy.reset()
    code, compared = await get(jp_fetch, "compare", params={"a": a, "b": b})
    assert code == 200, compared
    assert proxy.downloads() == VIEW_FILES  # b only: a is kept
    proxy.reset()
    code, again = await get(jp_fetch, "compare", params={"a": a, "b": b})
    assert code == 200 and again == compared
    assert proxy.downloads() == 0 and proxy.listings() == 0


async def test_a_running_run_is_read_again(jp_fetch, repo, mlflow_server, proxy):
    run_id = new_run(mlflow_server, repo)  # running
    for _ in range(2):
        proxy.reset()
        code, body = await get(jp_fetch, "runs", run_id)
        assert code == 200, body
        assert proxy.downloads() == VIEW_FILES and proxy.listings() >= 1


async def test_other_credentials_do_not_read_the_kept_records(jp_fetch, repo, mlflow_server,
                                                              proxy, monkeypatch):  # fmt: skip
    run_id = new_run(mlflow_server, repo, status="FINISHED")
    code, _ = await get(jp_fetch, "runs", run_id)
    assert code == 200 and proxy.downloads() == VIEW_FILES
    # Another token in the server's environment (the open test server ignores it): what the
    # first credentials read is not shown to the second; read with them, it is kept again.
    monkeypatch.setenv("MLFLOW_TRACKING_TOKEN", "another-token-7f3a")
    for expected in (VIEW_FILES, 0):
        proxy.reset()
        code, _ = await get(jp_fetch, "runs", run_id)
        assert code == 200 and proxy.downloads() == expected


# ------------------------------------------------------------------ the cache alone


def test_keys_hold_no_credential_and_differ_by_credential() -> None:
    cache = RecordCache()
    uri = "https://example.cloud.databricks.com"
    one = cache.scope(uri, {"DATABRICKS_TOKEN": "dapi-secret-1"})
    two = cache.scope(uri, {"DATABRICKS_TOKEN": "dapi-secret-2"})
    assert one != two and one[0] == uri
    assert "dapi-secret" not in repr((one, two))
    assert cache.scope(uri, {"DATABRICKS_TOKEN": "dapi-secret-1"}) == one
    # Keyed with this process's own random key: not recomputable from the token alone.
    assert RecordCache().scope(uri, {"DATABRICKS_TOKEN": "dapi-secret-1"}) != one


def test_bounded_in_entries_and_bytes_least_recently_used_first_out() -> None:
    cache = RecordCache(max_bytes=1000, max_entries=3)
    for run in "abc":
        cache.put(("u", "i", run), {"notebook.ipynb": b"x" * 100})
    assert cache.get(("u", "i", "a")) is not None  # a is now the most recent
    cache.put(("u", "i", "d"), {"notebook.ipynb": b"x" * 100})
    assert [key[2] for key in cache.kept()] == ["c", "a", "d"]  # b went: 4 > 3 entries
    cache.put(("u", "i", "e"), {"notebook.ipynb": b"x" * 240, "inputs.json": b"y" * 10})
    cache.put(("u", "i", "f"), {"notebook.ipynb": b"x" * 240})
    cache.put(("u", "i", "g"), {"notebook.ipynb": b"x" * 240})
    assert cache.size <= 1000 and len(cache) <= 3
    assert [key[2] for key in cache.kept()] == ["e", "f", "g"]
    cache.put(("u", "i", "huge"), {"notebook.ipynb": b"x" * 251})  # > a quarter: not kept
    assert cache.get(("u", "i", "huge")) is None and len(cache) == 3
    cache.put(("u", "i", "e"), {"notebook.ipynb": b"z"})  # replaced, size follows
    assert cache.size == 240 + 240 + 1


def test_the_server_s_distributions_are_listed_again_after_an_install(tmp_path, monkeypatch):
    from nbcraft.provenance.summary import server_distributions

    site = tmp_path / "site-packages"
    site.mkdir()
    monkeypatch.syspath_prepend(str(site))
    first = server_distributions()
    assert server_distributions() is first  # kept: nothing changed
    info = site / "nbcraft_view_probe-1.2.dist-info"
    info.mkdir()  # what an install does: a new .dist-info in a site-packages folder
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: nbcraft-view-probe\nVersion: 1.2\n"
    )
    again = server_distributions()
    assert again is not first
    assert again["nbcraft-view-probe"] == ("nbcraft-view-probe", "1.2")
