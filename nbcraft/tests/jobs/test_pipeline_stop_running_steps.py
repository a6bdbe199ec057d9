"""A pipeline run that stops half-way (its store failing, a step's row gone) skipped the steps
it had not started, but a step already running went on on its own, its kernel busy until it
ended. It is now cancelled as a job is (its kernel interrupted, then shut down), its error
saying where it stopped and why. Real SQLite stores (a trigger from another connection refuses
one write), real kernels: step ``sleeper`` sleeps, in parallel with ``a`` -> ``b``."""

from __future__ import annotations

import asyncio
import json
import os
import sqlite3
import time

from jobs_support import notebook, untracked_service, write_notebook

from nbcraft.jobs.pipelines import PipelineRuns

STEPS = [
    {"name": "sleeper", "notebook": "sleeper.ipynb"},
    {"name": "a", "notebook": "a.ipynb"},
    {"name": "b", "notebook": "b.ipynb", "needs": ["a"]},
]
REFUSE_B_QUEUED = (
    "CREATE TRIGGER refuse_b BEFORE UPDATE ON jobs"
    " WHEN NEW.id = '{}' AND json_extract(NEW.data, '$.status') = 'queued'"
    " BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END"
)
GATE = "import pathlib, time\nwhile not pathlib.Path('go.flag').exists():\n    time.sleep(0.1)"
SLEEPER = (
    "import os, pathlib, time\npathlib.Path('sleeper.pid').write_text(str(os.getpid()))",
    "time.sleep(600)",
)


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    with open(f"/proc/{pid}/stat") as f:
        return f.read().rpartition(")")[2].split()[0] in ("Z", "X")


async def test_a_run_stopping_half_way_cancels_its_running_steps_saying_why(
    tmp_path, trust_project
):
    root, state = tmp_path / "root", tmp_path / "state"
    root.mkdir()
    (root / "nbcraft.json").write_text(json.dumps({"pipelines": {"p": {"steps": STEPS}}}))
    write_notebook(root / "sleeper.ipynb", notebook(*SLEEPER))
    write_notebook(root / "a.ipynb", notebook(GATE))
    write_notebook(root / "b.ipynb", notebook("print('b')"))
    trust_project(root)
    service = untracked_service(root, state)
    service.settings.max_concurrent = 2
    runs = PipelineRuns(service)
    service.pipelines = runs
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
        while not _gone(kernel):  # its kernel stopped with it
            assert time.monotonic() < deadline, "the sleeper's kernel still runs"
            await asyncio.sleep(0.2)
        assert service.store.get(ids["b"]).status == "cancelled"  # (not started: skipped)
    finally:
        await service.stop()
