"""A project that commits its ``.nbcraft/jobs.db`` (``git add -f``): nbcraft's ``.gitignore``
there does not untrack it, so this user's jobs (notebook paths, errors, run ids, redacted
parameters) went into the next ``git commit -a`` with nothing said. The store now says so once
in the log, naming the file and ``git rm --cached``; an untracked store says nothing. Real git,
real SQLite."""

from __future__ import annotations

import logging
import shutil
import subprocess

import pytest

from nbcraft.jobs.store import JobStore

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


def _git(folder, *args):
    subprocess.run(["git", "-C", str(folder), *args], check=True, capture_output=True)


def _warnings(caplog):
    return [r.getMessage() for r in caplog.records if "tracked by git" in r.getMessage()]


def test_a_store_git_tracks_is_told_once(tmp_path, caplog):
    project = tmp_path / "project"
    _git(tmp_path, "init", "-q", str(project))
    JobStore(project / ".nbcraft" / "jobs.db").close()
    _git(project, "add", "-f", ".nbcraft/jobs.db")
    log = logging.getLogger("nbcraft.test.tracked")
    caplog.set_level(logging.INFO, logger=log.name)
    JobStore(project / ".nbcraft" / "jobs.db", log=log).close()
    JobStore(project / ".nbcraft" / "jobs.db", log=log).close()
    told = _warnings(caplog)
    assert len(told) == 1, told  # was: nothing said
    assert f"git rm --cached {project / '.nbcraft' / 'jobs.db'}" in told[0], told


def test_an_untracked_store_says_nothing(tmp_path, caplog):
    project = tmp_path / "project"
    _git(tmp_path, "init", "-q", str(project))
    log = logging.getLogger("nbcraft.test.untracked")
    caplog.set_level(logging.INFO, logger=log.name)
    JobStore(project / ".nbcraft" / "jobs.db", log=log).close()
    JobStore(tmp_path / "elsewhere" / "jobs.db", log=log).close()  # (no repository)
    assert _warnings(caplog) == []
