"""The proxy's cache of chart series, against a real ``mlflow server`` (the session's), with
runs logged by the real MLflow client: a same-state request is answered from the cache, a
run that logs more steps gets another stamp and new data, a reload (no-cache) asks again,
and requests without a stamp never touch the cache."""

from __future__ import annotations

import json

import pytest
from mlflow.tracking import MlflowClient

from nbcraft.tracking.series_cache import STAMP_HEADER, SeriesCache

BULK = "nbcraft/mlflow/ajax-api/2.0/mlflow/metrics/get-history-bulk-interval"


@pytest.fixture
def tracking_config(seeded):
    return {"uri": seeded["uri"]}


@pytest.fixture
def running_run(seeded):
    """A RUNNING run with 50 steps of "loss", logged with the real client."""
    client = MlflowClient(tracking_uri=seeded["uri"])
    run = client.create_run(seeded["experiment_id"], run_name="cache-live")
    for step in range(50):
        client.log_metric(
            run.info.run_id, "loss", 1.0 / (step + 1), step=step, timestamp=1000 + step
        )
    yield client, run.info.run_id
    client.set_terminated(run.info.run_id)


def stamp_of(client: MlflowClient, run_id: str) -> str:
    """The browser's seriesStamp: run id, status, latest step and time of the metric."""
    run = client.get_run(run_id)
    latest = next(m for m in run.data._metric_objs if m.key == "loss")
    return f"{run_id}:{run.info.status}:{latest.step}:{latest.timestamp}"


async def series(jp_fetch, run_id: str, stamp: str | None, *, reload: bool = False):
    headers = {}
    if stamp is not None:
        headers[STAMP_HEADER] = stamp
    if reload:
        headers["Cache-Control"] = "no-cache"
    params = {"run_ids": run_id, "metric_key": "loss", "max_results": 20}
    response = await jp_fetch(BULK, params=params, headers=headers)
    steps = [m["step"] for m in json.loads(response.body)["metrics"]]
    return response.headers.get("X-Nbcraft-Cache"), steps


async def test_same_state_is_served_from_the_cache_and_new_steps_are_read(
    jp_fetch, jp_serverapp, running_run
):
    client, run_id = running_run
    cache = jp_serverapp.web_app.settings["nbcraft_tracking"].series_cache
    stamp = stamp_of(client, run_id)

    state, first = await series(jp_fetch, run_id, stamp)
    assert state == "miss" and first[0] == 0 and first[-1] == 49 and len(first) == 20
    state, again = await series(jp_fetch, run_id, stamp)
    assert state == "hit" and again == first

    # The running run logs 50 more steps: its stamp changes, and the chart gets them.
    for step in range(50, 100):
        client.log_metric(run_id, "loss", 0.5 / (step + 1), step=step, timestamp=1000 + step)
    new_stamp = stamp_of(client, run_id)
    assert new_stamp != stamp
    state, grown = await series(jp_fetch, run_id, new_stamp)
    assert state == "miss" and grown[-1] == 99
    assert (await series(jp_fetch, run_id, new_stamp))[0] == "hit"

    # A client still holding the old state gets what was read for it (never older data).
    state, old = await series(jp_fetch, run_id, stamp)
    assert state == "hit" and old == first

    # Ending the run changes the stamp too.
    client.set_terminated(run_id)
    assert (await series(jp_fetch, run_id, stamp_of(client, run_id)))[0] == "miss"
    assert cache.hits >= 3


async def test_reload_asks_again_and_refreshes_the_entry(jp_fetch, running_run):
    client, run_id = running_run
    stamp = stamp_of(client, run_id)
    assert (await series(jp_fetch, run_id, stamp))[0] == "miss"
    # A value logged later at an older step does not move MLflow's latest value (same
    # stamp): the reload button's no-cache request reads it and replaces the entry.
    client.log_metric(run_id, "loss", 9.0, step=0, timestamp=5000)
    assert stamp_of(client, run_id) == stamp
    state, _ = await series(jp_fetch, run_id, stamp, reload=True)
    assert state == "miss"
    hit, _ = await series(jp_fetch, run_id, stamp)
    assert hit == "hit"


async def test_no_stamp_no_cache_and_other_routes_untouched(jp_fetch, jp_serverapp, running_run):
    client, run_id = running_run
    cache = jp_serverapp.web_app.settings["nbcraft_tracking"].series_cache
    before = len(cache)
    assert (await series(jp_fetch, run_id, None))[0] is None
    assert (await series(jp_fetch, run_id, None))[0] is None
    assert len(cache) == before
    response = await jp_fetch(
        "nbcraft/mlflow/api/2.0/mlflow/runs/get",
        params={"run_id": run_id},
        headers={STAMP_HEADER: stamp_of(client, run_id)},
    )
    assert "X-Nbcraft-Cache" not in response.headers
    assert len(cache) == before


def test_cache_is_bounded_by_bytes_and_keeps_recent_entries():
    cache = SeriesCache(max_bytes=400)
    path = "ajax-api/2.0/mlflow/metrics/get-history-bulk-interval"
    keys = [cache.key("s", path, f"run_ids={n}", "st") for n in range(5)]
    assert all(k is not None for k in keys)
    for key in keys[:4]:
        cache.put(key, b"x" * 100)
    assert cache.get(keys[0]) == b"x" * 100  # now the most recently used
    cache.put(keys[4], b"y" * 100)  # over 400 bytes: the least recently used goes
    assert cache.get(keys[1]) is None and cache.get(keys[0]) is not None
    assert cache.size <= 400
    cache.put(keys[2], b"z" * 101)  # over a quarter of the budget: not kept
    assert cache.get(keys[2]) is None
    # Only bulk-interval, only with a stamp, and never when turned off.
    assert cache.key("s", "api/2.0/mlflow/runs/get", "run_id=1", "st") is None
    assert cache.key("s", path, "q", "") is None and cache.key("s", path, "q", None) is None
    assert SeriesCache(0).key("s", path, "q", "st") is None
