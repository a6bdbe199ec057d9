"""The kernel side: notices the MLflow runs a notebook starts and ends, and records them.

Installed by the kernel's start-up file (``nbcraft/promote/kernel_paths.py``) with
:func:`install`. MLflow has no run-start or run-end callback, so the runs are found at
checkpoints: after every cell (IPython's ``post_run_cell``), whenever nbcraft's run-context
provider is asked for a new run's tags (inside ``mlflow.start_run()``), and when the kernel
exits. At each checkpoint the runs on MLflow's active-run stack, and the last run that ended,
are compared with the runs already seen:

- a new run (one the provider was asked about, so a run this kernel *created*, not one it
  resumed) gets its start record: the notebook as it was when the provider was asked, the
  cells executed so far, the environment;
- a run that is no longer active gets its end record: the cells executed up to now and the
  data files read in this kernel so far (a notebook reads its data in earlier cells than the
  one that starts the run), with their digests;
- a job's run (``NBCRAFT_JOB_RUN_ID``: created by the job service, which records the code and
  the notebook itself) is logged by the job service once the kernel has stopped: the kernel
  only writes its environment and the paths it read to the job's spool folder
  (``NBCRAFT_PROVENANCE_SPOOL``) after each cell, so a job's cells never wait for MLflow for
  it, and a notebook that never calls ``start_run()`` still gets its data inputs (job.py).
  Other runs a job's notebook starts are recorded here, as in an interactive kernel, but the
  cell waits until what it recorded is logged: the job's kernel is stopped after its last cell.

What the user waits for is only what must be taken at that moment (the notebook file, the
commit and the diff, the cells run so far, the list of paths read): hashing, the environment
list and the MLflow calls run in one
background thread, in order (:class:`_Worker`); the kernel waits for it when it exits, and
``current().flush()`` waits for it on demand.

``with mlflow.start_run():`` in one cell, ``start_run()`` and ``end_run()`` in different cells,
autolog's runs and several runs in a loop all pass one of those checkpoints.
"""

from __future__ import annotations

import atexit
import dataclasses
import json
import os
import queue
import sys
import threading
import time

from . import context, data, environment, executed, inputs, upload
from .notebook import NotebookUnreadable, notebook_file, sha256_hex, snapshot

FLUSH_AT_EXIT = 30.0  # seconds the kernel waits at exit for provenance still being logged
MAX_UNSETTLED = 20  # runs whose snapshot lacked what ran, checked again as the file is saved

_recorder: KernelRecorder | None = None


def current() -> KernelRecorder | None:
    return _recorder


class _Run:
    def __init__(self, run_id: str, record: context.StartRecord, job: bool = False):
        self.run_id = run_id
        self.record = record
        self.job = job
        self.ended = False


class _Worker:
    """One daemon thread running recording jobs in the order they were given."""

    def __init__(self, reads: data.ReadLog):
        self.reads = reads
        self.jobs: queue.Queue = queue.Queue()
        self.thread: threading.Thread | None = None

    def submit(self, job) -> None:
        if self.thread is None:
            self.thread = threading.Thread(
                target=self._loop, name="nbcraft-provenance", daemon=True
            )
            self.thread.start()
            self.reads.ignored_thread = self.thread.ident  # its own hashing is not data read
        self.jobs.put(job)

    def _loop(self) -> None:
        self.reads.ignored_thread = threading.get_ident()
        while True:
            job = self.jobs.get()
            try:
                job()
            except Exception as error:  # noqa: BLE001 - recording never breaks the kernel
                upload.warn_once("internal", f"provenance not recorded ({type(error).__name__}: "
                                             f"{error})")  # fmt: skip
            finally:
                self.jobs.task_done()

    def flush(self, timeout: float | None = None) -> bool:
        """Wait until every job given so far is done; False when ``timeout`` passed first."""
        deadline = None if timeout is None else time.monotonic() + timeout
        with self.jobs.all_tasks_done:
            while self.jobs.unfinished_tasks:
                left = None if deadline is None else deadline - time.monotonic()
                if left is not None and left <= 0:
                    return False
                self.jobs.all_tasks_done.wait(left)
        return True


