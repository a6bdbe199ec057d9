"""Cancelling a pipeline run awaits each running step's cancel (a kernel's interrupt and
shutdown: seconds). The cancel read every step once, before those awaits, so a step that
finished meanwhile (and its dependant, given its parameters and run meanwhile too) was saved
from that stale snapshot as ``cancelled`` / "skipped: the pipeline run was cancelled" over its
finished row: its outcome and output lost, a ``--from`` re-run unable to reuse it. Real
JobService, local kernels, a real store; only the slow step's cancel is made slow (it waits
until the others have finished, then cancels for real), as a kernel slow to die would be."""

from __future__ import annotations

import asyncio
import json
import time

from jobs_support import notebook, untracked_service, write_notebook

from nbcraft.jobs.pipelines import PipelineRuns

WAIT = 120  # seconds a step may take to start or finish here (2 shared cores)

STEPS = [
    {"name": "slow", "notebook": "slow.ipynb"},
    {"name": "d", "notebook": "d.ipynb"},
    {"name": "e", "notebook": "e.ipynb", "needs": ["d"]},
]


async def _until(test, what: str) -> None:
    deadline = time.monotonic() + WAIT
    while not test():
        assert time.monotonic() < deadline, what
        await asyncio.sleep(0.1)


async def test_steps_that_finish_while_a_cancel_awaits_stay_finished(tmp_path, trust_project):
    root, state = tmp_path / "root", tmp_path / "state"
    root.mkdir()
    (root / "nbcraft.json").write_text(json.dumps({"pipelines": {"p": {"steps": STEPS}}}))
    write_notebook(root / "slow.ipynb", notebook("import time\ntime.sleep(300)"))
    write_notebook(
        root / "d.ipynb",
        notebook(
            "import pathlib, time\nwhile not pathlib.Path('go.flag').exists():\n    time.sleep(0.1)"
        ),
    )
    write_notebook(root / "e.ipynb", notebook("print('e ran')"))
    trust_project(root)
    service = untracked_service(root, state)
    service.settings.max_concurrent = 4
    runs = PipelineRuns(service)
    service.pipelines = runs
    try:
        row = await runs.start("p")
        ids = {s["name"]: s["job_id"] for s in row.steps}

        def status(name: str) -> str:
            return service.store.get(ids[name]).status

        await _until(
            lambda: status("slow") == "running" and status("d") == "running", "never running"
        )
        real_cancel = service.cancel
        seen: dict[str, str] = {}

        async def slow_to_die(job_id: str, reason: str | None = None):
            if job_id == ids["slow"]:  # meanwhile d finishes, and e runs and finishes
                (root / "go.flag").write_text("1")
                await _until(lambda: status("e") in ("finished", "failed"), "e never ended")
                seen.update({name: status(name) for name in ids})
            return await real_cancel(job_id, reason)

        service.cancel = slow_to_die
        await runs.cancel(service.store.get(row.id))
        await runs.wait(row.id)

        assert seen == {"slow": "running", "d": "finished", "e": "finished"}, seen
        d, e = service.store.get(ids["d"]), service.store.get(ids["e"])
        assert (d.status, d.error) == ("finished", None)  # was: cancelled, "skipped: …"
        assert (e.status, e.error) == ("finished", None)
        assert (service.output_dir / ids["e"] / "output.ipynb").is_file()
        assert status("slow") == "cancelled"
        final = service.store.get(row.id)
        assert (final.status, final.error) == ("cancelled", "cancelled"), final
    finally:
        await service.stop()
