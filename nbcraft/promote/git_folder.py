"""Whether a real location is inside a git folder: the lab's owner of the rule (the CLI's is
``lint-rules/src/cli/writeTargets.ts``, ``isDotGit`` and ``inGitFolder``; both are held to the
names in ``lint-rules/test/fixtures/dotgit-names.json``).

git runs its hooks and reads its config from its folder, so promote writes nothing there,
whatever the path calls it: ``.git`` as git itself spells it on NTFS and HFS+ (path.c,
``is_ntfs_dotgit``; utf8.c, ``is_hfs_dotgit``), a folder a ``.git`` file's ``gitdir:``
names or a ``.git`` symbolic link leads to, compared by real location, or a folder git's
``is_git_directory`` takes for one (``HEAD`` that reads as a ref, ``objects/``, ``refs/``
there or in the folder its ``commondir`` names; the cases:
``lint-rules/test/fixtures/git-heads.json`` and ``git-commondirs.json``)."""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Callable
from pathlib import PurePath
from typing import Literal

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
    Read as ``_read_regular`` reads, parsed in one pass (a pattern over the whole text
    backtracked quadratically and held the GIL). Raises OSError."""
    data = _read_regular(dot_git, GIT_FILE_MAX + 1, dir_fd)
    if data is None or len(data) > GIT_FILE_MAX or not data.startswith(_GITDIR_PREFIX):
        return None
    line = data[len(_GITDIR_PREFIX) :].split(b"\n", 1)[0]
    named = line.decode("utf-8", errors="replace").rstrip()
    return named or None


def _read_regular(
    name: str, limit: int, dir_fd: int | None = None, flags: int = _OPEN_FLAGS
) -> bytes | None:
    """At most ``limit`` bytes from the start of ``name``, or None when it is no regular
    file: opened without following a link and without blocking (a FIFO swapped in after a
    ``lstat`` would hang the read), checked on the descriptor, read once, bounded. Raises
    OSError (ELOOP for a link)."""
    fd = os.open(name, flags, dir_fd=dir_fd)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        chunks: list[bytes] = []
        size = 0
        while size < limit:
            chunk = os.read(fd, limit - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    finally:
        os.close(fd)
    return b"".join(chunks)


# how much of HEAD git reads (setup.c, validate_headref: a 256-byte buffer, NUL-ended)
_HEAD_READ_MAX = 255
# what validate_headref skips after ``ref:``: git's isspace (git-compat-util.h), no \v or \f
_GIT_SPACE = b" \t\n\r"
_OBJECT_ID = re.compile(rb"[0-9a-fA-F]{40}")


def _is_head_ref(head: str, mode: int, dir_fd: int | None) -> bool:
    """Whether ``head`` (its ``lstat`` mode ``mode``) reads as a ref to git (setup.c,
    ``validate_headref``): a symbolic link whose target starts with ``refs/``, or a regular
    file whose first 255 bytes, up to a NUL, are ``ref:``, git's white space, then
    ``refs/``, or start with an object id (40 hex digits: SHA-1, or the first 40 of
    SHA-256's 64). A FIFO, a folder, anything else is none; past 255 bytes nothing is read:
    a large HEAD is judged on its start, as git judges it. The CLI's is ``isHeadRef``.
    Raises OSError."""
    if stat.S_ISLNK(mode):
        return os.readlink(head, dir_fd=dir_fd).startswith("refs/")
    if not stat.S_ISREG(mode):
        return False
    text = _read_regular(head, _HEAD_READ_MAX, dir_fd)
    if text is None:
        return False
    text = text.split(b"\0", 1)[0]
    if text.startswith(b"ref:") and text[4:].lstrip(_GIT_SPACE).startswith(b"refs/"):
        return True
    return _OBJECT_ID.match(text) is not None


def _within(folder: str, path: str) -> bool:
    try:
        return os.path.commonpath([folder, path]) == folder
    except ValueError:  # on Windows, another drive
        return False


def is_git_directory(folder: str) -> bool:
    """Whether ``folder`` is a git folder as git's ``is_git_directory`` (setup.c) decides:
    ``HEAD`` that reads as a ref (``_is_head_ref``), ``objects/`` and ``refs/`` in its
    common folder (``_common_dir``: a linked worktree's git folder holds only a
    ``commondir`` naming the folder that has them). A git folder no ``.git`` above a path
    names (``git init --separate-git-dir=meta sub``:
    ``meta``, named only by its sibling ``sub/.git``; a bare repository) is found so.
    ``HEAD``'s ``lstat`` first: one ``lstat`` for a folder that is none; its 255 bytes read
    last. The CLI's is ``isGitDirectory`` in writeTargets.ts."""
    return _is_git_directory_at(None, folder)


# as _OPEN_FLAGS, following a symbolic link: git reads ``commondir`` through one
_FOLLOW_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)


