"""Provenance views benchmark: what the lab's run details (Provenance section) and compare of
two runs cost on the server, cold (nothing kept) and warm (the ended runs' records kept).

    .venv/bin/python bench/provenance-view-bench.py [--repeat 15]

Starts its own ``mlflow server`` (SQLite, loopback, served artifacts) unless
MLFLOW_TRACKING_URI is set, and logs two ended runs carrying the provenance contract: a
notebook snapshot (the largest notebook of ../shared/corpus, outputs dropped), this
environment's requirements.lock and an inputs.json of 20 files. Then it times the work the
routes do (handlers.py: ``view_record`` in record_cache.py, then ``run_summary`` or
``compare_records``), minus HTTP to the Jupyter server:

- cold: a new, empty cache for every repetition (the first view of a run, or a running run);
- warm: one cache, already holding both records (every later view of an ended run).

The run details' view also lists this process's distributions (its "environment now"), as the
route does for the server's environment. Prints the median in ms of ``--repeat`` repetitions.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from _scripts import load_script

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def _jobs_bench():
    return load_script("jobs_bench", REPO / "bench" / "jobs-bench.py")


def largest_corpus_notebook() -> Path:
    corpus = REPO.parent / "shared" / "corpus"
    notebooks = [p for p in corpus.rglob("*.ipynb") if "bad-input" not in p.parts]
    return max(notebooks, key=lambda p: p.stat().st_size)


def log_run(client, experiment_id: str, folder: Path, seed: int) -> str:
    import nbformat

    from nbcraft.provenance import record_reader as rr
    from nbcraft.provenance.summary import server_distributions

    run_id = client.create_run(experiment_id).info.run_id
    nb = nbformat.read(str(largest_corpus_notebook()), as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    lock = "# python 3.11\n" + "".join(
        f"{name}=={version}\n" for name, version in sorted(server_distributions().values())
    )
    inputs = [
        {"path": f"data/part-{i}.csv", "location": "repo", "size": 1000 + i + seed,
         "mtime": 0.0, "digest": f"{i + seed:064x}", "digest_kind": "sha256", "reader": "open"}
        for i in range(20)
    ]  # fmt: skip
    out = folder / str(seed) / rr.ARTIFACT_DIR
    out.mkdir(parents=True)
    (out / rr.SNAPSHOT).write_text(nbformat.writes(nb))
    (out / rr.LOCK).write_text(lock)
    (out / rr.INPUTS).write_text(json.dumps({"inputs": inputs}))
    client.log_artifacts(run_id, str(out), rr.ARTIFACT_DIR)
    client.set_tag(run_id, rr.PROVENANCE, "complete")
    client.set_tag(run_id, rr.NOTEBOOK, "nbs/train.ipynb")
    client.set_terminated(run_id, "FINISHED")
    return run_id


def median_ms(work, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()

    from mlflow.tracking import MlflowClient

    from nbcraft.provenance.record_cache import RecordCache, view_record
    from nbcraft.provenance.summary import compare_records, run_summary, server_distributions

    jobs_bench = _jobs_bench()
    with tempfile.TemporaryDirectory(prefix="nbcraft-view-bench-") as tmp:
        work = Path(tmp)
        process, uri = jobs_bench.start_mlflow(work)
        try:
            client = MlflowClient(tracking_uri=uri)
            experiment_id = client.create_experiment(f"view-bench-{os.getpid()}")
            a = log_run(client, experiment_id, work / "logged", 1)
            b = log_run(client, experiment_id, work / "logged", 2)
            root = work / "root"
            root.mkdir()

            def details(cache: RecordCache) -> None:
                record = view_record(client, a, cache, cache.scope(uri))
                run_summary(record, root, server_distributions(), "server")

            def compare(cache: RecordCache) -> None:
                scope = cache.scope(uri)
                # The route reads both runs side by side, in the executor's threads.
                ra, rb = threads.map(lambda run: view_record(client, run, cache, scope), (a, b))
                compare_records(ra, rb)

            threads = ThreadPoolExecutor(2)
            warm = RecordCache()
            compare(warm)
            rows = [
                ("run details, cold", median_ms(lambda: details(RecordCache()), args.repeat)),
                ("run details, warm", median_ms(lambda: details(warm), args.repeat)),
                ("compare two runs, cold", median_ms(lambda: compare(RecordCache()), args.repeat)),
                ("compare two runs, warm", median_ms(lambda: compare(warm), args.repeat)),
            ]
        finally:
            if process is not None:
                os.killpg(process.pid, signal.SIGTERM)  # the server and its workers
                process.wait(timeout=30)
    size = largest_corpus_notebook().stat().st_size
    print(f"provenance views ({args.repeat} repetitions, snapshot of a {size // 1024} KiB")
    print(f"notebook before outputs were dropped, {len(server_distributions())} distributions):")
    for name, ms in rows:
        print(f"  {name:<24} {ms:8.1f} ms (median)")
    print(f"load average: {os.getloadavg()[0]:.1f} (2 cores)")


if __name__ == "__main__":
    main()