class KernelRecorder:
    def __init__(self, shell, standalone: bool = False):
        self.shell = shell
        self.standalone = standalone  # loaded without nbcraft: no run-context provider
        self.jupyter_root = os.environ.get("NBCRAFT_JUPYTER_ROOT") or None
        self.job_run_id = os.environ.get("NBCRAFT_JOB_RUN_ID") or None
        self.reads = data.ReadLog([self.jupyter_root or os.getcwd()])
        self.repo_root = os.environ.get("NBCRAFT_PROVENANCE_REPO") or _repo_of_cwd()
        self.reads.add_root(self.repo_root)
        self.pending: list[context.StartRecord] = []
        self.runs: dict[str, _Run] = {}
        self.busy = False
        self.worker = _Worker(self.reads)
        self.unreachable: set[str] = set()
        self.seconds_in_cells = 0.0  # what recording added to the user's cells (the benchmark)
        self.spool = os.environ.get("NBCRAFT_PROVENANCE_SPOOL") or None
        # the cells run since the recorder was installed, as pre_run_cell sees them: the raw
        # cell, the id of the notebook cell (JupyterLab sends it with each execute request)
        # and the execution count. IPython's own history is not used for them: it leaves out
        # some cells (``exit``, cells whose code mentions ``paste`` with a magic), so its
        # positions are no execution counts to match cell ids by.
        self.ran: list[executed.Execution] = []
        # cells run before the recorder was installed: only IPython's history has them
        self.before: list[executed.Execution] = self._history_so_far()
        # in the worker only: (run, the cells run until it ended, its input problems) of runs
        # whose snapshot did not hold what ran, and the notebook file's stat when last read
        self.unsettled: list[tuple[_Run, list[executed.Execution], list[str]]] = []
        self._settle_stamp: tuple | None = None
        self._pick_up_job()

    def _pick_up_job(self) -> None:
        """A job's run id reaches the kernel in the set-up code the job service runs before
        the first cell (the kernel starts while the run is being created), so it is looked
        for again at each checkpoint. The job's run is the job service's to log."""
        if self.job_run_id is None:
            self.job_run_id = os.environ.get("NBCRAFT_JOB_RUN_ID") or None
        if self.job_run_id and self.job_run_id not in self.runs:
            self.runs[self.job_run_id] = _Run(self.job_run_id, context.StartRecord(), job=True)
        self._spooled: dict | None = None

    # ------------------------------------------------------------------ history

    def _history_so_far(self) -> list[executed.Execution]:
        manager = getattr(self.shell, "history_manager", None)
        raw = getattr(manager, "input_hist_raw", None) or []
        return [executed.Execution(n, source) for n, source in enumerate(raw) if n and source]

    def executions(self) -> list[executed.Execution]:
        """The cells run so far in this kernel, resets included, with their cell ids."""
        return [*self.before, *self.ran]

    def history(self, runs: list[executed.Execution] | None = None) -> bytes:
        cells = []
        for run in self.executions() if runs is None else runs:
            # secrets typed into cells (maybe deleted since) taken out
            cell = {"execution_count": run.count, "source": run.redacted}
            if run.cell_id:
                cell["cell_id"] = run.cell_id
            cells.append(cell)
        return (json.dumps({"cells": cells}, indent=1, ensure_ascii=False) + "\n").encode()

    @staticmethod
    def executed_record(
        record: context.StartRecord, runs: list[executed.Execution]
    ) -> tuple[dict[str, str], list[str]]:
        """Whether the cells run match the record's notebook snapshot (executed.py)."""
        snapshot = record.artifacts.get("notebook.ipynb")
        if snapshot is None:
            return {}, []
        try:
            nb = json.loads(snapshot)
        except ValueError:
            return {}, []
        return executed.executed_record(nb, runs, record.started)

    # ------------------------------------------------------------------ checkpoints

    def run_starting(self) -> dict[str, str]:
        """Called by the run-context provider inside ``start_run()``: the start tags."""
        started = time.perf_counter()
        try:
            self.checkpoint()
            record = self._start_record()
            self.pending.append(record)
            return dict(record.tags)
        finally:
            self.seconds_in_cells += time.perf_counter() - started

    def _start_record(self) -> context.StartRecord:
        """What must be taken when the run starts: the notebook file, the commit and the diff,
        the cells run so far. The environment list is added by the worker."""
        self.reads.paused += 1
        try:
            record = context.StartRecord()
            nb_file = notebook_file(os.environ.get("JPY_SESSION_NAME"), self.jupyter_root)
            if nb_file is None:
                record.notes.append("not started from a notebook file (no JPY_SESSION_NAME)")
            context.notebook_record(record, nb_file)
            folder = os.path.dirname(nb_file) if nb_file else os.getcwd()
            if os.path.isdir(folder):  # the commit and the diff as they are now
                context.git_record(record, nb_file, folder)
                self.reads.add_root(record.repo_root)
            else:
                record.notes.append(f"the notebook's folder {folder} does not exist")
            record.tags["nbcraft.python"] = environment.python_version()
            record.tags["nbcraft.platform"] = environment.platform_name()
            target = os.environ.get("NBCRAFT_COMPUTE_TARGET")
            if target:
                record.tags["nbcraft.compute_target"] = target
            if self.standalone:  # what nbcraft's run-context provider would have tagged
                record.tags.update(_notebook_tags(self.jupyter_root))
            if not (self.job_run_id or self.spool):  # a job's kernel has no interactive history
                runs = self.executions()
                record.started = len(runs)
                record.artifacts["history.json"] = self.history(runs)
                tags, record.executed_notes = self.executed_record(record, runs)
                record.tags.update(tags)
        finally:
            self.reads.paused -= 1
        return record

    def _complete_start(self, run: _Run) -> None:
        """In the worker: the environment; then log the start record."""
        record = run.record
        try:
            record.artifacts["requirements.lock"] = environment.lock_text().encode("utf-8")
        except Exception as error:  # noqa: BLE001 - a broken environment must not stop the run
            record.notes.append(f"installed distributions not listed ({type(error).__name__})")
        tags = {**record.tags, **record.status_tags(first=record.executed_notes)}
        artifacts = dict(record.artifacts)
        if run.ended:
            artifacts.pop("history.json", None)  # the end record brings the final one
        upload.log_record(run.run_id, tags, artifacts)
        # logged: what the run's end needs stays (the snapshot, the diff), the rest goes
        for name in ("history.json", "requirements.lock"):
            record.artifacts.pop(name, None)

    def _active_ids(self) -> tuple[list[str], str | None]:
        fluent = sys.modules.get("mlflow.tracking.fluent")
        if fluent is None:
            return [], None
        try:
            stack = [run.info.run_id for run in fluent._active_run_stack.get()]
            last = fluent._last_active_run_id.get()
        except Exception:  # noqa: BLE001 - another MLflow version: nothing found
            return [], None
        return stack, last

    def checkpoint(self, final: bool = False) -> None:
        if self.busy:
            return
        self.busy = True
        self.reads.paused += 1
        try:
            self._checkpoint(final)
        except Exception as error:  # noqa: BLE001 - recording never breaks the user's cell
            upload.warn_once("internal", f"provenance not recorded ({type(error).__name__}: "
                                         f"{error})")  # fmt: skip
        finally:
            self.reads.paused -= 1
            self.busy = False

    def _checkpoint(self, final: bool) -> None:
        self._pick_up_job()
        active, last = self._active_ids()
        for run_id in [*active, last]:
            if not run_id or run_id in self.runs:
                continue
            if self.pending:
                record = self.pending.pop(0)
            elif self.standalone:
                record = self._start_record()  # no provider: the record is made now
            else:
                continue  # a resumed run (start_run(run_id=...)): not this kernel's to record
            run = self.runs[run_id] = _Run(run_id, record)
            run.ended = run_id not in active
            if self._can_log(run_id):
                self.worker.submit(lambda run=run: self._complete_start(run))
            else:
                run.ended = True  # nothing more is tried for it
            if run.ended:
                self._end(run)
        # Records no run took: MLflow 3 asks the run-context providers for tags when it creates
        # a LoggedModel too (log_model), and a start_run may fail after asking. Kept, such a
        # record became the next run's (its snapshot, commit and cells, from back then).
        self.pending.clear()
        for run in self.runs.values():
            if not run.job and not run.ended and (final or run.run_id not in active):
                run.ended = True
                self._end(run)
        if self.unsettled:  # the notebook may have been saved since: looked at in the worker
            self.worker.submit(self._settle)

    def _can_log(self, run_id: str) -> bool:
        """Checked in the cell (a TCP probe), so that a server that is gone is said in the
        cell's output, once; the logging itself happens in the worker."""
        try:
            import mlflow
        except ImportError:
            return False
        problem = upload.reachable(mlflow.get_tracking_uri())
        if problem:
            upload.warn_once("down", f"provenance of run {run_id} not recorded: the tracking "
                                     f"server {problem}; the run goes on without it")  # fmt: skip
            self.unreachable.add(run_id)
            return False
        return True

    def write_spool(self) -> None:
        """A job's kernel: its environment (once) and the paths read so far, for the job
        service (job.record_job_end). Files are replaced whole, never half-written."""
        self.reads.paused += 1
        try:
            if self._spooled is None:
                record = context.StartRecord()
                context.environment_record(record)
                target = os.environ.get("NBCRAFT_COMPUTE_TARGET")
                if target:
                    record.tags["nbcraft.compute_target"] = target
                lock = record.artifacts.get("requirements.lock")
                if lock is not None:
                    _replace(os.path.join(self.spool, "requirements.lock"), lock)
                kernel = {"tags": record.tags, "notes": record.notes}
                _replace(os.path.join(self.spool, "kernel.json"), json.dumps(kernel).encode())
                self._spooled = {}
            reads = self.reads.inputs()
            if reads != self._spooled:
                where = {"reads": reads, "repo": self.repo_root, "jupyter_root": self.jupyter_root}
                _replace(os.path.join(self.spool, "reads.json"), json.dumps(where).encode())
                self._spooled = reads
        except Exception as error:  # noqa: BLE001 - the job runs on without its inputs
            upload.warn_once("spool", f"provenance of the job not recorded: {error}")
        finally:
            self.reads.paused -= 1

    def _end(self, run: _Run) -> None:
        """Taken now: the paths read and the cells run; hashed and logged by the worker."""
        if run.run_id in self.unreachable:
            return
        reads = self.reads.inputs()
        runs = self.executions() if not (self.job_run_id or self.spool) else None
        history = self.history(runs) if runs is not None else None
        repo = run.record.repo_root or self.repo_root
        for path in reads:  # said now, in the cell: a file already gone cannot be hashed
            if os.path.isabs(path):
                try:
                    os.stat(path)
                except OSError as error:
                    shown = inputs.where(path, repo, self.jupyter_root)[1]
                    problem = inputs.gone_problem(shown, error)
                    upload.warn_once("input:" + problem, f"data input not recorded: {problem}")
        self.worker.submit(lambda: self._log_end(run, reads, history, runs))

    def _log_end(
        self, run: _Run, reads: dict, history: bytes | None, runs: list | None = None
    ) -> None:
        repo = run.record.repo_root or self.repo_root
        entries, problems = inputs.input_entries(reads, repo, self.jupyter_root)
        try:
            datasets = inputs.dataset_inputs(entries, repo, self.jupyter_root)
        except ImportError:
            datasets = []
        files = {"inputs.json": inputs.inputs_json(entries)}
        executed_tags, executed_notes = {}, []
        if history is not None:
            files["history.json"] = history
            # every cell run until the run ended, against the snapshot taken when it started
            executed_tags, executed_notes = self.executed_record(run.record, runs or [])
        status = run.record.status_tags(problems, first=executed_notes)
        tags = {**status, **inputs.budget_tags(entries), **executed_tags}
        logged = upload.log_record(run.run_id, tags, files, datasets)
        for problem in problems:
            upload.warn_once("input:" + problem, f"data input not recorded: {problem}")
        if logged and executed_tags.get(executed.EXECUTED, executed.SAME) != executed.SAME:
            # a later save may settle it (_settle): only the diff is needed for that
            run.record.artifacts = {
                k: v for k, v in run.record.artifacts.items() if k == "git.diff"
            }
            kept = [*self.unsettled, (run, runs or [], problems)]
            for dropped, _runs, _problems in kept[:-MAX_UNSETTLED]:
                dropped.record.artifacts = {}
            self.unsettled = kept[-MAX_UNSETTLED:]
            self._settle_stamp = None
            self._settle()
        else:
            run.record.artifacts = {}  # logged and settled: a long session keeps no copies

    def _settle(self) -> None:
        """In the worker. The snapshot is the file as saved when a run started; the lab saves
        an edit seconds after it ran (edit, run, save), and a run left open across cells
        ends after later saves. When the notebook file now holds every cell that ran until
        the run ended, as it ran, that file is the run's snapshot: it is logged in place of
        the first one (``notebook.ipynb`` and ``nbcraft.notebook.sha256``), and the run is
        ``same``. Reproduce runs the snapshot, and that is what ran."""
        path = notebook_file(os.environ.get("JPY_SESSION_NAME"), self.jupyter_root)
        try:
            stat = os.stat(path) if path else None
        except OSError:
            stat = None
        stamp = (stat.st_mtime_ns, stat.st_size) if stat else None
        if stamp is None or stamp == self._settle_stamp:
            return
        self._settle_stamp = stamp
        try:
            fresh = snapshot(path)
        except NotebookUnreadable:
            return
        nb = json.loads(fresh)
        for entry in list(self.unsettled):
            run, runs, problems = entry
            tags, _notes = executed.executed_record(nb, runs)
            if tags[executed.EXECUTED] != executed.SAME:
                continue
            self.unsettled = [other for other in self.unsettled if other is not entry]
            # the snapshot first, then the tags that say it is the one: a failure between the
            # two leaves a hash that does not match, which reproduce refuses
            # nbcraft.git.notebook and git.diff made to describe this file too
            git_tags, git_files = context.saved_notebook_git(run.record, path, fresh)
            if upload.log_record(run.run_id, None, {"notebook.ipynb": fresh, **git_files}):
                tags["nbcraft.notebook.sha256"] = sha256_hex(fresh)
                status = run.record.status_tags(problems)
                upload.log_record(run.run_id, {**status, **tags, **git_tags})
            run.record.artifacts = {}  # settled

    def flush(self, timeout: float | None = None) -> bool:
        """Wait until what was recorded so far is logged (tests, the kernel's exit)."""
        return self.worker.flush(timeout)

    # ------------------------------------------------------------------ IPython events

    def pre_run_cell(self, info=None) -> None:
        if info is None or not getattr(info, "store_history", False):
            return  # not counted, not in the history: not recorded (the docs say so)
        # A reset (``%reset``, ``%reset -f``, ``shell.reset()``) clears the user's names, not
        # the process: what earlier cells left in imported modules (a random seed, autolog,
        # a patched function), in os.environ, the working folder and files is still there, so
        # they stay in the list. After ``shell.reset()`` IPython counts from 1 again.
        count = _count_of_running_cell(self.shell)
        cell_id = getattr(info, "cell_id", None)
        source = getattr(info, "raw_cell", None) or ""
        self.ran.append(executed.Execution(count, source, str(cell_id) if cell_id else None))

    def post_run_cell(self, result=None) -> None:
        started = time.perf_counter()
        count = getattr(result, "execution_count", None)
        if (
            self.ran
            and isinstance(count, int)
            and getattr(result, "info", None) is not None
            and self.ran[-1].count != count
            and self.ran[-1].source == (getattr(result.info, "raw_cell", None) or "")
        ):  # the count IPython gave the cell, when pre_run_cell guessed another one
            self.ran[-1] = dataclasses.replace(self.ran[-1], count=count)
        if self.spool:
            self.write_spool()
        if "mlflow" in sys.modules:  # else no run can have started: nothing to do
            if self.ran and not (self.job_run_id or self.spool):
                # redacted once, now, rather than at every run's start and end; a kernel that
                # never imports MLflow never redacts (Execution.redacted)
                _ = self.ran[-1].redacted
            self.checkpoint()
            if self.spool:
                # A job's kernel is shut down right after its last cell, maybe before its
                # exit handler is done: a run of its own (not the job's run, which the job
                # service logs) is logged before its cell ends.
                self.flush(FLUSH_AT_EXIT)
        self.seconds_in_cells += time.perf_counter() - started

    def at_exit(self) -> None:
        if self.spool:
            self.write_spool()
        if "mlflow" in sys.modules:
            self.checkpoint(final=True)
            self.flush(FLUSH_AT_EXIT)


