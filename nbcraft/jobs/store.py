"""Jobs kept in a SQLite file (``<root>/.nbcraft/jobs.db``), so the list survives a restart.

One row per job. A job that was ``running`` (or ``queued``) when the server stopped is marked
``lost`` when the next server opens the store: nothing would ever finish it.

A row that cannot be read (not JSON, not a job's object: a disk error, a hand edit) does not
stop the store: it is skipped with a warning in the server's log that says where (the table,
its ``seq`` and job id) and what failed to parse, never its contents (they may hold secrets);
the jobs list shows it as a ``lost`` job whose error says so. It is never rewritten or deleted.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import threading
import time
import uuid
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from .. import strict_json
from ..relative_path import shown_link, shown_path
from .migrate import MIGRATION_BUSY_MS, REDACTION, migrate, row_object, unreadable_problem
from .owner import owner_gone, this_process
from .store_errors import JobStoreError, told_as_store_errors

__all__ = ["Job", "JobStore", "JobStoreError", "StoreFolderError", "new_id", "now"]

BUSY_MS = 5000  # (sqlite3's default)

QUEUED, RUNNING, FINISHED, FAILED, CANCELLED, LOST = (
    "queued",
    "running",
    "finished",
    "failed",
    "cancelled",
    "lost",
)
STATUSES = (QUEUED, RUNNING, FINISHED, FAILED, CANCELLED, LOST)
DONE = (FINISHED, FAILED, CANCELLED, LOST)
SERVER_STOPPED = "the Jupyter server stopped"  # (what left a lost job: mark_lost)


def now() -> str:
    """ISO 8601 UTC with milliseconds, as ``Date.parse`` reads it."""
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


@dataclass
class Job:
    """One job as the routes return it (``to_json``)."""

    id: str
    notebook: str  # relative to the Jupyter root, POSIX style
    target: str
    parameters: dict[str, Any]
    status: str = QUEUED
    experiment: str | None = None
    mlflow_run_id: str | None = None
    created: str = field(default_factory=now)
    started: str | None = None
    ended: str | None = None
    progress: dict[str, Any] | None = None
    error: str | None = None
    warnings: list[str] = field(default_factory=list)
    timeout: float | None = None
    # Pipelines: the pipeline run this job is a step of, and the step's name.
    pipeline_id: str | None = None
    step: str | None = None
    # A pipeline run's own row: its name and its steps (``[{name, needs, job_id, status}]``).
    pipeline: str | None = None
    steps: list[dict[str, Any]] | None = None
    mlflow_run_url: str | None = None
    # The executed notebook in the run's artifacts: nbcraft/output.ipynb, or on a Databricks
    # cluster the run's HTML export, nbcraft/output.html; None when nothing was logged.
    output_artifact: str | None = None
    # The parameters whose value ``parameters`` shows redacted (a credential's): the real ones
    # reach the job's kernel only, kept in the server's memory while it is queued or running.
    secret_parameters: list[str] = field(default_factory=list)
    # The parameters an older nbcraft stored as a bare NaN or Infinity (now refused): shown as
    # the string "NaN", which a re-run would send; the lab asks for them instead (migrate.py).
    non_finite_parameters: list[str] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return "pipeline" if self.pipeline else "job"

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["kind"] = self.kind
        return data


def new_id() -> str:
    return uuid.uuid4().hex[:12]


_COLUMNS = [f for f in Job.__dataclass_fields__]


class StoreFolderError(JobStoreError, ValueError):
    """The store's folder cannot be used (a link, another user's, the Jupyter root's)."""


