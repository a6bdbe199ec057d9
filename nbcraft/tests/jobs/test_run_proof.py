"""The per-user secret behind a job run's ``nbcraft.job.proof`` tag (run_proof.py): kept in the
user's Jupyter data folder, never in a project, readable by its owner only, made once and then
reused; a proof verifies only for its own job id, run id and owner process, and under this
user's secret. The key's folder must be this user's alone, and the key a regular file of the
right length (RV9 G2-G4)."""

from __future__ import annotations

import hashlib
import hmac
import os
import stat
import threading
from pathlib import Path

import pytest

from nbcraft.jobs import run_proof

RUN = "0123456789abcdef0123456789abcdef"
OWNER = '{"boot": "b", "host": "h", "machine": "m", "pid": 4242, "pidns": "p", "start": "1"}'


def _tags(job_id: str) -> dict[str, str]:
    return run_proof.proof_tags(job_id, RUN, OWNER)


def _verifies(job_id: str, value: object, run: str = RUN, owner: object = OWNER) -> bool:
    return run_proof.verifies(job_id, run, owner, value)


def test_the_secret_is_made_once_private_and_outside_the_project(tmp_path, monkeypatch):
    data = tmp_path / "jupyter-data"
    monkeypatch.setenv("JUPYTER_DATA_DIR", str(data))
    tags = _tags("job00000001")
    key = data / "nbcraft" / "job-proof.key"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert stat.S_IMODE(key.parent.stat().st_mode) == 0o700
    assert _tags("job00000001") == tags  # the same secret, reused
    value = tags["nbcraft.job.proof"]
    assert key.read_text().strip() not in value
    assert _verifies("job00000001", value)
    assert not _verifies("job00000002", value)  # another job's id
    assert not _verifies("job00000001", None)
    assert not _verifies("job00000001", value.upper())
    assert not _verifies("job00000001", value, run=RUN[::-1])  # another run
    assert not _verifies("job00000001", value, owner=OWNER.replace("4242", "4243"))  # process
    assert not _verifies("job00000001", value, owner=None)  # a row naming no owner
    assert [p.name for p in key.parent.iterdir()] == ["job-proof.key"]  # no temporary left


def test_another_users_secret_proves_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("JUPYTER_DATA_DIR", str(tmp_path / "colleague"))
    theirs = _tags("job00000001")["nbcraft.job.proof"]
    monkeypatch.setenv("JUPYTER_DATA_DIR", str(tmp_path / "me"))
    assert not _verifies("job00000001", theirs)  # no secret here yet: nothing verifies
    _tags("job00000003")
    assert not _verifies("job00000001", theirs)


def test_a_secret_others_can_read_is_refused_and_said(tmp_path, monkeypatch, caplog):
    monkeypatch.setenv("JUPYTER_DATA_DIR", str(tmp_path))
    value = _tags("job00000001")["nbcraft.job.proof"]
    key = Path(tmp_path) / "nbcraft" / "job-proof.key"
    os.chmod(key, 0o644)
    assert not _verifies("job00000001", value)
    assert _tags("job00000004") == {}
    assert any("only its owner can read" in r.getMessage() for r in caplog.records)


def test_an_unwritable_data_folder_starts_jobs_without_a_proof(tmp_path, monkeypatch, caplog):
    (tmp_path / "nbcraft").write_text("a file where the folder should be")
    monkeypatch.setenv("JUPYTER_DATA_DIR", str(tmp_path))
    assert _tags("job00000001") == {}
    told = [r.getMessage() for r in caplog.records if "is not a folder" in r.getMessage()]
    assert len(told) == 1 and "JUPYTER_DATA_DIR" in told[0], told


