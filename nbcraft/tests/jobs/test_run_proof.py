"""The per-user secret behind a job run's ``nbcraft.job.proof`` tag (run_proof.py): kept in the
user's Jupyter data folder, never in a project, readable by its owner only, made once and then
reused; a proof verifies only for its own job id and under this user's secret."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from nbcraft.jobs import run_proof


def test_the_secret_is_made_once_private_and_outside_the_project(tmp_path, monkeypatch):
    data = tmp_path / "jupyter-data"
    monkeypatch.setenv("JUPYTER_DATA_DIR", str(data))
    tags = run_proof.proof_tags("job00000001")
    key = data / "nbcraft" / "job-proof.key"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert stat.S_IMODE(key.parent.stat().st_mode) == 0o700
    assert run_proof.proof_tags("job00000001") == tags  # the same secret, reused
    value = tags["nbcraft.job.proof"]
    assert key.read_text().strip() not in value
    assert run_proof.verifies("job00000001", value)
    assert not run_proof.verifies("job00000002", value)  # another job's id
    assert not run_proof.verifies("job00000001", None)
    assert not run_proof.verifies("job00000001", value.upper())
    assert [p.name for p in key.parent.iterdir()] == ["job-proof.key"]  # no temporary left


def test_another_users_secret_proves_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("JUPYTER_DATA_DIR", str(tmp_path / "colleague"))
    theirs = run_proof.proof_tags("job00000001")["nbcraft.job.proof"]
    monkeypatch.setenv("JUPYTER_DATA_DIR", str(tmp_path / "me"))
    assert not run_proof.verifies("job00000001", theirs)  # no secret here yet: nothing verifies
    run_proof.proof_tags("job00000003")
    assert not run_proof.verifies("job00000001", theirs)


def test_a_secret_others_can_read_is_refused_and_said(tmp_path, monkeypatch, caplog):
    monkeypatch.setenv("JUPYTER_DATA_DIR", str(tmp_path))
    value = run_proof.proof_tags("job00000001")["nbcraft.job.proof"]
    key = Path(tmp_path) / "nbcraft" / "job-proof.key"
    os.chmod(key, 0o644)
    assert not run_proof.verifies("job00000001", value)
    assert run_proof.proof_tags("job00000004") == {}
    assert any("only its owner can read" in r.getMessage() for r in caplog.records)


def test_an_unwritable_data_folder_starts_jobs_without_a_proof(tmp_path, monkeypatch, caplog):
    (tmp_path / "nbcraft").write_text("a file where the folder should be")
    monkeypatch.setenv("JUPYTER_DATA_DIR", str(tmp_path))
    assert run_proof.proof_tags("job00000001") == {}
    told = [r.getMessage() for r in caplog.records if "job-proof.key cannot be" in r.getMessage()]
    assert len(told) == 1 and "JUPYTER_DATA_DIR" in told[0], told