def _private_folder(path: Path, root: Path | None) -> None:
    """The store's folder, this user's alone and never committed: its jobs' parameters and
    executed notebooks are there (with Databricks or a remote tracking server, nothing else
    makes ``.nbcraft`` private: the embedded MLflow server does when it runs). Not a link, not
    another user's, and not the Jupyter root or a folder holding it (``state_dir``), which
    would be made 0700 and git-ignored whole."""
    from ..state_folder import folder_problem, ignore_all

    folder = path.parent
    if root is not None and Path(root).resolve().is_relative_to(folder.resolve()):
        told = "the job store's folder {} is or holds the Jupyter root{}: set "
        todo = "c.NbcraftJobs.state_dir to a folder of its own"
        raise StoreFolderError(
            told.format(folder, f" {root}") + todo,
            public=told.format(shown_path(folder, root), "") + todo,
        )
    own = [folder / ".gitignore", folder / "jobs"]
    own += [path.with_name(path.name + end) for end in ("", "-journal", "-wal", "-shm")]
    problem = folder_problem(folder, own)
    if problem:  # (the routes' message names the files relative to the root: shown_path)
        shown = folder_problem(folder, own, lambda link: shown_link(link, root)) or "see the log"
        raise StoreFolderError(
            f"the job store cannot be used: {problem}",
            public=f"the job store cannot be used: {shown}",
        )
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    folder.chmod(0o700)
    ignore_all(folder)


_TOLD_COMMITTED: set[str] = set()  # (the stores told of, once each per process)


def _tell_if_committed(path: Path, log: Any) -> None:
    """One warning in the log when git tracks the store (a project that committed its
    ``.nbcraft/jobs.db``: the ``.gitignore`` nbcraft writes there does not untrack it, so this
    user's jobs would go into the next ``commit -a``). Through provenance's ``git``, which runs
    nothing the repository's config names; no git, no repository, a slow git: nothing said."""
    from ..provenance.repository import GitError, git

    if str(path) in _TOLD_COMMITTED:
        return
    try:
        tracked = git(path.parent, "ls-files", "-z", "--", path.name, check=False, timeout=5)
    except (GitError, OSError):
        return
    if tracked.strip("\0"):
        _TOLD_COMMITTED.add(str(path))
        log.warning(
            "nbcraft jobs: %s is tracked by git: this user's jobs written there would be "
            "committed with it; untrack it (`git rm --cached %s`)",
            path, path,
        )  # fmt: skip


def _journal_wal(db: sqlite3.Connection) -> None:
    """``PRAGMA journal_mode=WAL``, waiting while another process writes a store still in
    rollback mode (SQLite answers that change "locked" at once, without its busy wait)."""
    deadline = time.monotonic() + MIGRATION_BUSY_MS / 1000
    while True:
        try:
            db.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as e:
            if "locked" not in str(e) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


