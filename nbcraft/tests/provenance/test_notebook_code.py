"""A notebook saved with outputs only is no uncommitted code for NB511 in the lab: the cases
of lint-rules/test/fixtures/notebook-code-changes.json (shared with the CLI's
lint-rules/test/cli/notebookCode.test.ts), each in a real git repository, through the
``/nbcraft/provenance/git`` route's core. ``nbcraft.git.dirty`` (record/git.py) is not this:
it stays true for any byte changed."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from record_support import git

from nbcraft.provenance.notebook_code import code_changed_paths, same_notebook_code
from nbcraft.provenance.record.git import git_state as recorded_git_state
from nbcraft.provenance.summary import git_state

FIXTURE = json.loads(
    (Path(__file__).parents[3] / "lint-rules/test/fixtures/notebook-code-changes.json").read_text(
        encoding="utf-8"
    )
)
COMMITTED = json.dumps(FIXTURE["committed"], indent=1) + "\n"


def _text(case: dict) -> str:
    if "working_text" in case:
        return case["working_text"]
    return json.dumps(case["working"], indent=1) + "\n"


@pytest.fixture
def repo(tmp_path):
    (tmp_path / "nb.ipynb").write_text(COMMITTED, encoding="utf-8")
    (tmp_path / "a.py").write_text("x = 1\n")
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "first")
    return tmp_path


@pytest.mark.parametrize("case", FIXTURE["cases"], ids=[c["name"] for c in FIXTURE["cases"]])
def test_the_shared_cases(repo, case):
    text = _text(case)
    assert same_notebook_code(COMMITTED.encode(), text.encode()) is not case["changed"]
    (repo / "nb.ipynb").write_text(text, encoding="utf-8")
    state = git_state(repo, "nb.ipynb")
    assert state["dirty"] is case["changed"]
    assert state["dirty_paths"] == (["nb.ipynb"] if case["changed"] else [])
    assert state["notebook_tracked"] is True
    # what a run records is every byte: a reproduction applies the diff
    assert recorded_git_state(str(repo)).dirty is True


def test_other_changes_stay_and_a_large_or_deleted_notebook_counts_as_changed(repo):
    outputs_only = next(c for c in FIXTURE["cases"] if not c["changed"])
    (repo / "nb.ipynb").write_text(_text(outputs_only), encoding="utf-8")
    (repo / "a.py").write_text("x = 2\n")
    assert git_state(repo, "nb.ipynb")["dirty_paths"] == ["a.py"]
    listed = ["a.py", "nb.ipynb"]
    assert code_changed_paths(repo, listed) == ["a.py"]
    assert code_changed_paths(repo, listed, limit=100) == listed
    (repo / "nb.ipynb").unlink()
    assert code_changed_paths(repo, listed) == listed


def test_a_language_info_naming_another_language_is_a_change_when_both_name_one():
    nb = json.loads(COMMITTED)
    nb["metadata"]["language_info"] = {"name": "python", "version": "3.11"}
    python = json.dumps(nb).encode()
    nb["metadata"]["language_info"] = {"name": "python", "version": "3.12"}
    assert same_notebook_code(python, json.dumps(nb).encode()) is True
    nb["metadata"]["language_info"] = {"name": "R"}
    assert same_notebook_code(python, json.dumps(nb).encode()) is False


def test_only_a_regular_file_is_read_and_no_more_than_the_limit(repo):
    outputs_only = next(c for c in FIXTURE["cases"] if not c["changed"])
    nb = repo / "nb.ipynb"
    text = _text(outputs_only)
    nb.write_text(text, encoding="utf-8")
    assert code_changed_paths(repo, ["nb.ipynb"]) == []
    # a link, even to a regular file, is not read: only the file itself is compared
    nb.unlink()
    (repo / "real.json").write_text(text, encoding="utf-8")
    nb.symlink_to("real.json")
    assert code_changed_paths(repo, ["nb.ipynb"]) == ["nb.ipynb"]
    nb.unlink()
    nb.symlink_to("/dev/zero")
    assert code_changed_paths(repo, ["nb.ipynb"]) == ["nb.ipynb"]
    nb.unlink()
    os.mkfifo(nb)
    assert code_changed_paths(repo, ["nb.ipynb"]) == ["nb.ipynb"]
    # the bound is what was read: one byte over counts as changed
    nb.unlink()
    nb.write_text(text, encoding="utf-8")
    size = len(text.encode())
    assert code_changed_paths(repo, ["nb.ipynb"], limit=size) == []
    assert code_changed_paths(repo, ["nb.ipynb"], limit=size - 1) == ["nb.ipynb"]


def test_a_file_that_grows_after_its_size_was_taken_is_cut_at_the_limit(repo, monkeypatch):
    """A size taken before the read is not trusted: fstat saying 0 bytes (as it does for
    /dev/zero) must not let more than limit + 1 bytes be read."""
    from nbcraft.provenance import notebook_code

    real_fstat = os.fstat

    def small(fd):
        st = real_fstat(fd)
        return os.stat_result((st.st_mode, *st[1:6], 0, *st[7:10]))

    monkeypatch.setattr(notebook_code.os, "fstat", small)
    outputs_only = next(c for c in FIXTURE["cases"] if not c["changed"])
    (repo / "nb.ipynb").write_text(_text(outputs_only) + " " * 1000, encoding="utf-8")
    assert code_changed_paths(repo, ["nb.ipynb"], limit=len(COMMITTED.encode()) + 10) == [
        "nb.ipynb"
    ]
