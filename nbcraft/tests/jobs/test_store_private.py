"""The job store holds every job's parameters and executed notebook: this user's alone, and
never committed, whatever tracks the runs. With Databricks or a remote tracking server the
embedded MLflow server (which makes ``.nbcraft`` private) does not run, and ``jobs.db`` was
0644 in a 0755 folder with no ``.gitignore``. Real parts: SQLite, git."""

from __future__ import annotations

import stat
import subprocess
from pathlib import Path

from nbcraft.jobs.store import Job, JobStore, new_id


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_store_is_private_and_git_ignored(tmp_path: Path) -> None:
    root = tmp_path / "project"
    (root / ".nbcraft").mkdir(parents=True, mode=0o755)  # made earlier by something else
    (root / ".nbcraft").chmod(0o755)
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    for state in (root / ".nbcraft", root / ".nbcraft" / "cli"):  # the server's, the CLI's
        store = JobStore(state / "jobs.db")
        store.save(Job(id=new_id(), notebook="a.ipynb", target="local", parameters={"n": 1}))
        assert _mode(state) == 0o700
        files = [state / "jobs.db", state / "jobs.db-wal", state / "jobs.db-shm"]
        assert all(f.exists() for f in files)
        assert [oct(_mode(f)) for f in files] == [oct(0o600)] * 3
        store.close()
    status = subprocess.run(
        ["git", "-C", str(root), "status", "--porcelain", "--untracked-files=all"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert status.stdout == ""


def test_an_existing_store_is_made_private(tmp_path: Path) -> None:
    state = tmp_path / "state"
    state.mkdir(mode=0o755)
    state.chmod(0o755)
    (state / "jobs.db").touch(mode=0o644)
    (state / "jobs.db").chmod(0o644)
    JobStore(state / "jobs.db").close()
    assert (_mode(state), _mode(state / "jobs.db")) == (0o700, 0o600)