class JobStore:
    """Thread-safe: the service writes from the event loop and from worker threads."""

    def __init__(self, path: Path, root: Path | None = None, log: Any = None):
        """``root``: the Jupyter root, which the store's folder must not be or hold; ``log``:
        where an unreadable row is told (the server's)."""
        self.path = Path(path)
        self.root = root  # (a client of the routes sees the store's files relative to it)
        self.log = log or logging.getLogger("nbcraft.jobs")
        self._unreadable: set[str] = set()  # the ids of rows that cannot be read (told once)
        self._lock = threading.Lock()
        self._db: sqlite3.Connection | None = None
        try:
            with self._failing("opening it"):
                self._open(root)
        except BaseException:
            if self._db is not None:
                self._db.close()
            raise
        _tell_if_committed(self.path, self.log)

    def _open(self, root: Path | None) -> None:
        _private_folder(self.path, root)
        # SQLite gives its -wal and -shm files the database file's mode
        os.close(os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600))
        os.chmod(self.path, 0o600)
        for extra in ("-wal", "-shm"):  # an older store's may be 0644
            with contextlib.suppress(FileNotFoundError):
                os.chmod(f"{self.path}{extra}", 0o600)
        self._db = sqlite3.connect(
            str(self.path),
            check_same_thread=False,
            isolation_level=None,
            timeout=MIGRATION_BUSY_MS / 1000,  # (another process may be migrating the store)
        )
        _journal_wal(self._db)
        self._db.execute("PRAGMA secure_delete=ON")  # a redacted value's old text is zeroed
        # No fsync per commit (a job is saved 4 times on its way, on the event loop; on a
        # busy disk each fsync took 11 ms, spikes to 800): with WAL a commit still survives a
        # crash of the server (the restart test kills it), only not a power cut.
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS jobs ("
            " seq INTEGER PRIMARY KEY AUTOINCREMENT,"
            " id TEXT UNIQUE NOT NULL,"
            " pipeline_id TEXT,"
            " data TEXT NOT NULL)"
        )
        self._db.execute("CREATE INDEX IF NOT EXISTS jobs_pipeline ON jobs (pipeline_id)")
        migrate(self._db, self.path.parent / "jobs", self._tell)  # a store from before redaction
        self._db.execute(f"PRAGMA busy_timeout = {BUSY_MS}")

    def _failing(self, action: str) -> Any:
        """The block's SQLite and OS failures as :class:`JobStoreError` about this store."""
        return told_as_store_errors(self.path, self.root, action)

    def close(self) -> None:
        with self._lock, self._failing("closing it"):
            self._db.close()

    def save(self, job: Job) -> None:
        """One job saved (one statement: all of it or nothing)."""
        if job.id in self._unreadable:  # its row is kept as it is, for the user to look at
            return
        row = _row(job)
        with self._lock, self._failing(f"saving job {job.id}"):
            self._db.execute(_UPSERT, row)

    def save_all(self, jobs: list[Job]) -> None:
        """Every job saved, in one transaction: all of them or, when one cannot be (the store
        locked past its wait, a full disk) or the process dies meanwhile, none (a pipeline run
        and its steps: pipelines.py)."""
        rows = [_row(job) for job in jobs if job.id not in self._unreadable]
        action = f"saving {len(rows)} jobs at once (none was saved)"
        with self._lock, self._failing(action):
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._db.executemany(_UPSERT, rows)
                self._db.execute("COMMIT")
            except BaseException:
                if self._db.in_transaction:
                    self._db.execute("ROLLBACK")
                raise

    def get(self, job_id: str) -> Job | None:
        with self._lock, self._failing(f"reading job {job_id}"):
            row = self._db.execute(
                "SELECT seq, id, data FROM jobs WHERE id = ?", (job_id,)
            ).fetchone()
        return self._read(*row) if row else None

    def list(
        self, offset: int = 0, limit: int = 50, top_level: bool = True
    ) -> tuple[list[Job], int]:
        """Newest first. ``top_level``: pipeline steps are listed inside their pipeline."""
        where = "WHERE pipeline_id IS NULL" if top_level else ""
        with self._lock, self._failing("listing the jobs"):
            total = self._db.execute(f"SELECT count(*) FROM jobs {where}").fetchone()[0]
            rows = self._db.execute(
                f"SELECT seq, id, data FROM jobs {where} ORDER BY seq DESC LIMIT ? OFFSET ?",
                (limit, offset),
            ).fetchall()
        return [self._read(*r) for r in rows], int(total)

    def steps_of(self, pipeline_id: str) -> list[Job]:
        with self._lock, self._failing(f"reading pipeline run {pipeline_id}"):
            rows = self._db.execute(
                "SELECT seq, id, data FROM jobs WHERE pipeline_id = ? ORDER BY seq",
                (pipeline_id,),
            ).fetchall()
        return [self._read(*r) for r in rows]

    def _read(self, seq: int, job_id: Any, data: Any) -> Job:
        """The row's job; a row that cannot be read, a ``lost`` job saying so (and told once)."""
        try:
            return _job(data, job_id)
        except (ValueError, TypeError) as error:  # (JSONDecodeError is a ValueError)
            problem = unreadable_problem(error)
            self._tell(seq, job_id, problem)
            return _unreadable_job(seq, job_id, problem)

    def unreadable(self, job_id: str) -> bool:
        """Whether the job's row could not be read (once ``get`` or a list has read it)."""
        return job_id in self._unreadable

    def _tell(self, seq: int, job_id: Any, problem: str) -> None:
        """The server's log, once a row (its id is unique): where an unreadable row is and what
        failed, not its text."""
        if str(job_id) in self._unreadable:
            return
        self._unreadable.add(str(job_id))
        self.log.warning(
            "nbcraft jobs: %s: table jobs, row seq %s (job id %r) cannot be read (%s); "
            "it is skipped and left as it is",
            self.path, seq, job_id, problem,
        )  # fmt: skip

    def mark_lost(self, stopped: str = SERVER_STOPPED, gone_owners_only: bool = False) -> list[Job]:
        """Jobs left queued or running by a process that stopped (``stopped`` says which):
        ``lost``, with why, all in one transaction. ``gone_owners_only``: only the rows whose
        owner process has provably ended (owner.py; a store several processes share: the CLI's)."""
        return [job for job, _ in self.mark_lost_left_by(stopped, gone_owners_only)]

    def mark_lost_left_by(
        self, stopped: str = SERVER_STOPPED, gone_owners_only: bool = False
    ) -> list[tuple[Job, str | None]]:
        """:meth:`mark_lost`, each job with the owner its row named before (the process that
        left it, owner.py; saving the job makes this process its owner)."""
        lost: list[tuple[Job, str | None]] = []
        with self._lock, self._failing("closing the jobs left unfinished"):
            # only those rows: SQLite reads the status (json_extract)
            rows = select_rows(
                self._db, UNFINISHED, (QUEUED, RUNNING), "SELECT seq, id, data, owner FROM jobs"
            )
        for *row, owner in rows:
            if gone_owners_only and not owner_gone(owner):
                continue
            job = self._read(*row)
            if job.status not in (QUEUED, RUNNING):
                continue  # (a row SQLite could not read itself, read here; one nobody can)
            if job.id in self._unreadable:
                continue  # unreadable when told, rewritten since by another process: save()
                # leaves it as it is, so it is no job this store made lost
            job.error = _lost_error(job, stopped)
            job.status = LOST
            job.ended = job.ended or now()
            lost.append((job, owner if isinstance(owner, str) else None))
        self.save_all([job for job, _ in lost])
        return lost


