"""Provenance benchmark: what recording costs a run, and what the audit hook costs a file read.

    .venv/bin/python bench/provenance-bench.py [--runs 15] [--reads 20000] [--reads-only]

1. Per run: two real kernels of this project's own ``.venv`` (a realistic environment, a few
   hundred distributions), started with the server's start-up file, one with recording on and
   one with ``NBCRAFT_PROVENANCE=0``, each with its notebook in a clone of this repository.
   Each kernel has read a CSV and imported mlflow; then ``--runs`` times a cell
   ``with mlflow.start_run(): mlflow.log_param(...)`` is timed from the client (execute
   request to idle, so the post-cell recording and all its MLflow calls are included). The
   first run of each kernel is a warm-up (it lists the distributions; see "first run").
   Prints medians in ms and the difference: the cost per run, what the user waits for. Git,
   hashing and the MLflow calls run in the recorder's background thread: the time until they
   are done is printed too.
2. Per read: ``--reads`` reads of a small file under the Jupyter root, after a first one, in a
   process with nbcraft's audit hook installed, in one with an audit hook that does nothing
   (what CPython charges for calling any Python hook: the floor) and in one without a hook
   (hooks cannot be removed, so one process each); 5 processes each, alternated, medians in
   microseconds of CPU time per read (CPU time, not wall time: on a shared machine the wall
   time of a 30 us read swings by more than the hook costs). Then the hook alone, called
   directly with the arguments of a read already seen, beside a function that does nothing
   called the same way (``--reads-only``: only this part).

Starts its own ``mlflow server`` (SQLite, loopback) unless MLFLOW_TRACKING_URI is set.
"""

from __future__ import annotations

import argparse
import os
import queue
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from _scripts import load_script

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def _jobs_bench():
    return load_script("jobs_bench", REPO / "bench" / "jobs-bench.py")


class Kernel:
    def __init__(self, notebook: Path, root: Path, uri: str, **env: str):
        from jupyter_client.manager import KernelManager

        from nbcraft.promote import export_kernel_startup

        kernel_env = {k: v for k, v in os.environ.items() if not k.startswith(("MLFLOW_", "JPY_"))}
        kernel_env.pop("PYTHONSTARTUP", None)
        export_kernel_startup(kernel_env)
        kernel_env.update(
            NBCRAFT_JUPYTER_ROOT=str(root),
            JPY_SESSION_NAME=str(notebook),
            MLFLOW_TRACKING_URI=uri,
            MLFLOW_SUPPRESS_PRINTING_URL_TO_STDOUT="true",
            **env,
        )
        self.km = KernelManager(kernel_name="python3")
        self.km.start_kernel(cwd=str(notebook.parent), env=kernel_env)
        self.kc = self.km.client()
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=240)

    def timed(self, code: str) -> float:
        start = time.perf_counter()
        msg_id = self.kc.execute(code)
        while True:
            try:
                msg = self.kc.get_iopub_msg(timeout=240)
            except queue.Empty:
                raise RuntimeError(f"no answer for {code!r}") from None
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            if msg["msg_type"] == "error":
                raise RuntimeError(msg["content"]["evalue"])
            if msg["msg_type"] == "stream" and msg["content"]["name"] == "stderr":
                print("   kernel stderr:", msg["content"]["text"].strip()[:200], file=sys.stderr)
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                return time.perf_counter() - start

    def spent(self) -> float:
        """Seconds the recorder has spent in this kernel's cells so far."""
        msg_id = self.kc.execute(
            "from nbcraft.provenance.record import kernel as _k\n_k.current().seconds_in_cells",
            silent=False,
            user_expressions={"s": "_k.current().seconds_in_cells"},
        )
        reply = self.kc.get_shell_msg(timeout=240)
        while reply["parent_header"].get("msg_id") != msg_id:
            reply = self.kc.get_shell_msg(timeout=240)
        return float(reply["content"]["user_expressions"]["s"]["data"]["text/plain"])

    def stop(self) -> None:
        self.kc.stop_channels()
        self.km.shutdown_kernel(now=True)


FLUSH = "from nbcraft.provenance.record import kernel as _k\n_k.current().flush(120)"