def test_a_proof_of_the_earlier_form_is_unproven(tmp_path, monkeypatch):
    """The earlier form signed the job id only: any copy of its row replayed it (G1)."""
    monkeypatch.setenv("JUPYTER_DATA_DIR", str(tmp_path))
    _tags("job00000001")
    key = run_proof.read_key(create=False)
    earlier = hmac.new(key, b"nbcraft.job\0job00000001", hashlib.sha256).hexdigest()
    told = run_proof.unproven("job00000001", RUN, OWNER, earlier)
    assert told is not None and "earlier form" in told


@pytest.mark.parametrize("tagged", ["é", "v2.é" + "0" * 63, "v2.\u2603"])
def test_a_non_ascii_proof_is_no_proof(tagged, tmp_path, monkeypatch):
    """G2: compare_digest raised TypeError on a str with non-ASCII characters."""
    monkeypatch.setenv("JUPYTER_DATA_DIR", str(tmp_path))
    _tags("job00000001")
    assert _verifies("job00000001", tagged) is False  # was: TypeError


def test_a_key_of_the_wrong_length_is_refused(tmp_path, monkeypatch):
    """G4: a 200-hex key was taken as its first 128 characters."""
    monkeypatch.setenv("JUPYTER_DATA_DIR", str(tmp_path))
    folder = tmp_path / "nbcraft"
    folder.mkdir(mode=0o700)
    for text in ("ab" * 100 + "\n", "ab" * 33 + "\n", "ab" * 31 + "\n"):
        (folder / "job-proof.key").write_text(text)
        os.chmod(folder / "job-proof.key", 0o600)
        with pytest.raises(run_proof.ProofKeyError, match="not a job proof key"):
            run_proof.read_key(create=False)  # was: accepted (the first 64 bytes)
    (folder / "job-proof.key").write_text("ab" * 32 + "\r\n")  # (an editor's line end)
    assert run_proof.read_key(create=False) == b"\xab" * 32


def test_a_linked_key_folder_is_refused(tmp_path, monkeypatch):
    """G3: the key was made in (and read from) whatever ``nbcraft/`` linked to, 0777 or not."""
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o700)
    data = tmp_path / "data"
    data.mkdir()
    (data / "nbcraft").symlink_to(shared)
    monkeypatch.setenv("JUPYTER_DATA_DIR", str(data))
    with pytest.raises(run_proof.ProofKeyError, match="symbolic link"):
        run_proof.read_key(create=True)
    assert list(shared.iterdir()) == []  # was: job-proof.key written there
    assert _tags("job00000001") == {}


@pytest.mark.parametrize("mode", [0o777, 0o770, 0o702])
def test_a_key_folder_others_can_write_is_refused(mode, tmp_path, monkeypatch, caplog):
    monkeypatch.setenv("JUPYTER_DATA_DIR", str(tmp_path))
    value = _tags("job00000001")["nbcraft.job.proof"]
    os.chmod(tmp_path / "nbcraft", mode)
    assert not _verifies("job00000001", value)  # was: True
    assert _tags("job00000002") == {}
    assert any(f"mode {mode:o}" in r.getMessage() for r in caplog.records)


def test_a_fifo_at_the_key_path_does_not_block(tmp_path, monkeypatch):
    """G3: ``os.open`` of a FIFO waited for a writer for ever: every job's start hung."""
    monkeypatch.setenv("JUPYTER_DATA_DIR", str(tmp_path))
    folder = tmp_path / "nbcraft"
    folder.mkdir(mode=0o700)
    fifo = folder / "job-proof.key"
    os.mkfifo(fifo, 0o600)
    outcome: list[object] = []

    def read() -> None:
        try:
            outcome.append(run_proof.read_key(create=True))
        except run_proof.ProofKeyError as error:
            outcome.append(error)

    thread = threading.Thread(target=read, daemon=True)
    thread.start()
    thread.join(10)
    if thread.is_alive():  # (let the blocked open go before failing)
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        thread.join(5)
        pytest.fail("reading the key blocked on a FIFO")
    assert isinstance(outcome[0], run_proof.ProofKeyError), outcome
    assert "not a file only its owner can read" in str(outcome[0])
