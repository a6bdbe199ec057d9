"""A pipeline run whose loop meets a failing store (another process holding the lock past its
wait, a full disk: a ``JobStoreError``) or a step's row gone from the store ended its task
with the run ``running`` and its later steps ``queued`` until the next server start marked
them lost. The run is now ``failed`` saying why (the store's file and what failed), the steps
it had not started are skipped, those running cancelled, and the error is in the server's
log. Also: the run's own row,
held in memory since it started, was saved over the reason a cancel had just stored. Real
SQLite stores (a trigger from another connection refuses one write), real kernels."""

from __future__ import annotations

import asyncio
import json
import logging
import sqlite3
import time
from typing import Any

from jobs_support import notebook, process_gone, untracked_service, write_notebook

from nbcraft.jobs.pipelines import PipelineRuns

STEPS = [
    {"name": "a", "notebook": "a.ipynb"},
    {"name": "b", "notebook": "b.ipynb", "needs": ["a"]},
    {"name": "c", "notebook": "c.ipynb", "needs": ["b"]},
]
REFUSE_B_QUEUED = (
    "CREATE TRIGGER refuse_b BEFORE UPDATE ON jobs"
    " WHEN NEW.id = '{}' AND json_extract(NEW.data, '$.status') = 'queued'"
    " BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END"
)
GATE = "import pathlib, time\nwhile not pathlib.Path('go.flag').exists():\n    time.sleep(0.1)"


# ``sleeper`` runs beside a -> b; its cell 2 writes its kernel's pid, then sleeps (the pid is
# written by the cell that sleeps, so a cancel after the pid is seen always finds it in cell 2:
# written by cell 1, a loaded machine could cancel before the job had moved on to cell 2)
SLEEPER_STEPS = [{"name": "sleeper", "notebook": "sleeper.ipynb"}, *STEPS[:2]]
SLEEPER = (
    "import os, pathlib, time",
    "pathlib.Path('sleeper.pid').write_text(str(os.getpid()))\ntime.sleep(600)",
)


def _project(tmp_path, trust_project, steps=STEPS):
    root, state = tmp_path / "root", tmp_path / "state"
    root.mkdir()
    (root / "nbcraft.json").write_text(json.dumps({"pipelines": {"p": {"steps": steps}}}))
    write_notebook(root / "a.ipynb", notebook(GATE))
    write_notebook(root / "b.ipynb", notebook("print('b')"))
    write_notebook(root / "c.ipynb", notebook("print('c')"))
    write_notebook(root / "sleeper.ipynb", notebook(*SLEEPER))
    trust_project(root)
    service = untracked_service(root, state)
    runs = PipelineRuns(service)
    service.pipelines = runs
    return root, state, service, runs


async def _run_editing_the_store(root, state, runs, edit) -> tuple[Any, dict[str, str]]:
    """Pipeline ``p`` started; while step ``a`` waits, another connection (as another process
    would) runs the SQL ``edit(step ids by name)`` gives on the store; then the run goes on to
    its end. The run's row as started, and the step ids."""
    row = await runs.start("p")
    ids = {s["name"]: s["job_id"] for s in row.steps}
    sql, parameters = edit(ids)
    other = sqlite3.connect(state / "jobs.db")
    try:
        other.execute(sql, parameters)
        other.commit()
    finally:
        other.close()
    (root / "go.flag").write_text("1")
    await asyncio.wait_for(runs.wait(row.id), 120)  # was: the task raised, the run stayed running
    return row, ids


async def test_a_store_failing_mid_run_fails_the_run_and_skips_what_it_had_not_started(
    tmp_path, trust_project, caplog
):
    root, state, service, runs = _project(tmp_path, trust_project)
    caplog.set_level(logging.ERROR, logger="nbcraft.jobs")
    try:
        # SQLite refuses b's next write while b is still queued (its parameters, given once
        # `a` has finished)
        row, ids = await _run_editing_the_store(
            root,
            state,
            runs,
            lambda ids: (REFUSE_B_QUEUED.format(ids["b"]), ()),
        )

        final = service.store.get(row.id)
        assert final.status == "failed", final
        assert final.error.startswith("the pipeline run stopped: the job store "), final.error
        assert "disk is full" in final.error
        # the row is served: the store (outside the root here) named by its file name only
        assert str(state) not in final.error and "the job store jobs.db " in final.error
        a, b, c = (service.store.get(ids[n]) for n in "abc")
        assert a.status == "finished"
        assert (b.status, c.status) == ("cancelled", "cancelled")  # were: queued
        assert b.error.startswith("skipped: the pipeline run stopped"), b.error
        assert service._prepared == {}  # nor their real parameters kept in memory
        assert any(
            "pipeline run" in r.getMessage()
            and "disk is full" in r.getMessage()
            and str(state / "jobs.db") in r.getMessage()  # (the log: its absolute path)
            for r in caplog.records
        ), caplog.text
    finally:
        await service.stop()


