"""A run's record comes from the tracking server, which a teammate (or anyone who can log a
run there) writes: reproduce and the lab must not let it write or read outside the worktree,
clobber the user's data, or hang on a device. Real git repositories and files; the records
are built here as the recording would store them (RunRecord over a folder of artifacts)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from types import SimpleNamespace

import pytest
from reproduce_support import git, make_project

from nbcraft.provenance import record_reader as rr
from nbcraft.provenance.repository import add_worktree, apply_diff, remove_worktree
from nbcraft.provenance.reproduce import CannotTry, _check_record, _restore_snapshot, check_inputs
from nbcraft.provenance.summary import input_changed, input_file


def record(
    folder: Path,
    inputs: list[dict] | None = None,
    snapshot: dict | None = None,
    tags: dict | None = None,
):
    folder.mkdir(parents=True, exist_ok=True)
    files = set()
    if inputs is not None:
        (folder / rr.INPUTS).write_text(json.dumps({"inputs": inputs}))
        files.add(rr.INPUTS)
    if snapshot is not None:
        (folder / rr.SNAPSHOT).write_text(json.dumps(snapshot))
        files.add(rr.SNAPSHOT)
    run = SimpleNamespace(
        info=SimpleNamespace(run_id="a" * 32), data=SimpleNamespace(tags=tags or {})
    )
    return rr.RunRecord(run, folder, files)


@pytest.fixture
def project(tmp_path):
    repo = make_project(tmp_path / "project")
    tree = tmp_path / "tree"
    add_worktree(repo, tree, git(repo, "rev-parse", "HEAD"))
    yield repo, tree
    remove_worktree(repo, tree)


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_an_ignored_input_is_copied_so_the_notebook_cannot_change_the_user_s_file(
    project, tmp_path
):
    repo, tree = project
    data = (repo / "data" / "train.csv").read_bytes()
    rec = record(tmp_path / "rec", [{"path": "data/train.csv", "location": "repo",
                                     "digest": sha(data), "digest_kind": "sha256"}])  # fmt: skip
    assert check_inputs(rec, repo, tmp_path, tree)[0]["ok"] is True
    (tree / "data" / "train.csv").write_text("CLOBBERED by the reproduction\n")
    assert (repo / "data" / "train.csv").read_bytes() == data


def test_inputs_that_leave_the_repository_are_refused_and_not_copied(project, tmp_path):
    repo, tree = project
    secret = tmp_path / "secret.txt"
    secret.write_text("s3cret")
    (repo / "data" / "link").symlink_to(tmp_path)
    items = [
        {"path": "../secret.txt", "location": "repo", "digest": sha(b"s3cret")},
        {"path": "data/link/secret.txt", "location": "repo", "digest": sha(b"s3cret")},
        {"path": "/dev/zero", "location": "outside", "digest": "0" * 64},
    ]
    rec = record(tmp_path / "rec", [{**i, "digest_kind": "sha256"} for i in items])
    results = check_inputs(rec, repo, tmp_path, tree)
    assert [r["ok"] for r in results] == [False, False, False], results
    assert results[0]["reason"].startswith("refused: a path with a '..' part")
    assert results[2]["reason"] == "refused: not a regular file or folder"
    assert not (tree / "secret.txt").exists() and not (tree / "data" / "link").exists()
    # The lab never reads them: no oracle for files outside, no hang on a device.
    for item in rec.inputs():
        assert input_changed(item, input_file(item, repo, tmp_path)) is None


def test_a_repository_input_with_a_backslash_is_refused(project, tmp_path):
    """A separator on Windows, where ``..\\secret.txt`` climbs out of the worktree: refused
    as ``..`` is, as the lab's own path checks refuse it (one owner: ``confined``)."""
    repo, tree = project
    item = {"path": "data\\..\\..\\secret.txt", "location": "repo", "digest": "0" * 64}
    rec = record(tmp_path / "rec", [{**item, "digest_kind": "sha256"}])
    [result] = check_inputs(rec, repo, tmp_path, tree)
    assert result["ok"] is False
    assert result["reason"] == (
        "refused: a path with a backslash; the path must be relative, under its repository"
    )


