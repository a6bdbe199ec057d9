"""Whether a real location is inside a git folder: the lab's owner of the rule (the CLI's is
``lint-rules/src/cli/writeTargets.ts``, ``isDotGit`` and ``inGitFolder``; both are held to the
names in ``lint-rules/test/fixtures/dotgit-names.json``).

git runs its hooks and reads its config from its folder, so promote writes nothing there,
whatever the path calls it: ``.git`` as git itself spells it on NTFS and HFS+ (path.c,
``is_ntfs_dotgit``; utf8.c, ``is_hfs_dotgit``), a folder a ``.git`` file's ``gitdir:``
names or a ``.git`` symbolic link leads to, compared by real location, or a folder holding
what git's ``is_git_directory`` looks for (``HEAD``, ``objects/``, ``refs/``)."""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Callable
from pathlib import PurePath

from .folder_fd import LOOK_FLAGS, WALK_BY_FD, open_folder_at

# the code points HFS+ ignores in a name, as git's next_hfs_char lists them
_HFS_IGNORED = dict.fromkeys(
    [*range(0x200C, 0x2010), *range(0x202A, 0x202F), *range(0x206A, 0x2070), 0xFEFF]
)
# NTFS: ``.git`` or the short name ``git~1`` in any ASCII case, then only the dots and spaces
# Windows drops, up to the end, a colon (an alternate stream) or a backslash
_NTFS_DOTGIT = re.compile(r"(?:\.[gG][iI][tT]|[gG][iI][tT]~1)[. ]*(?:[:\\/]|\Z)")
_HFS_DOTGIT = re.compile(r"\.[gG][iI][tT]\Z")
# git's bound on a .git file (setup.c, read_gitfile_gently: larger is READ_GITFILE_ERR_TOO_LARGE)
GIT_FILE_MAX = 1 << 20
# Linux's PATH_MAX: git's is_git_directory cannot access() a longer gitdir, so it is no git
# folder; resolving one part by part (realpath) took time quadratic in its parts
GITDIR_PATH_MAX = 4096
_GITDIR_PREFIX = b"gitdir: "
# opened without following a link and without blocking (a FIFO swapped in after the lstat
# would hang the read); O_NOFOLLOW and O_NONBLOCK are 0 where the platform has none
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)


def is_dot_git(name: str) -> bool:
    """Whether git takes ``name`` (one path part) for ``.git``: NTFS's spellings (``GIT~1``,
    ``.git.``, ``.git::$INDEX_ALLOCATION``) or HFS+'s (``.git`` once the code points it
    ignores are dropped: ``.g\\u200cit``)."""
    return bool(_NTFS_DOTGIT.match(name) or _HFS_DOTGIT.match(name.translate(_HFS_IGNORED)))


def _gitdir_of(folder: str) -> str | None:
    """The real location of the git folder a ``.git`` in ``folder`` stands for under another
    name: where a ``.git`` symbolic link leads, or a ``.git`` file's ``gitdir:`` (relative to
    ``folder``); None otherwise."""
    return _gitdir_at(None, lambda: folder)


def _resolved_gitdir(folder: str, named: str | None) -> str | None:
    """The real location of the gitdir ``named`` in ``folder``'s ``.git`` file, or None."""
    if not named:
        return None
    gitdir = os.path.join(folder, named)
    if len(os.fsencode(gitdir)) >= GITDIR_PATH_MAX:
        return None  # git cannot open it either; realpath of it would be quadratic
    return os.path.realpath(gitdir)


