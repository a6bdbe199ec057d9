"""A project folder can ship its own ``.git/config`` and ``.gitattributes``: reading its state
for the lab (``git status``) and checking out a run's commit (``git worktree add``) run nothing
it names: no fsmonitor, no filter driver, no hook. Real git, no server needed."""

from __future__ import annotations

import pytest
from reproduce_support import git, make_project

from nbcraft.provenance.repository import add_worktree, remove_worktree
from nbcraft.provenance.summary import git_state


@pytest.fixture
def hostile(tmp_path):
    repo = make_project(tmp_path / "project")
    marker = tmp_path / "ran"
    command = f"sh -c 'echo ran >> {marker}'"
    (repo / ".gitattributes").write_text("*.py filter=evil\n")
    git(repo, "add", ".gitattributes")
    git(repo, "commit", "-q", "-m", "attributes")
    for key, value in (
        ("core.fsmonitor", command),
        ("filter.evil.smudge", command),
        ("filter.evil.clean", command),
        ("filter.evil.required", "true"),
    ):
        git(repo, "config", key, value)
    hooks = repo / ".git" / "hooks"
    (hooks / "post-checkout").write_text(f"#!/bin/sh\n{command}\n")
    (hooks / "post-checkout").chmod(0o755)
    (repo / "src" / "model.py").write_text("# edited, so status and diff look at it\n")
    return repo, marker


def test_the_lab_s_git_state_runs_nothing_the_repository_names(hostile):
    repo, marker = hostile
    state = git_state(repo, "nbs/train.ipynb")
    assert state["dirty"] is True and "src/model.py" in state["dirty_paths"]
    assert not marker.exists()


def test_a_worktree_checkout_runs_no_filter_and_no_hook(hostile, tmp_path):
    repo, marker = hostile
    tree = tmp_path / "tree"
    add_worktree(repo, tree, git(repo, "rev-parse", "HEAD"))
    try:
        assert (tree / "src" / "model.py").read_text().startswith("from sklearn")
    finally:
        remove_worktree(repo, tree)
    assert not tree.exists() and not marker.exists()
