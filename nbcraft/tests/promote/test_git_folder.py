"""``git_folder``: ``.git`` as git spells it and the git folder a ``.git`` file or link names,
held to the table the CLI's ``isDotGit`` is tested against
(``lint-rules/test/fixtures/dotgit-names.json``, ``lint-rules/test/cli/writeAttack.test.ts``),
and judged on real folders."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from nbcraft.promote import git_folder
from nbcraft.promote.git_folder import (
    GIT_FILE_MAX,
    GITDIR_PATH_MAX,
    git_folder_kind,
    in_git_folder,
    is_dot_git,
    is_git_directory,
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


def test_a_gitdir_of_many_short_parts_names_no_git_folder(tmp_path):
    # the review's D1: ``gitdir: a/a/a/...`` under GIT_FILE_MAX; realpath of it was
    # quadratic (160k parts 5.5 s; 1 MiB never finished). A path longer than PATH_MAX is
    # no git folder for git either (is_git_directory's access() fails), so it names nothing.
    # (How long it takes, by the number of parts: bench/promote-gitdir-parts.py.)
    (tmp_path / "src").mkdir()
    (tmp_path / ".git").write_text("gitdir: " + "a/" * 200_000 + "\n")
    assert not in_git_folder(real(tmp_path / "src/m.py"))
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


HEADS = json.loads(
    (Path(__file__).parents[3] / "lint-rules/test/fixtures/git-heads.json").read_text(
        encoding="utf-8"
    )
)["heads"]
HAS_GIT = shutil.which("git") is not None


def git_takes(folder: Path) -> bool:
    """Whether git itself takes ``folder`` for a git folder."""
    return (
        subprocess.run(
            ["git", "--git-dir", str(folder), "rev-parse", "--git-dir"],
            capture_output=True,
            env={**os.environ, "GIT_CEILING_DIRECTORIES": str(folder.parent)},
            check=False,
        ).returncode
        == 0
    )


@pytest.mark.parametrize("case", HEADS, ids=[case["name"] for case in HEADS])
def test_head_must_read_as_a_ref_as_git_decides(tmp_path, case):
    # the s19 review: any HEAD file made a folder with objects/ and refs/ a git folder
    meta = tmp_path / "meta"
    git_folder_at(meta, "HEAD")
    if "link" in case:
        (meta / "HEAD").symlink_to(case["link"])
    else:
        text = case["head"] + "x" * case.get("pad", 0) + case.get("then", "")
        (meta / "HEAD").write_bytes(text.encode())
    assert in_git_folder(real(meta / "config")) is case["gitFolder"]
    assert is_git_directory(str(meta)) is case["gitFolder"]
    if HAS_GIT:
        assert git_takes(meta) is case["gitFolder"]


def test_a_head_that_is_a_fifo_or_a_folder_is_no_ref(tmp_path):
    meta = tmp_path / "meta"
    git_folder_at(meta, "HEAD")
    os.mkfifo(meta / "HEAD")  # not read: it would block
    assert not in_git_folder(real(meta / "config"))
    (meta / "HEAD").unlink()
    (meta / "HEAD").mkdir()
    assert not in_git_folder(real(meta / "config"))


def git(*args: str, cwd: Path) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@t",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@t",
    }
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


@pytest.mark.skipif(not HAS_GIT, reason="needs git")
def test_the_review_repro_a_data_folder_is_no_git_folder(tmp_path):
    git("init", "-q", ".", cwd=tmp_path)
    (tmp_path / "data/objects").mkdir(parents=True)
    (tmp_path / "data/refs").mkdir()
    (tmp_path / "data/HEAD").write_text("not a ref\n")
    assert not git_takes(tmp_path / "data")
    assert not in_git_folder(real(tmp_path / "data/m.py"))
    assert git_folder_kind(real(tmp_path / "data/m.py")) is None


@pytest.mark.skipif(not HAS_GIT, reason="needs git")
def test_real_git_folders_are_still_found(tmp_path):
    git("init", "-q", "--bare", "bare", cwd=tmp_path)
    assert git_folder_kind(real(tmp_path / "bare/config")) == "contents"
    assert git_folder_kind(real(tmp_path / "bare/hooks/x")) == "contents"
    # a worktree of a repository whose git folder is meta: no .git in any name
    git("init", "-q", "--separate-git-dir=meta", "sub", cwd=tmp_path)
    git("commit", "-q", "--allow-empty", "-m", "c", cwd=tmp_path / "sub")
    git("worktree", "add", "-q", "../wt", cwd=tmp_path / "sub")
    worktree_gitdir = tmp_path / "meta/worktrees/wt"
    assert (worktree_gitdir / "HEAD").is_file()
    assert git_folder_kind(real(worktree_gitdir / "config.worktree")) == "contents"
    assert git_folder_kind(real(tmp_path / "meta/config")) == "contents"
    # a detached HEAD of 64 hex digits
    git("init", "-q", "--bare", "--object-format=sha256", "sha", cwd=tmp_path)
    (tmp_path / "sha/HEAD").write_text("f" * 64 + "\n")
    assert git_takes(tmp_path / "sha")
    assert git_folder_kind(real(tmp_path / "sha/config")) == "contents"
    # named by a .git on the way: said so
    git("init", "-q", "repo", cwd=tmp_path)
    assert git_folder_kind(real(tmp_path / "repo/.git/config")) == "dotgit"
    assert git_folder_kind(real(tmp_path / "repo/src/m.py")) is None


COMMONDIRS = json.loads(
    (Path(__file__).parents[3] / "lint-rules/test/fixtures/git-commondirs.json").read_text(
        encoding="utf-8"
    )
)["commondirs"]


def worktree_folder(tmp_path: Path, text: str) -> Path:
    """``m`` beside a git folder ``r/.git``, with a valid HEAD and a commondir of ``text``."""
    git_folder_at(tmp_path / "r/.git")
    m = tmp_path / "m"
    m.mkdir()
    (m / "HEAD").write_text("ref: refs/heads/main\n")
    (m / "commondir").write_bytes(text.replace("{common}", str(tmp_path / "r/.git")).encode())
    return m


@pytest.mark.parametrize("case", COMMONDIRS, ids=[case["name"] for case in COMMONDIRS])
def test_a_linked_worktrees_git_folder_is_found_by_its_commondir(tmp_path, case):
    # a linked worktree's git folder holds HEAD and a commondir naming the folder with
    # objects/ and refs/; a project can hold one (m/commondir: ../.git) and git takes it
    m = worktree_folder(tmp_path, case["text"])
    assert is_git_directory(str(m)) is case["gitFolder"]
    assert in_git_folder(real(m / "config.worktree")) is case["gitFolder"]
    assert in_git_folder(real(m / "sub/x.py")) is case["gitFolder"]
    if HAS_GIT:
        assert git_takes(m) is case["gitFolder"]


def test_a_commondir_without_a_head_that_reads_as_a_ref_is_none(tmp_path):
    m = worktree_folder(tmp_path, "../r/.git\n")
    (m / "HEAD").write_text("not a ref\n")
    assert not in_git_folder(real(m / "config.worktree"))


def bare_with_worktree(tmp_path: Path, name: str) -> Path:
    """A bare repository ``b.git`` (no template: no hooks folder) and a worktree ``name`` in it."""
    git("init", "-q", "r", cwd=tmp_path)
    git("commit", "-q", "--allow-empty", "-m", "c", cwd=tmp_path / "r")
    (tmp_path / "template").mkdir()
    git("clone", "-q", "--bare", f"--template={tmp_path / 'template'}", "r", "b.git", cwd=tmp_path)
    git("worktree", "add", "-q", name, cwd=tmp_path / "b.git")
    assert (tmp_path / "b.git" / name / ".git").is_file()
    return tmp_path / "b.git"


@pytest.mark.skipif(not HAS_GIT, reason="needs git")
def test_a_worktree_inside_a_bare_repository_is_no_git_folder(tmp_path):
    # git clone --bare r b.git; git -C b.git worktree add inner: inner's files are the
    # worktree's (was: refused as the bare repository's)
    bare = bare_with_worktree(tmp_path, "inner")
    assert git_folder_kind(real(bare / "inner/src/m.py")) is None
    assert git_folder_kind(real(bare / "inner/m.py")) is None
    # the bare repository's own files, and the worktree's git folder, still are
    assert git_folder_kind(real(bare / "config")) == "contents"
    assert git_folder_kind(real(bare / "hooks/pre-commit")) == "contents"
    assert git_folder_kind(real(bare / "worktrees/inner/config.worktree")) == "contents"
    assert git_folder_kind(real(bare / "inner/.git")) == "dotgit"


@pytest.mark.skipif(not HAS_GIT, reason="needs git")
def test_a_worktree_named_as_a_folder_git_reads_stays_refused(tmp_path):
    # git runs b.git/hooks/pre-commit, whatever folder it is
    bare = bare_with_worktree(tmp_path, "hooks")
    assert git_folder_kind(real(bare / "hooks/pre-commit")) == "contents"


@pytest.mark.skipif(not HAS_GIT, reason="needs git")
@pytest.mark.parametrize("name", ["ahead", "overhead", "Info"])
def test_a_worktree_not_spelled_as_git_spells_its_names_is_written(tmp_path, name):
    # git reads only an upper-case *HEAD and its lower-case folders: on a folder that keeps
    # case these are the worktree's own (was: refused, by any name ending in "head", any case)
    bare = bare_with_worktree(tmp_path, name)
    assert git_folder_kind(real(bare / name / "m.py")) is None
    assert git_folder_kind(real(bare / "HEAD")) == "contents"


def test_a_name_spelled_otherwise_is_gits_where_the_folder_gives_one_entry_for_both(tmp_path):
    # what a folder that ignores case answers: one entry under both spellings (a hard link)
    folder = tmp_path / "g"
    folder.mkdir()
    (folder / "config").write_text("[core]\n")
    (folder / "Index").write_text("")
    os.link(folder / "config", folder / "Config")
    assert git_folder.is_git_folder_name_in(str(folder), "Config") is True
    assert git_folder.is_git_folder_name_in(str(folder), "Index") is False  # no `index`
    assert git_folder.is_git_folder_name_in(str(folder), "ahead") is False
    assert git_folder.is_git_folder_name_in(str(folder), "config") is True
    fd = os.open(folder, os.O_RDONLY)
    try:  # (the walk by descriptor asks the folder open there)
        assert git_folder.is_git_folder_name_in("", "Config", fd) is True
        assert git_folder.is_git_folder_name_in("", "Index", fd) is False
    finally:
        os.close(fd)


GIT_FOLDER_NAMES = json.loads(
    (Path(__file__).parents[3] / "lint-rules/test/fixtures/git-folder-names.json").read_text(
        encoding="utf-8"
    )
)


def test_git_folder_names_are_the_shared_fixtures():
    # the CLI's writeTargets.ts GIT_FOLDER_NAMES is held to the same file (gitDirByContents)
    assert sorted(git_folder._GIT_FOLDER_NAMES) == sorted(GIT_FOLDER_NAMES["names"])


@pytest.mark.parametrize("name, expected", sorted(GIT_FOLDER_NAMES["cases"].items()))
def test_is_git_folder_name_as_the_shared_fixture_says(name, expected):
    assert git_folder.is_git_folder_name(name) is expected


@pytest.mark.parametrize("name, expected", sorted(GIT_FOLDER_NAMES["folded"].items()))
def test_git_spelling_folded_as_the_shared_fixture_says(name, expected):
    assert git_folder.git_spelling_folded(name) == expected