def per_run(runs: int, uri: str, work: Path) -> None:
    clone = work / "root" / "repo"
    clone.parent.mkdir()
    subprocess.run(["git", "clone", "-q", str(REPO), str(clone)], check=True)
    rows = "".join(f"{i},{i * 2}\n" for i in range(10000))
    (clone / "bench-data.csv").write_text("x,y\n" + rows)  # read by the kernel, hashed per run
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("import pandas as pd")]
    notebook = clone / "bench-notebooks" / "bench.ipynb"  # not the clone's top: its nbcraft/
    notebook.parent.mkdir()
    nbformat.write(nb, str(notebook))
    cell = "with mlflow.start_run():\n    mlflow.log_param('i', 1)"
    results = {}
    for label, env in (("recording on", {}), ("recording off", {"NBCRAFT_PROVENANCE": "0"})):
        kernel = Kernel(notebook, work / "root", uri, **env)
        try:
            kernel.timed("import mlflow, pandas as pd\ndf = pd.read_csv('../bench-data.csv')")
            first = kernel.timed(cell)
            times, logged, added = [], [], []
            for _ in range(runs):
                before = kernel.spent() if not env else 0.0
                times.append(kernel.timed(cell))
                if not env:  # until the background thread has logged the record
                    added.append(kernel.spent() - before)
                    logged.append(times[-1] + kernel.timed(FLUSH))
        finally:
            kernel.stop()
        results[label] = statistics.median(times) * 1000
        print(f"{label:>14}: median {results[label]:7.1f} ms per run over {runs} runs "
              f"(first run {first * 1000:.0f} ms)")  # fmt: skip
        if added:
            print(f"{'':>14}  median {statistics.median(added) * 1000:7.1f} ms of it spent by the "
                  "recorder in the cell (inside start_run and after the cell)")  # fmt: skip
        if logged:
            print(f"{'':>14}  median {statistics.median(logged) * 1000:7.1f} ms until the "
                  "record is logged (the cell, then a cell that waits for the recorder)")  # fmt: skip
    cost = results["recording on"] - results["recording off"]
    print(f"{'cost per run':>14}: {cost:7.1f} ms (median on - median off)")


READS = """
import os, sys, time, statistics
sys.path.insert(0, {repo!r})
root = {root!r}
if {hook!r} == "nbcraft":
    from nbcraft.provenance.record import data
    data.install(data.ReadLog([root]))
elif {hook!r} == "no-op":
    sys.addaudithook(lambda event, args: None)
path = os.path.join(root, "small.csv")
open(path, "rb").read()  # the first read: recorded (with the hook)
samples = []
for _ in range(5):
    start = time.process_time()  # CPU time: the machine's other load does not count
    for _ in range({reads}):
        with open(path, "rb") as f:
            f.read()
    samples.append((time.process_time() - start) / {reads} * 1e6)
print(statistics.median(samples))
"""

HOOK_ALONE = """
import os, sys, time, timeit
sys.path.insert(0, {repo!r})
from nbcraft.provenance.record import data
log = data.ReadLog([{root!r}])
hook = log.hook()
args = (os.path.join({root!r}, "small.csv"), "rb", 524288)
hook("open", args)  # the first read of this file: recorded
assert log.reads, "not recorded"
n = 200000
noop = lambda event, args: None
for label, f in (("hook", hook), ("noop", noop)):
    times = timeit.repeat(lambda: f("open", args), number=n, repeat=5, timer=time.process_time)
    print(label, min(times) / n * 1e9)
"""


def per_read(reads: int, work: Path) -> None:
    root = work / "reads"
    root.mkdir()
    (root / "small.csv").write_text("a,b\n1,2\n")
    labels = {"with the hook": "nbcraft", "a no-op hook": "no-op", "without": "none"}
    samples: dict[str, list[float]] = {label: [] for label in labels}
    for _ in range(5):  # alternated, so that the machine's load hits all alike
        for label, hook in labels.items():
            code = READS.format(repo=str(REPO), root=str(root), hook=hook, reads=reads)
            done = subprocess.run(
                [sys.executable, "-c", code], capture_output=True, text=True, check=True
            )
            samples[label].append(float(done.stdout.strip()))
    found = {label: statistics.median(values) for label, values in samples.items()}
    for label, value in found.items():
        spread = f"{min(samples[label]):.1f}-{max(samples[label]):.1f}"
        print(f"{label:>14}: median {value:6.2f} us per read ({spread}) over 5 processes "
              f"x {reads} reads")  # fmt: skip
    print(f"{'difference':>14}: {found['with the hook'] - found['without']:+6.2f} us per read "
          f"(a no-op hook: {found['a no-op hook'] - found['without']:+.2f} us)")  # fmt: skip
    code = HOOK_ALONE.format(repo=str(REPO), root=str(root))
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    alone = dict(line.split() for line in done.stdout.splitlines())
    print(f"{'the hook alone':>14}: {float(alone['hook']):6.0f} ns per read after the first, "
          f"{float(alone['noop']):.0f} ns for a function that does nothing "
          "(called the same way; best of 5 x 200000 calls)")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--reads", type=int, default=20000)
    parser.add_argument("--reads-only", action="store_true", help="only the per-read part")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="nbcraft-provenance-bench-") as tmp:
        work = Path(tmp)
        print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores")
        print("per read (audit hook):")
        per_read(args.reads, work)
        if args.reads_only:
            return
        process, uri = _jobs_bench().start_mlflow(work)
        try:
            print("per run (real kernels, this repository, this .venv):")
            per_run(args.runs, uri, work)
        finally:
            if process is not None:
                process.terminate()
                process.wait(timeout=30)


if __name__ == "__main__":
    main()