def test_an_input_named_with_a_backslash_is_said_to_be_refused_not_gone(project, tmp_path):
    """A legitimate name on Linux, refused all the same (it climbs on Windows): the reason
    says why, not "the file is gone" while it is there."""
    repo, tree = project
    (tmp_path / "a\\b.csv").write_text("x")
    item = {"path": "a\\b.csv", "location": "jupyter-root", "digest": sha(b"x")}
    rec = record(tmp_path / "rec", [{**item, "digest_kind": "sha256"}])
    [result] = check_inputs(rec, repo, tmp_path, tree)
    assert result == {
        "path": "a\\b.csv",
        "ok": False,
        "reason": "refused: a path with a backslash; the path must be relative, under the "
        "Jupyter root",
    }


@pytest.mark.parametrize(
    ("git_path", "why"),
    [
        ("nbs\\train.ipynb", "a path with a backslash"),
        (".", "no file's name"),
        ("nbs/../../x.ipynb", "a path with a '..' part"),
        ("C:x/nb.ipynb", "a path naming a drive"),
    ],
)
def test_a_refused_notebook_path_is_said_with_its_reason(tmp_path, git_path, why):
    tags = {rr.PROVENANCE: "complete", rr.COMMIT: "0" * 40, rr.GIT_PATH: git_path}
    rec = record(tmp_path / "rec", tags=tags)
    with pytest.raises(CannotTry) as refused:
        _check_record(rec)
    assert str(refused.value) == (
        f"run {'a' * 32} recorded {git_path!r} as its notebook's path in its repository: {why}"
    )


def test_a_diff_symlink_cannot_redirect_the_snapshot_outside(project, tmp_path):
    _, tree = project
    outside = tmp_path / "outside"
    outside.mkdir()
    diff = tmp_path / "git.diff"
    diff.write_text(
        "diff --git a/evil b/evil\nnew file mode 120000\nindex 0000000..1111111\n"
        f"--- /dev/null\n+++ b/evil\n@@ -0,0 +1 @@\n+{outside}\n\\ No newline at end of file\n"
    )
    apply_diff(tree, diff)  # as if it had been applied: the snapshot must still refuse
    rec = record(tmp_path / "rec", snapshot={"cells": [], "nbformat": 4, "metadata": {}})
    with pytest.raises(CannotTry, match="leads outside the worktree"):
        _restore_snapshot(rec, tree, "evil/ipython_config.json", None)
    assert list(outside.iterdir()) == []


def test_a_diff_symlink_gets_no_folder_made_outside_before_the_refusal(project, tmp_path):
    """The recorded notebook path goes through the symlink and deeper: its folders must not
    be made at the link's target before the check refuses it."""
    _, tree = project
    outside = tmp_path / "outside"
    outside.mkdir()
    (tree / "link").symlink_to(outside)  # as a forged recorded diff would have made it
    rec = record(tmp_path / "rec", snapshot={"cells": [], "nbformat": 4, "metadata": {}})
    with pytest.raises(CannotTry, match="leads outside the worktree"):
        _restore_snapshot(rec, tree, "link/made/by/forged/record/nb.ipynb", None)
    assert list(outside.iterdir()) == []


def test_the_lab_finds_the_repository_of_the_run_s_notebook(tmp_path):
    """A Jupyter root (a home folder) holding a project repository in a sub-folder: the run's
    repository is its notebook's, not the root's (which is none)."""
    from nbcraft.provenance.summary import run_repository

    root = tmp_path / "home"
    repo = make_project(root / "work" / "project")
    tags = {"nbcraft.notebook": "work/project/nbs/train.ipynb"}
    assert run_repository(tags, root) == repo.resolve()
    assert run_repository({"nbcraft.notebook": "../elsewhere/x.ipynb"}, root) is None
    assert run_repository({}, root) is None
    # one forged tag does not break the run's whole summary: the root's repository, or none
    for forged in ("a" * 300 + "/nb.ipynb", "a\0b.ipynb", "/".join(["a" * 200] * 20)):
        assert run_repository({"nbcraft.notebook": forged}, root) is None
        assert run_repository({"nbcraft.notebook": forged}, repo) == repo.resolve()