def _count_of_running_cell(shell) -> int:
    """The execution count of the cell pre_run_cell is called for: IPython 9 has counted it
    already at that point, IPython 8 had not."""
    count = int(getattr(shell, "execution_count", 0) or 0)
    try:
        import IPython

        return count - 1 if IPython.version_info[0] >= 9 else count
    except (ImportError, AttributeError, IndexError):
        return count


def _replace(path: str, data: bytes) -> None:
    tmp = f"{path}.{os.getpid()}.tmp"
    with open(tmp, "wb") as file:
        file.write(data)
    os.replace(tmp, path)


def _notebook_tags(jupyter_root: str | None) -> dict[str, str]:
    from .notebook import notebook_file

    path = notebook_file(os.environ.get("JPY_SESSION_NAME"), jupyter_root)
    if not path:
        return {}
    shown = (context.relative_posix(path, jupyter_root) if jupyter_root else None) or path
    return {
        "nbcraft.notebook": shown,
        "mlflow.source.name": shown,
        "mlflow.source.type": "NOTEBOOK",
    }


def _repo_of_cwd() -> str | None:
    """The repository of the kernel's folder (the notebook's): its data counts as read from
    the first cell on, before any run says which repository it belongs to."""
    from .git import repo_root

    return repo_root(os.getcwd())


def install(shell=None, standalone: bool = False) -> KernelRecorder | None:
    """Start recording in this kernel (once). Returns the recorder, or None outside IPython."""
    global _recorder
    if _recorder is not None:
        return _recorder
    if shell is None:
        try:
            from IPython import get_ipython
        except ImportError:
            return None
        shell = get_ipython()
        if shell is None:
            return None
    recorder = KernelRecorder(shell, standalone=standalone)
    data.install(recorder.reads)
    shell.events.register("pre_run_cell", recorder.pre_run_cell)
    shell.events.register("post_run_cell", recorder.post_run_cell)
    atexit.register(recorder.at_exit)
    environment.warm_up()
    _recorder = recorder
    return recorder