def _common_dir(fd: int | None, folder: str, named: Callable[[], str]) -> str | None | bool:
    """Where the git folder open at ``fd`` (or at ``folder`` by path) keeps ``objects/``
    and ``refs/``, as git finds it (setup.c, ``get_common_dir_noenv``): a linked worktree's
    git folder (``…/worktrees/x``) holds a ``commondir`` file naming the shared folder,
    relative to it (``named()`` names it, asked only then), its trailing CRs and LFs
    dropped, up to a NUL; True without that file (the folder itself); None where git stops
    (an empty or unreadable ``commondir``) or no folder can be named (PATH_MAX). The CLI's
    is ``commonDirOf``. Raises OSError."""
    name = os.path.join(folder, "commondir")
    try:
        os.stat(name, dir_fd=fd)
    except FileNotFoundError:
        return True
    data = _read_regular(name, GITDIR_PATH_MAX + 1, fd, _FOLLOW_FLAGS)
    if not data or len(data) > GITDIR_PATH_MAX:
        return None
    common = data.rstrip(b"\r\n").split(b"\0", 1)[0]
    return os.path.join(named(), common.decode("utf-8", errors="replace"))


def _is_git_directory_at(
    fd: int | None, folder: str = "", named: Callable[[], str] | None = None
) -> bool:
    """``is_git_directory`` of the folder open at ``fd`` (``folder`` "", ``named()`` its
    path, asked only for a relative ``commondir``), or of ``folder`` by path (``fd``
    None)."""
    head = os.path.join(folder, "HEAD")
    try:
        mode = os.stat(head, dir_fd=fd, follow_symlinks=False).st_mode
        if not (stat.S_ISREG(mode) or stat.S_ISLNK(mode)):
            return False
        common = _common_dir(fd, folder, named or (lambda: folder))
        if common is None:
            return False
        # the folder itself (at fd), or the common folder by path
        at, base = (fd, folder) if common is True else (None, common)
        return all(
            stat.S_ISDIR(os.stat(os.path.join(base, name), dir_fd=at).st_mode)
            for name in ("objects", "refs")
        ) and _is_head_ref(head, mode, fd)
    except OSError:  # nothing there, ENOTDIR, EACCES, ELOOP: git could not take it for one
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


GitFolderKind = Literal["dotgit", "contents"]

# git's own names at the top of its folder (gitrepository-layout): a worktree folder named so
# inside a bare repository (``git worktree add hooks``) is where git reads them from
_GIT_FOLDER_NAMES = frozenset(
    {"branches", "commondir", "config", "config.worktree", "description", "gitdir", "hooks",
     "index", "info", "logs", "lost-found", "modules", "objects", "packed-refs", "refs",
     "remotes", "rr-cache", "shallow", "svn", "worktrees"}
)  # fmt: skip


# git's HEAD and its upper-case *_HEAD files (ORIG_HEAD, FETCH_HEAD, CHERRY_PICK_HEAD)
_GIT_HEAD_NAME = re.compile(r"(?:[A-Z]+_)*HEAD")


def is_git_folder_name(name: str) -> bool:
    """Whether git reads ``name``, a part just below its folder, as its own, spelled exactly as
    git spells it: ``_GIT_FOLDER_NAMES``, ``HEAD`` or an upper-case ``*_HEAD``, a lock, a shared
    index (``ahead``, ``Info``: a worktree's own name; a folder that ignores case:
    ``is_git_folder_name_in``). The CLI's is ``isGitFolderName``."""
    return (
        name in _GIT_FOLDER_NAMES
        or _GIT_HEAD_NAME.fullmatch(name) is not None
        or name.endswith(".lock")
        or name.startswith("sharedindex.")
    )


def git_spelling_folded(name: str) -> str | None:
    """git's spelling of ``name`` when the two differ only in case (``Info``: ``info``,
    ``orig_head``: ``ORIG_HEAD``), else None (``ahead``, or git's spelling itself): the name
    git reads there on a folder that ignores case. The CLI's is ``gitSpellingFolded``."""
    for spelled in (name.lower(), name.upper()):
        if spelled != name and is_git_folder_name(spelled):
            return spelled
    return None


def is_git_folder_name_in(folder: str, name: str, fd: int | None = None) -> bool:
    """Whether ``name``, just below the git folder ``folder`` (or the one open at ``fd``), is
    git's own: spelled as git spells it, or spelled otherwise only in case where that folder
    gives the same entry under both spellings. The folder is asked, not the platform: macOS
    and Windows folders can keep case (APFS case-sensitive, a WSL folder), Linux ones can
    ignore it (ext4 casefold, vfat, SMB). The CLI's is ``isGitFolderNameIn``."""
    if is_git_folder_name(name):
        return True
    spelled = git_spelling_folded(name)
    if spelled is None:
        return False
    try:
        given = os.stat(os.path.join(folder, name), dir_fd=fd, follow_symlinks=False)
        git = os.stat(os.path.join(folder, spelled), dir_fd=fd, follow_symlinks=False)
    except OSError:  # either is not there: not one entry
        return False
    return (given.st_ino, given.st_dev) == (git.st_ino, git.st_dev)


