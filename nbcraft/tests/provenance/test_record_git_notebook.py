"""``nbcraft.git.dirty=false`` while the notebook is not the commit's: the tree's state leaves
untracked files out (``git status --untracked-files=no``), as git does, so a notebook never
added to git leaves the tree clean. The record says how the notebook file itself stands
(``nbcraft.git.notebook``), and the lab's view returns it, so "clean" is never read as "the
notebook is at the commit".

Real git repositories in temporary folders; the recording's own functions, no kernel.
"""

from __future__ import annotations

import nbformat
import pytest
from record_support import git, write_notebook

from nbcraft.provenance.record.context import StartRecord, git_record
from nbcraft.provenance.summary import _git_section


@pytest.fixture
def repo(tmp_path):
    repo = tmp_path / "proj"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    write_notebook(repo / "committed.ipynb", "x = 1")
    (repo / ".gitignore").write_text("scratch/\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "first")
    return repo


def recorded(repo, name: str) -> dict[str, str]:
    record = StartRecord()
    notebook = repo / name
    git_record(record, str(notebook), str(notebook.parent))
    return record.tags


@pytest.mark.parametrize(
    ("name", "dirty", "state"),
    [
        ("committed.ipynb", "false", "committed"),
        ("new/untracked.ipynb", "false", "untracked"),  # the case seen in the lab
        ("scratch/ignored.ipynb", "false", "ignored"),
    ],
)
def test_the_notebook_s_own_state_is_recorded_beside_the_tree_s(repo, name, dirty, state):
    if name != "committed.ipynb":
        write_notebook(repo / name, "x = 2")
    tags = recorded(repo, name)
    assert tags["nbcraft.git.dirty"] == dirty
    assert tags["nbcraft.git.path"] == name
    assert tags["nbcraft.git.notebook"] == state
    assert _git_section(tags, repo)["notebook"] == state


def test_a_changed_or_staged_notebook_is_modified(repo):
    write_notebook(repo / "committed.ipynb", "x = 3")
    assert recorded(repo, "committed.ipynb")["nbcraft.git.notebook"] == "modified"
    write_notebook(repo / "staged.ipynb", "y = 1")
    git(repo, "add", "staged.ipynb")
    tags = recorded(repo, "staged.ipynb")
    assert (tags["nbcraft.git.dirty"], tags["nbcraft.git.notebook"]) == ("true", "modified")


def test_a_notebook_run_and_saved_since_its_commit_is_still_the_commit_s_code(repo):
    """Running a committed notebook and letting the lab autosave it changes its outputs and
    execution counts only: its code is the commit's, and the record says committed."""
    path = repo / "committed.ipynb"
    nb = nbformat.read(str(path), as_version=4)
    nb.cells[1].execution_count = 1
    nb.cells[1].outputs = [nbformat.v4.new_output("stream", name="stdout", text="1\n")]
    nb.metadata["widgets"] = {"state": {}}
    nbformat.write(nb, str(path))
    tags = recorded(repo, "committed.ipynb")
    assert (tags["nbcraft.git.dirty"], tags["nbcraft.git.notebook"]) == ("true", "committed")
    # ...but a changed markdown or code cell is modified
    nb.cells[0].source = "# Training, again"
    nbformat.write(nb, str(path))
    assert recorded(repo, "committed.ipynb")["nbcraft.git.notebook"] == "modified"


def test_a_notebook_outside_the_repository_is_said_to_be(repo):
    tags = {
        "mlflow.source.git.commit": git(repo, "rev-parse", "HEAD"),
        "nbcraft.notebook": "elsewhere/x.ipynb",
    }
    # a commit alone may be MLflow's own git context, set when nbcraft's git step failed:
    # nothing is known of the notebook then
    assert _git_section(tags, repo)["notebook"] is None
    # nbcraft's git step ran (it tags `dirty`) and gave the notebook no path in the repository
    tags["nbcraft.git.dirty"] = "false"
    assert _git_section(tags, repo)["notebook"] == "outside"
    assert _git_section({}, repo)["notebook"] is None


def test_only_the_notebook_s_part_of_a_diff_is_replaced():
    from nbcraft.provenance.record.git import replace_file_diff

    other = b"diff --git a/src/m.py b/src/m.py\nindex 1..2 100644\n-a = 1\n+a = 2\n"
    note = b'diff --git a/nb/t.ipynb b/nb/t.ipynb\nindex 3..4 100644\n-"lr = 1"\n+"lr = 2"\n'
    lookalike = b"diff --git a/nb/t.ipynb.bak b/nb/t.ipynb.bak\n+x\n"
    now = b'diff --git a/nb/t.ipynb b/nb/t.ipynb\nindex 3..5 100644\n-"lr = 1"\n+"lr = 3"\n'
    assert replace_file_diff(other + note + lookalike, "nb/t.ipynb", now) == (
        other + lookalike + now
    )
    assert replace_file_diff(note, "nb/t.ipynb", b"") == b""  # saved as committed
    assert replace_file_diff(b"", "nb/t.ipynb", now) == now  # the tree was clean
    assert replace_file_diff(note, 'nb/"t".ipynb', now) is None  # git quotes it: not found


@pytest.mark.parametrize("setting", ["diff.mnemonicPrefix", "diff.noprefix"])
def test_a_diff_applies_whatever_prefixes_the_repository_configures(tmp_path, setting):
    """With ``diff.mnemonicPrefix`` (``c/``, ``w/``) the saved notebook's section was added
    next to the start's instead of replacing it, and ``git apply`` refused the diff; with
    ``diff.noprefix`` even the start's diff did not apply. Real git, the setting in the
    repository's own config; the diffs applied with ``git apply`` to a clean checkout."""
    from nbcraft.provenance.record import git as record_git

    repo = tmp_path / "proj"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    (repo / "m.py").write_text("a = 1\n")
    (repo / "t.ipynb").write_text('{"cells": [], "x": 1}\n')
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "first")
    git(repo, "config", setting, "true")
    (repo / "m.py").write_text("a = 2\n")
    (repo / "t.ipynb").write_text('{"cells": [], "x": 2}\n')
    start, cut = record_git.tracked_diff(str(repo))
    assert not cut and start.count(b"diff --git a/") == 2
    (repo / "t.ipynb").write_text('{"cells": [], "x": 3}\n')  # saved after the start
    head = git(repo, "rev-parse", "HEAD")
    section = record_git.file_diff(str(repo), "t.ipynb", head)
    saved = record_git.replace_file_diff(start, "t.ipynb", section)
    assert saved is not None and saved.count(b"diff --git ") == 2
    for diff, notebook in ((start, '"x": 2'), (saved, '"x": 3')):
        clean = tmp_path / f"clean-{notebook[-1]}"
        git(tmp_path, "clone", "-q", str(repo), str(clean))
        (tmp_path / "d.diff").write_bytes(diff)
        git(clean, "apply", "--check", str(tmp_path / "d.diff"))
        git(clean, "apply", str(tmp_path / "d.diff"))
        assert notebook in (clean / "t.ipynb").read_text()
        assert (clean / "m.py").read_text() == "a = 2\n"