_UPSERT = (
    "INSERT INTO jobs (id, pipeline_id, data, redaction, owner) VALUES (?, ?, ?, ?, ?) "
    "ON CONFLICT(id) DO UPDATE SET data = excluded.data, redaction = excluded.redaction,"
    " owner = excluded.owner"
)


def _row(job: Job) -> tuple[str, str | None, str, int, str]:
    """The job's values for ``_UPSERT``; strict JSON: the browser's JSON.parse reads no NaN
    (submit refuses a NaN parameter; a job read from an older row holds "NaN" already). The
    row's owner: this process, which saved it."""
    data = strict_json.dumps(job.to_json())
    return (job.id, job.pipeline_id, data, REDACTION, this_process())


def _lost_error(job: Job, stopped: str = SERVER_STOPPED) -> str:
    """Why a job left queued or running by a process that stopped is lost, and what to do: a
    pipeline run's own row has no kernel, and its steps are run again with the pipeline (a step
    is no job to submit on its own)."""
    if job.pipeline:
        return (
            f"{stopped} while this pipeline was running; its steps that had not finished are "
            "lost: run the pipeline again (`--from STEP` keeps the finished steps)"
        )
    what = "step" if job.pipeline_id else "job"
    if job.status == RUNNING:
        return f"{stopped} while this {what} was running; its kernel is gone"
    if job.pipeline_id:
        return f"{stopped} before this step started: run the pipeline again"
    return f"{stopped} before this job started; submit it again"


# The queued and running rows. A row SQLite's JSON functions reject is read in Python
# (``status`` checked there): an older nbcraft's json.dumps wrote NaN and Infinity, which
# SQLite before 3.42 calls malformed JSON, failing the whole query; as would a row that is
# not JSON.
UNFINISHED = (
    "SELECT seq, id, data, owner FROM jobs WHERE CASE WHEN json_valid(data)"
    " THEN json_extract(data, '$.status') IN (?, ?) ELSE 1 END"
)


def select_rows(
    db: sqlite3.Connection, filtered: str, parameters: tuple, every: str
) -> list[tuple]:
    """The rows ``filtered`` picks with SQLite's JSON functions; where SQLite has none (built
    without them, before 3.38), ``every`` row, for the caller to check in Python."""
    try:
        return db.execute(filtered, parameters).fetchall()
    except sqlite3.OperationalError:
        return db.execute(every).fetchall()


def _job(data: str, job_id: Any) -> Job:
    raw = row_object(data, job_id)
    return Job(**{k: raw.get(k) for k in _COLUMNS if k in raw})


def _unreadable_job(seq: int, job_id: Any, problem: str) -> Job:
    return Job(
        id=str(job_id),
        notebook="",
        target="",
        parameters={},
        status=LOST,
        created="",
        error=f"unreadable: this job's row in jobs.db (seq {seq}) could not be read ({problem}); "
        "nbcraft left it as it is",
    )