def read_git_file(dot_git: str, dir_fd: int | None = None) -> str | None:
    """The folder a ``.git`` file names, as git reads one (setup.c, ``read_gitfile_gently``):
    a regular file of at most ``GIT_FILE_MAX`` bytes starting with ``gitdir: ``; the path is
    the rest of its first line, trailing white space dropped; anything else names nothing.
    Checked on the descriptor to be a regular file, read once, bounded, parsed in one pass (a
    pattern over the whole text backtracked quadratically and held the GIL). Raises OSError."""
    fd = os.open(dot_git, _OPEN_FLAGS, dir_fd=dir_fd)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        chunks: list[bytes] = []
        size = 0
        while size <= GIT_FILE_MAX:
            chunk = os.read(fd, GIT_FILE_MAX + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if size > GIT_FILE_MAX or not data.startswith(_GITDIR_PREFIX):
        return None
    line = data[len(_GITDIR_PREFIX) :].split(b"\n", 1)[0]
    named = line.decode("utf-8", errors="replace").rstrip()
    return named or None


def _within(folder: str, path: str) -> bool:
    try:
        return os.path.commonpath([folder, path]) == folder
    except ValueError:  # on Windows, another drive
        return False


def is_git_directory(folder: str) -> bool:
    """Whether ``folder`` holds what git's ``is_git_directory`` (setup.c) looks for:
    ``HEAD`` (a file or a link), ``objects/`` and ``refs/``. A git folder no ``.git`` above a
    path names (``git init --separate-git-dir=meta sub``: ``meta``, named only by its sibling
    ``sub/.git``; a bare repository) is found so. ``HEAD`` first: one ``lstat`` for a folder
    that is none. The CLI's is ``isGitDirectory`` in writeTargets.ts."""
    return _is_git_directory_at(None, folder)


def _is_git_directory_at(fd: int | None, folder: str = "") -> bool:
    """``is_git_directory`` of the folder open at ``fd`` (``folder`` ""), or of ``folder``
    by path (``fd`` None)."""
    try:
        head = os.stat(os.path.join(folder, "HEAD"), dir_fd=fd, follow_symlinks=False).st_mode
        if not (stat.S_ISREG(head) or stat.S_ISLNK(head)):
            return False
        return all(
            stat.S_ISDIR(os.stat(os.path.join(folder, name), dir_fd=fd).st_mode)
            for name in ("objects", "refs")
        )
    except OSError:  # nothing there, ENOTDIR, EACCES: git could not take it for one either
        return False


def _gitdir_at(fd: int | None, folder: Callable[[], str]) -> str | None:
    """``_gitdir_of`` of the folder open at ``fd``: its ``.git`` looked at and read there,
    without walking the folders above it again; ``folder()`` names it, asked only when a
    ``.git`` is there (building every folder's name was quadratic in the depth). ``fd``
    None: by path."""
    dot_git = ".git" if fd is not None else os.path.join(folder(), ".git")
    try:
        status = os.stat(dot_git, dir_fd=fd, follow_symlinks=False)
        if stat.S_ISLNK(status.st_mode):
            return os.path.realpath(os.path.join(folder(), ".git"))
        if not stat.S_ISREG(status.st_mode):
            return None
        named = read_git_file(dot_git, dir_fd=fd)
    except OSError:
        return None
    return _resolved_gitdir(folder(), named)


def in_git_folder(real: str) -> bool:
    """Whether ``real`` (a real location: absolute, its folders' links resolved) is inside a
    git folder, or is one: a part of it is ``.git`` (``is_dot_git``), it or a folder above it
    holds what a git folder holds (``is_git_directory``), or a folder above it holds a
    ``.git`` file or link naming a git folder that holds it. Blocking (``lstat`` up to the
    file system's root, as git looks for a repository)."""
    if any(is_dot_git(name) for name in PurePath(real).parts):
        return True
    if WALK_BY_FD:
        walked = _in_git_folder_by_fd(real)
        if walked is not None:
            return walked
    if is_git_directory(real):
        return True
    folder = os.path.dirname(real)
    while True:
        if is_git_directory(folder):
            return True
        gitdir = _gitdir_of(folder)
        if gitdir is not None and _within(gitdir, real):
            return True
        up = os.path.dirname(folder)
        if up == folder:
            return False
        folder = up


def _in_git_folder_by_fd(real: str) -> bool | None:
    """``in_git_folder`` walking down from the file system's root by descriptor, each folder
    looked at once where it is open (linear in the depth: walking up with a ``lstat`` of
    each folder's ``.git`` made a path 1,000 folders deep quadratic). None when a name on
    the way is a link (swapped in since ``real`` was resolved) or cannot be passed: the
    caller judges by path."""
    path = PurePath(real)
    names = path.parts[1:]
    try:
        fd = os.open(path.anchor, LOOK_FLAGS)
    except OSError:
        return None
    try:
        for depth in range(len(names) + 1):
            if depth:
                try:
                    below = open_folder_at(fd, names[depth - 1], LOOK_FLAGS)
                except OSError as error:
                    if error.errno in (errno.ENOENT, errno.ENOTDIR):
                        return False  # nothing below: no .git, no git folder
                    return None
                os.close(fd)
                fd = below
            if _is_git_directory_at(fd):
                return True
            if depth < len(names):
                gitdir = _gitdir_at(fd, lambda at=depth: os.path.join(path.anchor, *names[:at]))
                if gitdir is not None and _within(gitdir, real):
                    return True
        return False
    finally:
        os.close(fd)
