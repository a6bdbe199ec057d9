"""What opening the job store costs at a server's start when it holds many finished jobs.

    .venv/bin/python bench/jobs-store-startup.py [--jobs 20000] [--running 5] [--repeat 7]

Writes a store of ``--jobs`` finished jobs (each as the service saves one: parameters, a
progress with some output, a warning) plus ``--running`` jobs left running, then times what
the Jupyter server does with it at every start (``JobService.__init__``): ``JobStore(path)``
(its migration ``migrate``) and ``store.mark_lost()``. Each repeat starts from a copy
of the same file, so the running jobs are there to be marked lost every time. Prints the
median, min and max in ms.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from nbcraft.jobs.store import FINISHED, RUNNING, Job, JobStore


def seed(path: Path, finished: int, running: int) -> None:
    store = JobStore(path)
    for i in range(finished + running):
        job = Job(
            id=f"job{i:08d}",
            notebook=f"notebooks/train-{i % 40}.ipynb",
            target="local",
            parameters={"alpha": 0.1 * (i % 10), "rows": i, "db_password": "<redacted>"},
            status=RUNNING if i >= finished else FINISHED,
            progress={"cell": 7, "cells": 7, "label": "cell 7", "output": "epoch 9\n" * 40},
            warnings=["parameter 'rows' is not in the parameters cell"],
            secret_parameters=["db_password"],
        )
        store.save(job)
    store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=20000)
    parser.add_argument("--running", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        seeded = Path(tmp) / "seed" / "jobs.db"
        seed(seeded, args.jobs, args.running)
        times = []
        for n in range(args.repeat):
            run = Path(tmp) / f"run{n}" / "jobs.db"
            run.parent.mkdir(mode=0o700)
            shutil.copyfile(seeded, run)
            start = time.perf_counter()
            store = JobStore(run)
            lost = store.mark_lost()
            times.append((time.perf_counter() - start) * 1000)
            store.close()
            assert len(lost) == args.running, len(lost)
            shutil.rmtree(run.parent)
    print(
        f"job store start-up, {args.jobs} finished + {args.running} running jobs: "
        f"median {statistics.median(times):.1f} ms (min {min(times):.1f}, max {max(times):.1f}, "
        f"{args.repeat} runs)"
    )


if __name__ == "__main__":
    main()
