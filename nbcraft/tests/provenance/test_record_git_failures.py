"""A repository git cannot read is recorded as "state unknown", never as a clean, complete run:
reproduce would otherwise run the clean commit as if it were the run's code. Real git, a real
repository whose index is corrupt; and a remote URL urllib cannot read (a bad port)."""

from __future__ import annotations

from pathlib import Path

from record_support import git as run_git

from nbcraft.provenance.record import context, git


def _repository(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    repo.mkdir()
    run_git(repo, "init", "-q")
    (repo / "a.txt").write_text("x\n", encoding="utf-8")
    run_git(repo, "add", ".")
    run_git(repo, "commit", "-qm", "first")
    return repo


def test_a_failing_git_status_is_not_a_clean_tree(tmp_path: Path) -> None:
    repo = _repository(tmp_path)
    (repo / ".git" / "index").write_bytes(b"DIRC\x00")  # corrupt: git status fails
    state = git.git_state(str(repo))
    assert state.commit and state.status_failed and state.dirty
    assert "git status failed" in (state.problem or "")
    record = context.StartRecord()
    context.git_record(record, None, str(repo))
    assert record.tags["nbcraft.git.dirty"] == "true"
    assert record.tags["nbcraft.git.diff_truncated"] == "true"  # reproduce refuses it
    assert any("git status failed" in note for note in record.notes)


def test_a_remote_url_with_a_bad_port_is_dropped_not_fatal(tmp_path: Path) -> None:
    repo = _repository(tmp_path)
    run_git(repo, "remote", "add", "origin", "https://user:secret@host:abc/x.git")
    state = git.git_state(str(repo))
    assert state.commit and state.remote_url is None
    assert not state.dirty