def test_a_diff_in_another_form_is_not_rewritten():
    from nbcraft.provenance.record.git import replace_file_diff

    mnemonic = b"diff --git c/t.ipynb w/t.ipynb\nindex 3..4 100644\n-1\n+2\n"
    now = b"diff --git a/t.ipynb b/t.ipynb\nindex 3..5 100644\n-1\n+3\n"
    assert replace_file_diff(mnemonic, "t.ipynb", now) is None
    assert replace_file_diff(b"", "t.ipynb", mnemonic) is None


def test_the_saved_snapshot_s_git_state_is_of_that_snapshot_not_of_a_later_save(repo):
    """``saved_notebook_git`` read the file again after the snapshot was taken: a save in
    between (the lab autosaves) made the tags and the diff describe another notebook than
    the one logged. They are derived from the logged snapshot; the diff is left as it was
    when the file no longer is that snapshot."""
    from nbcraft.provenance.record.context import saved_notebook_git
    from nbcraft.provenance.record.notebook import snapshot

    path = repo / "committed.ipynb"
    write_notebook(path, "x = 2")  # edited and saved before the run
    record = StartRecord()
    git_record(record, str(path), str(repo))
    assert record.tags["nbcraft.git.notebook"] == "modified"
    write_notebook(path, "x = 1")  # saved back as committed: the run's settled snapshot
    fresh = snapshot(str(path))
    tags, files = saved_notebook_git(record, str(path), fresh)
    assert tags == {"nbcraft.git.notebook": "committed", "nbcraft.git.dirty": "true"}
    assert files["git.diff"].count(b"diff --git") == 1  # the notebook's own section only
    write_notebook(path, "x = 5")  # another save, after the snapshot was taken
    tags, files = saved_notebook_git(record, str(path), fresh)
    assert tags == {"nbcraft.git.notebook": "committed"}  # of the snapshot, not the file
    assert files == {}  # the file's diff would be of x = 5
