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


def test_a_store_from_before_redaction_is_redacted_on_opening(tmp_path: Path) -> None:
    """Rows written before secret parameters were redacted hold them in clear, with no
    ``secret_parameters``: they were served, sent again by Re-run, and kept in the executed
    notebook's injected cell; the store's -wal and -shm files stayed 0644."""
    import json
    import os
    import sqlite3

    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook

    state = tmp_path / ".nbcraft"
    state.mkdir()
    db = sqlite3.connect(state / "jobs.db")
    db.execute("PRAGMA journal_mode=WAL")
    db.execute(
        "CREATE TABLE jobs (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT UNIQUE NOT NULL,"
        " pipeline_id TEXT, data TEXT NOT NULL)"
    )
    password = "hunter2-" + "x" * 8
    old = {
        "id": "old", "notebook": "a.ipynb", "target": "local", "status": "failed",
        "parameters": {"db_password": password, "rows": 3},
        "error": f"cell 2: ValueError: invalid literal for int() with base 10: '{password}'",
    }  # fmt: skip
    plain = {"id": "plain", "notebook": "a.ipynb", "target": "local", "parameters": {"n": 1}}
    for row in (old, plain):
        db.execute("INSERT INTO jobs (id, data) VALUES (?, ?)", (row["id"], json.dumps(row)))
    db.commit()
    injected = new_code_cell(f'db_password = "{password}"\nrows = 3')
    injected.metadata["tags"] = ["injected-parameters"]
    printed = new_code_cell("print(db_password)")
    printed.outputs = [nbformat.v4.new_output("stream", name="stdout", text=password + "\n")]
    kept = state / "jobs" / "old" / "output.ipynb"
    kept.parent.mkdir(parents=True)
    nbformat.write(new_notebook(cells=[injected, printed]), str(kept))
    (state / "jobs" / "bad").mkdir()
    (state / "jobs" / "bad" / "output.ipynb").write_text(f"db_password = '{password}'")
    db.execute(
        "INSERT INTO jobs (id, data) VALUES ('bad', ?)",
        (json.dumps({**plain, "id": "bad", "parameters": {"db_password": password}}),),
    )
    db.commit()
    for f in state.glob("jobs.db*"):
        os.chmod(f, 0o644)
    wal = [state / "jobs.db-wal", state / "jobs.db-shm"]
    assert all(f.exists() for f in wal)  # (the old connection is still open)

    store = JobStore(state / "jobs.db")
    assert [oct(_mode(f)) for f in wal] == [oct(0o600)] * 2
    job = store.get("old")
    assert job.parameters == {"db_password": "<redacted>", "rows": 3}
    assert job.secret_parameters == ["db_password"]
    assert job.error.endswith("'<redacted>'")
    assert store.get("plain").parameters == {"n": 1}
    assert store.get("plain").secret_parameters == []
    text = kept.read_text()
    assert password not in text and "# db_password: <redacted>" in text and "rows = 3" in text
    assert not (state / "jobs" / "bad" / "output.ipynb").exists()  # not a notebook: removed
    store.close()
    db.close()
    stored = b"".join(p.read_bytes() for p in state.glob("jobs.db*"))
    assert b'"old"' in stored and password.encode() not in stored
    again = JobStore(state / "jobs.db")  # once: a redacted row stays as it is
    assert again.get("old").error == job.error
    again.close()


def _git_status(root: Path) -> str:
    return subprocess.run(
        ["git", "-C", str(root), "status", "--porcelain", "--untracked-files=all"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip


def test_a_shipped_state_folder_is_not_trusted(tmp_path: Path) -> None:
    """The store trusted its folder: a repository shipping ``.nbcraft -> public`` got jobs.db
    and a ``*`` .gitignore written into public/; a shipped ``.nbcraft/.gitignore`` was kept,
    so jobs.db showed in git status; a ``state_dir`` at the Jupyter root made it 0700 and
    git-ignored the whole project."""
    import pytest

    from nbcraft.jobs.store import StoreFolderError

    linked = tmp_path / "linked"
    subprocess.run(["git", "init", "-q", str(linked)], check=True)
    (linked / "public").mkdir()
    (linked / "public" / "README").write_text("x")
    (linked / ".nbcraft").symlink_to("public")
    with pytest.raises(StoreFolderError, match="symbolic link"):
        JobStore(linked / ".nbcraft" / "jobs.db", linked)
    assert sorted(p.name for p in (linked / "public").iterdir()) == ["README"]

    shipped = tmp_path / "shipped"
    (shipped / ".nbcraft").mkdir(parents=True)
    subprocess.run(["git", "init", "-q", str(shipped)], check=True)
    (shipped / ".nbcraft" / ".gitignore").write_text("# keep\n!jobs.db\n")
    JobStore(shipped / ".nbcraft" / "jobs.db", shipped).close()
    assert _git_status(shipped) == ""

    root = tmp_path / "root"
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    (root / "train.py").write_text("x")
    for state in (root, tmp_path):  # the root itself, a folder holding it
        with pytest.raises(StoreFolderError, match="Jupyter root"):
            JobStore(state / "jobs.db", root)
    assert _git_status(root) == "?? train.py\n" and _mode(root) != 0o700
