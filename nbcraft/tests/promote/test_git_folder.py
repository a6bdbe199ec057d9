"""``git_folder``: ``.git`` as git spells it and the git folder a ``.git`` file or link names,
held to the table the CLI's ``isDotGit`` is tested against
(``lint-rules/test/fixtures/dotgit-names.json``, ``lint-rules/test/cli/writeAttack.test.ts``),
and judged on real folders."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from nbcraft.promote.git_folder import (
    GIT_FILE_MAX,
    GITDIR_PATH_MAX,
    in_git_folder,
    is_dot_git,
    read_git_file,
)

NAMES = json.loads(
    (Path(__file__).parents[3] / "lint-rules/test/fixtures/dotgit-names.json").read_text(
        encoding="utf-8"
    )
)


@pytest.mark.parametrize("name", NAMES["gitFolder"], ids=ascii)
def test_git_takes_the_name_for_dot_git(name):
    assert is_dot_git(name)


@pytest.mark.parametrize("name", NAMES["notGitFolder"], ids=ascii)
def test_git_takes_the_name_for_something_else(name):
    assert not is_dot_git(name)


def real(path: Path) -> str:
    return os.path.realpath(path)


def test_a_gitdir_file_names_the_git_folder(tmp_path):
    (tmp_path / "meta/gd/hooks").mkdir(parents=True)
    (tmp_path / ".git").write_text("gitdir: meta/gd\n")
    assert in_git_folder(real(tmp_path / "meta/gd/hooks/x.py"))
    assert in_git_folder(real(tmp_path / "meta/gd"))
    assert not in_git_folder(real(tmp_path / "meta/x.py"))
    assert not in_git_folder(real(tmp_path / "meta/gdx/x.py"))


def test_a_dot_git_link_is_taken_as_a_gitdir_file(tmp_path):
    (tmp_path / "meta/gd/hooks").mkdir(parents=True)
    (tmp_path / ".git").symlink_to("meta/gd", target_is_directory=True)
    assert in_git_folder(real(tmp_path / "meta/gd/hooks/m.py"))
    assert not in_git_folder(real(tmp_path / "src/m.py"))


def test_the_gitdir_is_compared_by_real_location(tmp_path):
    (tmp_path / "meta/real/gd2/hooks").mkdir(parents=True)
    (tmp_path / "meta/link").symlink_to("real", target_is_directory=True)
    (tmp_path / ".git").write_text("gitdir: meta/link/gd2\n")
    assert in_git_folder(real(tmp_path / "meta/real/gd2/hooks/m2.py"))


def test_a_dot_git_that_is_no_file_or_link_names_nothing_else(tmp_path):
    # a FIFO is not read (it would block); a folder is met by its name
    os.mkfifo(tmp_path / ".git")
    assert not in_git_folder(real(tmp_path / "src/m.py"))


def test_a_gitdir_file_is_read_as_git_reads_it(tmp_path):
    # setup.c, read_gitfile_gently: "gitdir: " starts the file; its first line, trimmed
    (tmp_path / "gd/hooks").mkdir(parents=True)
    hook = real(tmp_path / "gd/hooks/pre-commit")
    dot_git = tmp_path / ".git"
    dot_git.write_text("gitdir: gd \r\nmore\n")
    assert read_git_file(str(dot_git)) == "gd"
    # the review's planted shape: a long run of spaces (was: quadratic, the GIL held)
    dot_git.write_text("gitdir: gd" + " " * 65536 + "\n")
    assert in_git_folder(hook)
    dot_git.write_text("# a note\ngitdir: gd\n")  # was: found on any line
    assert not in_git_folder(hook)
    dot_git.write_text("gitdir:gd\n")
    assert not in_git_folder(hook)
    big = b"gitdir: gd\n".ljust(GIT_FILE_MAX + 1, b" ")
    dot_git.write_bytes(big)  # READ_GITFILE_ERR_TOO_LARGE
    assert not in_git_folder(hook)
    dot_git.write_bytes(big[:GIT_FILE_MAX])
    assert in_git_folder(hook)


def test_a_gitdir_file_swapped_for_a_fifo_or_link_is_not_read(tmp_path):
    os.mkfifo(tmp_path / "fifo")
    assert read_git_file(str(tmp_path / "fifo")) is None  # was: blocked forever
    (tmp_path / "real").write_text("gitdir: gd\n")
    (tmp_path / "link").symlink_to("real")
    with pytest.raises(OSError):
        read_git_file(str(tmp_path / "link"))


def test_a_gitdir_of_many_short_parts_is_judged_in_linear_time(tmp_path):
    # the review's D1: ``gitdir: a/a/a/...`` under GIT_FILE_MAX; realpath of it was
    # quadratic (160k parts 5.5 s; 1 MiB never finished). A path longer than PATH_MAX is
    # no git folder for git either (is_git_directory's access() fails), so it names nothing.
    (tmp_path / "src").mkdir()
    (tmp_path / ".git").write_text("gitdir: " + "a/" * 200_000 + "\n")
    started = time.perf_counter()
    assert not in_git_folder(real(tmp_path / "src/m.py"))
    assert time.perf_counter() - started < 1.0
    # a gitdir of many parts under PATH_MAX is still followed
    named = "a/" * 500 + "gd"
    assert len(real(tmp_path)) + len(named) < GITDIR_PATH_MAX
    (tmp_path / named / "hooks").mkdir(parents=True)
    (tmp_path / ".git").write_text(f"gitdir: {named}\n")
    assert in_git_folder(real(tmp_path / named / "hooks/pre-commit"))


def git_folder_at(folder: Path, leave_out: str = "") -> None:
    """``folder`` holding what git's is_git_directory looks for, less ``leave_out``."""
    (folder / "hooks").mkdir(parents=True)
    if leave_out != "HEAD":
        (folder / "HEAD").write_text("ref: refs/heads/main\n")
    for name in {"objects", "refs"} - {leave_out}:
        (folder / name).mkdir()
    (folder / "config").write_text("[core]\n")


def test_a_git_folder_no_dot_git_above_names_is_found_by_what_it_holds(tmp_path):
    # the review's D4: ``git init --separate-git-dir=meta sub`` names meta from sub/.git, a
    # sibling; a write to meta/config or meta/hooks was let through
    git_folder_at(tmp_path / "meta")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub/.git").write_text(f"gitdir: {tmp_path / 'meta'}\n")
    assert in_git_folder(real(tmp_path / "meta/config"))
    assert in_git_folder(real(tmp_path / "meta/hooks/test_m.py"))
    assert in_git_folder(real(tmp_path / "meta/refs/tags"))
    assert not in_git_folder(real(tmp_path / "other/config"))


@pytest.mark.parametrize("leave_out", ["HEAD", "objects", "refs"])
def test_a_folder_missing_what_git_looks_for_is_no_git_folder(tmp_path, leave_out):
    git_folder_at(tmp_path / "meta", leave_out)
    assert not in_git_folder(real(tmp_path / "meta/config"))