async def test_a_step_row_gone_mid_run_fails_the_run_saying_which(tmp_path, trust_project):
    root, state, service, runs = _project(tmp_path, trust_project)
    try:
        row, ids = await _run_editing_the_store(  # (a hand edit, a restore)
            root, state, runs, lambda ids: ("DELETE FROM jobs WHERE id = ?", (ids["b"],))
        )

        final = service.store.get(row.id)
        assert final.status == "failed", final
        assert f"step 'b': its job {ids['b']} is no longer in the job store" in final.error
        c = service.store.get(ids["c"])
        assert (c.status, c.error.startswith("skipped: the pipeline run stopped")) == (
            "cancelled",
            True,
        ), c
    finally:
        await service.stop()


async def test_a_cancel_right_after_the_start_keeps_its_reason(tmp_path, trust_project):
    root, _, service, runs = _project(tmp_path, trust_project)
    try:
        row = await runs.start("p")
        reason = "interrupted: `jupyter nbcraft run` got SIGINT"
        await runs.cancel(service.store.get(row.id), reason)  # before the run's task has run
        deadline = time.monotonic() + 120
        while service.store.get(row.id).status == "running":
            assert time.monotonic() < deadline
            await asyncio.sleep(0.1)
        (root / "go.flag").write_text("1")
        await runs.wait(row.id)
        final = service.store.get(row.id)
        assert (final.status, final.error) == ("cancelled", reason)  # was: "cancelled"
    finally:
        await service.stop()


async def test_a_step_row_unreadable_mid_run_fails_the_run_as_lost(tmp_path, trust_project):
    # the store reads a row it cannot parse as a `lost` job (test_store_unreadable_row): the
    # run was then `cancelled` / "cancelled", which no one did
    root, state, service, runs = _project(tmp_path, trust_project)
    try:
        row, ids = await _run_editing_the_store(
            root,
            state,
            runs,
            lambda ids: ('UPDATE jobs SET data = \'{"id": "cut off\' WHERE id = ?', (ids["b"],)),
        )

        final = service.store.get(row.id)
        assert (final.status, final.error) == ("failed", "step(s) lost: b"), final
        c = service.store.get(ids["c"])
        assert (c.status, c.error) == ("cancelled", "skipped: it needs 'b', which was lost")
    finally:
        await service.stop()


async def test_a_run_stopping_half_way_cancels_its_running_steps_saying_why(
    tmp_path, trust_project
):
    """A step already running when the run stopped half-way went on on its own, its kernel
    busy until its notebook ended; it is now cancelled as a job is (kernel interrupted, then
    shut down), its error saying where it stopped and why."""
    root, state, service, runs = _project(tmp_path, trust_project, SLEEPER_STEPS)
    service.settings.max_concurrent = 2
    try:
        row = await runs.start("p")
        ids = {s["name"]: s["job_id"] for s in row.steps}
        deadline = time.monotonic() + 180
        while not (root / "sleeper.pid").exists():
            assert time.monotonic() < deadline, "the sleeper step did not start"
            await asyncio.sleep(0.2)
        kernel = int((root / "sleeper.pid").read_text())
        other = sqlite3.connect(state / "jobs.db")  # b's next write refused: the run stops
        try:
            other.execute(REFUSE_B_QUEUED.format(ids["b"]))
            other.commit()
        finally:
            other.close()
        (root / "go.flag").write_text("1")
        await asyncio.wait_for(runs.wait(row.id), 120)

        final = service.store.get(row.id)
        assert final.status == "failed" and "disk is full" in final.error, final
        sleeper = await asyncio.wait_for(service.wait(ids["sleeper"]), 60)  # was: ran 600 s
        assert sleeper.status == "cancelled", sleeper
        assert sleeper.error == f"cancelled in cell 2: {final.error}"
        deadline = time.monotonic() + 30
        while not process_gone(kernel):  # its kernel stopped with it
            assert time.monotonic() < deadline, "the sleeper's kernel still runs"
            await asyncio.sleep(0.2)
        assert service.store.get(ids["b"]).status == "cancelled"  # (not started: skipped)
    finally:
        await service.stop()
