"""The git operations reproduce and the lab need, through the ``git`` command: find the
repository, its state, a commit, and a temporary worktree.

Every call has a time-out, runs nothing the repository's own config names (a checkout leaves
filtered files, such as git-lfs pointers, as stored), and an error names the repository and
what git said.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

GIT_TIMEOUT = 60.0


class GitError(RuntimeError):
    """git failed; the message has the command's own first line."""


def git(
    repo: Path, *args: str, check: bool = True, timeout: float = GIT_TIMEOUT, text: bool = True
) -> Any:
    """``git -C repo ARGS`` with nothing the repository's own config names allowed to run
    (fsmonitor, hooks, filter drivers, external diff: record/git.py owns that list), no pager,
    no prompt. Its output as text, or as bytes with ``text=False`` (a blob)."""
    from .record import git as recording

    overrides = getattr(recording, "filter_overrides", None) or recording._filter_overrides

    if shutil.which("git") is None:
        raise GitError("git is not installed (reproduce needs the git command)")
    try:
        done = subprocess.run(
            ["git", "-C", str(repo), "--no-pager", *recording._SAFE, *overrides(str(repo)), *args],
            capture_output=True,
            text=text,
            env=recording._env(),
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise GitError(f"git {args[0]} in {repo} took longer than {timeout:.0f} s") from None
    if check and done.returncode != 0:
        said = done.stderr if text else os.fsdecode(done.stderr)
        first = (said.strip() or (done.stdout.strip() if text else "")).splitlines()
        raise GitError(f"git {' '.join(args[:2])} in {repo}: {first[0] if first else 'failed'}")
    return done.stdout


def find_repository(start: Path) -> Path | None:
    """The top folder of the git repository holding ``start``, or None."""
    start = Path(start)
    if not start.exists() or shutil.which("git") is None:
        return None
    folder = start if start.is_dir() else start.parent
    try:
        top = git(folder, "rev-parse", "--show-toplevel", check=True).strip()
    except GitError:
        return None
    return Path(top).resolve() if top else None


def has_commit(repo: Path, commit: str) -> bool:
    try:
        git(repo, "cat-file", "-e", f"{commit}^{{commit}}")
    except GitError:
        return False
    return True


def is_shallow(repo: Path) -> bool:
    return git(repo, "rev-parse", "--is-shallow-repository", check=False).strip() == "true"


@dataclass(frozen=True)
class Status:
    dirty_paths: list[str]  # tracked files changed against HEAD (repository-relative, POSIX)

    @property
    def dirty(self) -> bool:
        return bool(self.dirty_paths)


def status(repo: Path) -> Status:
    """Tracked files that differ from HEAD (untracked files do not make a tree dirty: the
    recorded diff is of tracked files only)."""
    out = git(repo, "status", "--porcelain=v1", "-z", "--untracked-files=no")
    paths = []
    entries = out.split("\0")
    index = 0
    while index < len(entries):
        entry = entries[index]
        index += 1
        if len(entry) < 4:
            continue
        code, path = entry[:2], entry[3:]
        if "R" in code or "C" in code:
            index += 1  # the rename's source follows
        paths.append(path)
    return Status(sorted(paths))


def is_tracked(repo: Path, relpath: str) -> bool:
    out = git(repo, "ls-files", "--error-unmatch", "--", relpath, check=False)
    return bool(out.strip())


def add_worktree(repo: Path, where: Path, commit: str) -> None:
    """A detached worktree of ``commit`` at ``where`` (which must not exist yet)."""
    git(repo, "worktree", "add", "--detach", "--force", str(where), commit, timeout=300)


def remove_worktree(repo: Path, where: Path) -> None:
    """Remove the worktree and git's record of it; never raises (also runs on failures)."""
    try:
        git(repo, "worktree", "remove", "--force", "--force", str(where), check=False)
    finally:
        shutil.rmtree(where, ignore_errors=True)
        git(repo, "worktree", "prune", check=False)


def apply_diff(tree: Path, diff: Path) -> None:
    """Apply a recorded ``git diff --binary HEAD`` to the worktree (index untouched)."""
    if diff.stat().st_size == 0:
        return
    git(tree, "apply", "--binary", "--whitespace=nowarn", str(diff), timeout=300)
