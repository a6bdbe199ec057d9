"""A pipeline run is stored whole or not at all: its steps (``queued``, their real parameters in
the server's memory) and its own row. A store that fails on step k (SQLite locked, a full disk)
left steps 1..k-1 queued with no pipeline row, their parameters kept in memory for ever; a
server killed between the steps and the row left steps a restart showed lost, with no pipeline
to hold them. Both failures are real SQLite ones here: a trigger that refuses one row, and a
process that dies (``os._exit``) while its row is being written."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from jobs_support import notebook, untracked_service, write_notebook

import nbcraft
from nbcraft.jobs.pipelines import PipelineRuns
from nbcraft.jobs.store import Job, JobStore, JobStoreError

STEPS = [
    {"name": "prep", "notebook": "prep.ipynb", "parameters": {"db_password": "hunter2-secret"}},
    {"name": "train", "notebook": "train.ipynb", "needs": ["prep"]},
    {"name": "report", "notebook": "report.ipynb", "needs": ["train"]},
]


def write_project(root: Path, trust_project) -> None:
    (root / "nbcraft.json").write_text(json.dumps({"pipelines": {"p": {"steps": STEPS}}}))
    write_notebook(root / "prep.ipynb", notebook(("db_password = ''", ["parameters"]), "1"))
    write_notebook(root / "train.ipynb", notebook("2"))
    write_notebook(root / "report.ipynb", notebook("3"))
    trust_project(root)


def every_job(store: JobStore) -> list[Job]:
    jobs, _ = store.list(limit=200, top_level=False)
    return jobs


async def test_a_store_failing_on_a_later_step_stores_nothing(tmp_path, trust_project):
    root, state = tmp_path / "root", tmp_path / "state"
    root.mkdir()
    write_project(root, trust_project)
    service = untracked_service(root, state)
    try:
        # another connection, as a second server would be: SQLite refuses step 2's row
        refuse = sqlite3.connect(state / "jobs.db")
        refuse.execute(
            "CREATE TRIGGER refuse_train BEFORE INSERT ON jobs"
            " WHEN json_extract(NEW.data, '$.step') = 'train'"
            " BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END"
        )
        refuse.commit()
        refuse.close()
        with pytest.raises(JobStoreError, match="disk is full"):  # (told: which file, what)
            await PipelineRuns(service).start("p")
        assert every_job(service.store) == []  # step `prep` was left queued, with no row
        assert service._prepared == {}  # nor its real parameters (a password) in memory
    finally:
        await service.stop()


CRASH_WHILE_STORING_THE_ROW = """
import asyncio, os, sys
from pathlib import Path
from jobs_support import untracked_service
from nbcraft.jobs.pipelines import PipelineRuns

service = untracked_service(Path(sys.argv[1]), Path(sys.argv[2]))
db = service.store._db
db.create_function("crash", 0, lambda: os._exit(9))
# this connection's own trigger: the server dies as the pipeline's row is written
db.execute(
    "CREATE TEMP TRIGGER crash_at_row BEFORE INSERT ON main.jobs"
    " WHEN json_extract(NEW.data, '$.pipeline') IS NOT NULL BEGIN SELECT crash(); END"
)
asyncio.run(PipelineRuns(service).start("p"))
"""


def test_a_server_killed_while_storing_a_pipeline_leaves_no_step_behind(tmp_path, trust_project):
    root, state = tmp_path / "root", tmp_path / "state"
    root.mkdir()
    write_project(root, trust_project)
    # this nbcraft (the worktree's), not the one installed in the venv
    path = [str(Path(nbcraft.__file__).parents[1]), str(Path(__file__).parent)]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(path)}
    killed = subprocess.run(
        [sys.executable, "-c", CRASH_WHILE_STORING_THE_ROW, str(root), str(state)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert killed.returncode == 9, killed.stderr

    service = untracked_service(root, state)  # the next server reads the store back
    try:
        jobs = every_job(service.store)
        # were: prep, train and report, `lost`, whose pipeline row no list shows
        assert jobs == [], [(j.step, j.status, j.pipeline_id) for j in jobs]
        assert service.lost == []
    finally:
        service.store.close()  # (no job ran: nothing else to stop)