def _tree_top_at(fd: int | None, folder: Callable[[], str]) -> bool:
    """Whether the folder open at ``fd`` (or ``folder()`` by path) is a working tree's top
    for git: its ``.git`` is a folder, a link, or a file naming a gitdir."""
    dot_git = ".git" if fd is not None else os.path.join(folder(), ".git")
    try:
        mode = os.stat(dot_git, dir_fd=fd, follow_symlinks=False).st_mode
    except OSError:
        return False
    if stat.S_ISDIR(mode) or stat.S_ISLNK(mode):
        return True
    return stat.S_ISREG(mode) and _gitdir_at(fd, folder) is not None


def in_git_folder(real: str) -> bool:
    """Whether ``real`` (a real location: absolute, its folders' links resolved) is inside a
    git folder, or is one (``git_folder_kind``). Blocking."""
    return git_folder_kind(real) is not None


def git_folder_shown(kind: GitFolderKind) -> str:
    """How a refusal names the git folder ``git_folder_kind`` found (the CLI's
    ``gitFolderShown`` says the same)."""
    if kind == "dotgit":
        return "a .git folder"
    return "a git folder (it holds HEAD, objects/ and refs/)"


def git_folder_kind(real: str) -> GitFolderKind | None:
    """How a git folder holds ``real`` (a real location: absolute, its folders' links
    resolved): ``"dotgit"``, a part of it is ``.git`` (``is_dot_git``) or a folder above it
    holds a ``.git`` file or link naming a git folder that holds it; ``"contents"``, only it
    or a folder above it is a git folder by what it holds (``is_git_directory``), with no
    worktree's folder between them (a bare repository's ``git worktree add inner``: git works
    there as in any working tree) unless it is named as git's own (``is_git_folder_name_in``);
    None, none. A ``.git`` name wins (the reason names it), as the CLI's ``gitFolderKind`` decides.
    Blocking (``lstat`` up to the file system's root, as git looks for a repository)."""
    if any(is_dot_git(name) for name in PurePath(real).parts):
        return "dotgit"
    if WALK_BY_FD:
        walked = _git_folder_kind_by_fd(real)
        if walked is not False:
            return walked
    kind: GitFolderKind | None = "contents" if is_git_directory(real) else None
    folder, child, tree_below = os.path.dirname(real), os.path.basename(real), False
    while True:
        # (a worktree's folder between it and real, not named as git's own: git's no more)
        own = tree_below and is_git_folder_name_in(folder, child)
        if is_git_directory(folder) and (not tree_below or own):
            kind = "contents"
        gitdir = _gitdir_of(folder)
        if gitdir is not None and _within(gitdir, real):
            return "dotgit"
        tree_below = tree_below or _tree_top_at(None, lambda at=folder: at)
        up = os.path.dirname(folder)
        if up == folder:
            return kind
        folder, child = up, os.path.basename(folder)


def _git_folder_kind_by_fd(real: str) -> GitFolderKind | None | Literal[False]:
    """``git_folder_kind`` walking down from the file system's root by descriptor, each
    folder looked at once where it is open (linear in the depth: walking up with a ``lstat``
    of each folder's ``.git`` made a path 1,000 folders deep quadratic). False when a name
    on the way is a link (swapped in since ``real`` was resolved) or cannot be passed: the
    caller judges by path."""
    path = PurePath(real)
    names = path.parts[1:]
    # (the depths of the git folders by what they hold, and whether the name below is git's)
    gits: list[tuple[int, bool]] = []
    trees: list[int] = []  # (those of the working trees' top folders above real)

    def kind() -> GitFolderKind | None:
        # a git folder holds real unless a worktree's folder is between (its name not git's)
        return next(
            (
                "contents"
                for g, own in gits
                if g == len(names) or own or not any(g < t for t in trees)
            ),
            None,
        )

    try:
        fd = os.open(path.anchor, LOOK_FLAGS)
    except OSError:
        return False
    try:
        for depth in range(len(names) + 1):
            if depth:
                try:
                    below = open_folder_at(fd, names[depth - 1], LOOK_FLAGS)
                except OSError as error:
                    if error.errno in (errno.ENOENT, errno.ENOTDIR):
                        return kind()  # nothing below: no .git, no git folder
                    return False
                os.close(fd)
                fd = below
            named = lambda at=depth: os.path.join(path.anchor, *names[:at])
            if _is_git_directory_at(fd, named=named):
                own = depth < len(names) and is_git_folder_name_in("", names[depth], fd)
                gits.append((depth, own))
            if depth < len(names):
                gitdir = _gitdir_at(fd, named)
                if gitdir is not None and _within(gitdir, real):
                    return "dotgit"
                if _tree_top_at(fd, named):
                    trees.append(depth)
        return kind()
    finally:
        os.close(fd)
