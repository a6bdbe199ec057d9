"""Promote's routes: ``GET /nbcraft/promote/existing`` (below) and ``POST
/nbcraft/promote/remove-folder`` (``EmptyFolderHandler``).

``GET /nbcraft/promote/existing?path=A&path=B`` -> ``{"paths": {"A": kind, ...},
"refused": {"B": reason}}``.

What the promote preview cannot learn from the contents API without a 404: whether a path
it would create is taken by something the listings leave out (``ContentsManager.hide_globs``:
a ``test_*`` glob, ``__init__.py``). ``kind`` is ``"file"``, ``"directory"``, ``null``
(nothing there), ``"refused"`` (with its reason in ``refused``) or ``"hidden"``: a path jupyter_server's hidden-file rules cover (a name
starting with ``.``, a hidden flag) is answered as such without saying whether it exists,
and the lab cannot write there anyway (Contents refuses, 400).

Asked of the contents manager itself, so it answers for what Contents serves: a path
``relative_path.refusal`` refuses (``..``, absolute, a control character, too long) is
"refused". So is a path promote must not write through (``_link_refusal``): a symbolic link
at it or at a folder between the root and it, even one leading inside the root, and a path
whose real location is inside a git folder (``git_folder``), and one where something is
that is not a regular file (a FIFO: the CLI refuses it too). Contents follows links when it writes
(jupyter_server's ``atomic_writing`` replaces a linked file's path with the link's target,
and the folders on the way are the operating system's to follow), so a pull request's
``src/utils.py -> ../.git/hooks/pre-commit`` had the lab append Python to a git hook. A
path nothing can be
at (below a file) is ``null``, or "hidden" in a hidden folder; one the server may not look
into is "refused" with a reason that names no folder of the server's. Each path is answered
on its own: one refused path does not hide what is at the others. A user must be allowed to read ``contents`` as well as
``nbcraft-promote`` (``@authorized``, which awaits an async Authorizer). Nothing is read
or listed: the kinds only, which a Contents ``GET`` of each path would tell anyway.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import json
import os
import stat
from pathlib import PurePosixPath

from jupyter_server.auth.decorator import authorized
from jupyter_server.utils import ensure_async
from tornado import web

from ..handlers import NbcraftHandler
from ..relative_path import refusal, what_to_do
from .folder_fd import DIR_FLAGS, LOOK_FLAGS, WALK_BY_FD, open_folder_at
from .git_folder import git_folder_kind, git_folder_shown

AUTH_RESOURCE = "nbcraft-promote"
# A preview asks for its module, its test file and pytest's config files.
MAX_PATHS = 20


# Nothing can be at such a path (under a file, a name too long): "nothing there".
_NOTHING_THERE = {errno.ENOENT, errno.ENOTDIR, errno.ENAMETOOLONG}
# what rmdir answers for a folder that holds something, or a name that is no folder
_NOT_EMPTY = {errno.ENOTEMPTY, errno.EEXIST, errno.ENOTDIR}


def _has_hidden_name(path: str) -> bool:
    """Whether a part of ``path`` is a dot-name, which Jupyter hides (parts, not
    ``split("/")``: a "." segment is no hidden name)."""
    return any(part.startswith(".") for part in PurePosixPath(path).parts)


async def _under_hidden_folder(cm, path: str) -> bool:
    """Whether a folder above ``path`` is hidden, asked from the top down as far as the
    manager can look."""
    for folder in reversed(PurePosixPath(path).parents[:-1]):
        try:
            if await ensure_async(cm.is_hidden(folder.as_posix())):
                return True
        except (OSError, web.HTTPError):
            return False
    return False


def _link_refusal(cm, path: str) -> str | None:
    """Why promote must not write at ``path`` (relative to the root, ``refusal`` passed): a
    symbolic link at it or at a folder between the root and it, a file with more than one
    hard link, or a real location inside a git folder (``git_folder.git_folder_kind``:
    ``.git`` as git spells it, the folder a ``.git`` file's ``gitdir:`` or a ``.git`` link
    names, or a folder git takes for one by what it holds, named so in the reason);
    None otherwise, and for a contents manager that keeps no files on disk. Each name is
    looked at from the root down (on POSIX in its folder opened by descriptor, linear in the
    depth: ``_names_by_fd``), so the first link on the way is named; past a name that is not
    there, nothing below can be a link. Then, where folders are not walked by descriptor
    (Windows), the real location of the deepest name that exists is compared with the root
    joined to the same names: what ``lstat`` does not call a link
    still leads elsewhere there (a Windows junction, which Python 3.11 reports as a folder;
    an 8.3 short name ``GIT~1``, an ``::$INDEX_ALLOCATION`` stream name that is ``.git``).
    The reason names the link's target only when it is inside the root (relative to it),
    never a folder of the server's. Blocking: run it in a thread."""
    if getattr(cm, "_get_os_path", None) is None:
        return None
    root = os.path.abspath(cm.root_dir)
    real_root = os.path.realpath(root)
    parts = PurePosixPath(path).parts
    found, link, status = (_names_by_fd if _WALK_BY_FD else _names_by_path)(root, parts)
    if link is not None:
        return _link_reason(
            PurePosixPath(*parts[: link + 1]).as_posix(),
            os.path.join(root, *parts[: link + 1]),
            real_root,
        )
    if found == len(parts) and status and stat.S_ISREG(status.st_mode) and status.st_nlink > 1:
        return (
            f"{path} is a file with {status.st_nlink} hard links: promote writes nothing"
            " to it, as Jupyter would change every name it has (a git hook, another"
            " notebook); replace it with a copy of its own"
        )
    if _WALK_BY_FD:
        # no link on the way, and a POSIX realpath resolves links only: no realpath, whose
        # lstat of every prefix made a deep path quadratic
        real = os.path.join(real_root, *parts[:found])
    else:
        real = _real_location(root, real_root, parts[:found])
    if real is None:
        return (
            f"{PurePosixPath(*parts[:found]).as_posix()} leads elsewhere than its name says"
            " (a junction or another name for a folder): promote writes nothing through it,"
            " as Jupyter would write where it leads; replace it with the folder itself"
        )
    # the real location, with the names not there yet (no link can be among them)
    git = git_folder_kind(os.path.join(real, *parts[found:]))
    if git is not None:
        return (
            f"{path} is inside {git_folder_shown(git)}: promote writes nothing there (git runs"
            " its hooks and reads its config); choose a path outside "
            + (".git" if git == "dotgit" else "it")
        )
    return None


def _special_refusal(cm, path: str) -> str | None:
    """Why promote must not write at ``path``, which Contents calls neither a file nor a
    folder: something is there that is not a regular file (a FIFO, a socket, a device: the
    write would block or vanish), in the CLI's words (writeRefusal.ts); None when nothing
    is there or the manager keeps no files on disk. Blocking: run it in a thread."""
    os_path_of = getattr(cm, "_get_os_path", None)
    if os_path_of is None:
        return None
    try:
        mode = os.lstat(os_path_of(path)).st_mode
    except OSError as error:
        if error.errno in _NOTHING_THERE:
            return None
        raise
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    return (
        f"{path} is not a regular file (a FIFO, a socket or a device); nbcraft writes only"
        " files there"
    )


_Names = tuple[int, "int | None", "os.stat_result | None"]


def _names_by_fd(root: str, parts: tuple[str, ...]) -> _Names:
    """How many of ``parts`` exist below ``root``, the index of the first symbolic link among
    them (or None), and the last one's ``lstat``: each name looked at in its folder, opened
    by descriptor without following a link (linear in the depth; a link swapped in meanwhile
    is met as a link)."""
    fd = os.open(root, LOOK_FLAGS)
    status = None
    try:
        for index, part in enumerate(parts):
            try:
                status = os.stat(part, dir_fd=fd, follow_symlinks=False)
            except OSError as error:
                if error.errno in _NOTHING_THERE:
                    return index, None, None
                raise
            if stat.S_ISLNK(status.st_mode):
                return index + 1, index, status
            if index + 1 == len(parts) or not stat.S_ISDIR(status.st_mode):
                return index + 1, None, status  # below a file, nothing is
            try:
                below = open_folder_at(fd, part, LOOK_FLAGS)
            except OSError as error:
                if error.errno == errno.ELOOP:
                    return index + 1, index, status
                if error.errno in _NOTHING_THERE:
                    return index, None, None
                raise
            os.close(fd)
            fd = below
        return len(parts), None, status
    finally:
        os.close(fd)


def _names_by_path(root: str, parts: tuple[str, ...]) -> _Names:
    """``_names_by_fd`` where folders cannot be opened by descriptor: ``lstat`` of each
    prefix from the root down (quadratic in the depth)."""
    at = root
    found = 0
    status = None
    for index, part in enumerate(parts):
        at = os.path.join(at, part)
        try:
            status = os.lstat(at)
        except OSError as error:
            if error.errno in _NOTHING_THERE:
                return found, None, None
            raise
        found = index + 1
        if stat.S_ISLNK(status.st_mode):
            return found, index, status
    return found, None, status


def _real_location(root: str, real_root: str, parts: tuple[str, ...]) -> str | None:
    """The real location of ``root`` joined to ``parts`` (all of which exist), or None when
    it is not the real root joined to the same names (case aside, where the file system
    ignores it): a name on the way led elsewhere."""
    real = os.path.realpath(os.path.join(root, *parts))
    expected = os.path.join(real_root, *parts)
    return real if os.path.normcase(real) == os.path.normcase(expected) else None


def _link_reason(link: str, os_link: str, real_root: str) -> str:
    """The reason for a symbolic link met at ``link`` (``os_link`` on disk). The target is
    named only when it is a path ``refusal`` lets through: a name with a line break or a
    direction mark would be shown as it is."""
    target = os.path.realpath(os_link)
    try:
        inside = os.path.commonpath([target, real_root]) == real_root
    except ValueError:  # on Windows, another drive
        inside = False
    relative = os.path.relpath(target, real_root).replace(os.sep, "/") if inside else ""
    if not inside:
        where = "a symbolic link that leads out of the Jupyter root"
    elif target == real_root:
        where = "a symbolic link to the Jupyter root"
    elif refusal(relative) is not None:
        where = "a symbolic link to a path with a name it will not show"
    else:
        where = f"a symbolic link to {relative}"
    return (
        f"{link} is {where}: promote writes nothing through a symbolic link, as Jupyter would"
        " write where it leads; replace the link with the file or folder itself"
    )


class ExistingPathsHandler(NbcraftHandler):
    auth_resource = AUTH_RESOURCE

    @web.authenticated
    @authorized
    # jupyter_server's own check, which awaits an Authorizer that answers with a coroutine
    @authorized(action="read", resource="contents")
    async def get(self) -> None:
        # raw: get_query_arguments turns control characters into spaces and strips the ends,
        # answering for a path other than the one asked about
        paths = [
            self.decode_argument(value, name="path")
            for value in self.request.query_arguments.get("path", [])
        ]
        if len(paths) > MAX_PATHS:
            self.write_problem(400, f"ask for at most {MAX_PATHS} paths at once")
            return
        cm = self.contents_manager
        kinds: dict[str, str | None] = {}
        # one path refused is said for that path: the others are still answered (a batch
        # refused whole left the lab previewing an existing hidden file as a new one)
        refused: dict[str, str] = {}
        for path in paths:
            why = refusal(path)
            if why is not None:
                kinds[path] = "refused"
                refused[path] = f"{why}: {what_to_do(why)}"
                continue
            try:
                # a dot-name first: below it, is_hidden's stat could tell what exists there
                if not cm.allow_hidden and (
                    _has_hidden_name(path) or await ensure_async(cm.is_hidden(path))
                ):
                    kinds[path] = "hidden"
                elif (why := await asyncio.to_thread(_link_refusal, cm, path)) is not None:
                    kinds[path] = "refused"
                    refused[path] = why
                elif await ensure_async(cm.dir_exists(path)):
                    kinds[path] = "directory"
                elif await ensure_async(cm.file_exists(path)):
                    kinds[path] = "file"
                elif (why := await asyncio.to_thread(_special_refusal, cm, path)) is not None:
                    kinds[path] = "refused"
                    refused[path] = why
                else:
                    kinds[path] = None
            except web.HTTPError as error:
                # the manager's own refusal (a path it will not serve)
                kinds[path] = "refused"
                refused[path] = error.log_message or "refused by the contents manager"
            except OSError as error:
                if error.errno in _NOTHING_THERE:
                    # below a file in a hidden folder (a hidden flag, no dot-name): "hidden"
                    # as below a missing name there, or the answer tells the two apart
                    hidden = not cm.allow_hidden and await _under_hidden_folder(cm, path)
                    kinds[path] = "hidden" if hidden else None
                    continue
                # EACCES and the like: said without the server's own path
                kinds[path] = "refused"
                refused[path] = (
                    f"the server cannot look there ({error.strerror or type(error).__name__})"
                )
        self.write_json({"paths": kinds, "refused": refused})


def _plain_name(name: object) -> str | None:
    """``name`` when it is one plain folder name (no separator, not absolute, not ``.`` or
    ``..``), else None: ``FileCheckpoints.checkpoint_dir`` may be an absolute folder, which
    ``os.path.join`` would take as the path itself (its rmdir then removed a folder out of
    the root, or its other checkpoints kept every folder promote made)."""
    if not isinstance(name, str) or name in ("", ".", ".."):
        return None
    if "/" in name or os.sep in name or (os.altsep and os.altsep in name):
        return None
    return None if os.path.isabs(name) else name


# POSIX: the folder is found by walking down from the root by descriptor, following no link
_WALK_BY_FD = WALK_BY_FD


def _remove_if_empty(
    os_path: str, checkpoint_dir: str | None, root: str, empty_init: bool = False
) -> str:
    """Remove the folder ``os_path`` when it holds nothing but an empty ``checkpoint_dir``
    (which jupyter_server's own deletes make in it): "removed"; "missing" when nothing is
    there; "kept" when it holds anything else, hidden names included, or is no longer a
    folder, or no longer under ``root``. ``os.rmdir`` removes only an empty folder, so a file
    written after the listing keeps the folder too; the checkpoint folder goes first, and only
    when empty. The handler's ``_within`` ran before an ``await``: a parent swapped for a link
    since then must not lead out, so on POSIX the folder is reached from ``root`` one name at a
    time with ``O_NOFOLLOW`` (a link met on the way: "kept"), elsewhere ``_within`` is asked
    again right before the removal. ``empty_init``: an empty regular ``__init__.py`` (the one
    promote made) does not count as something held, and goes with the folder; one written
    to, or a link, keeps the folder (and itself)."""
    if not _WALK_BY_FD:
        return _remove_if_empty_by_path(os_path, checkpoint_dir, root, empty_init)
    real_root = os.path.realpath(root)
    # the path as named, not resolved: a link on the way (even one inside the root) is met
    # by the walk, not followed (resolved first, link/pkg removed real/pkg)
    parent = os.path.relpath(os.path.dirname(os.path.abspath(os_path)), os.path.abspath(root))
    parts = [] if parent == os.curdir else parent.split(os.sep)
    if os.pardir in parts:  # out of the root since the handler's check
        return "kept"
    fds: list[int] = []
    try:
        try:
            fds.append(os.open(real_root, DIR_FLAGS))
            for part in parts:
                fds.append(open_folder_at(fds[-1], part))
        except OSError as error:
            return _outcome(error, reaching=True)
        return _remove_empty_at(fds[-1], os.path.basename(os_path), checkpoint_dir, empty_init)
    finally:
        for fd in fds:
            os.close(fd)


def _outcome(error: OSError, reaching: bool) -> str:
    """What an error says of the folder, the one place it is sorted: met while ``reaching``
    it (opening the folders down to it, or it), "missing" when nothing is there and "kept"
    when a link is met (``O_NOFOLLOW``: a parent or it became one); met while listing or
    removing it, "kept" when it holds something or is no folder. Any other is raised."""
    if reaching and error.errno in _NOTHING_THERE:
        return "missing"
    if (reaching and error.errno == errno.ELOOP) or (not reaching and error.errno in _NOT_EMPTY):
        return "kept"
    raise error


_INIT = "__init__.py"


def _put_back_init(folder_fd: int) -> None:
    """The empty ``__init__.py`` again, when its folder could not go after all."""
    with contextlib.suppress(FileExistsError):
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
        os.close(os.open(_INIT, flags, 0o644, dir_fd=folder_fd))


def _remove_empty_at(
    parent_fd: int, name: str, checkpoint_dir: str | None, empty_init: bool = False
) -> str:
    """``_remove_if_empty`` for the folder ``name`` in the open folder ``parent_fd``."""
    try:
        if not stat.S_ISDIR(os.stat(name, dir_fd=parent_fd, follow_symlinks=False).st_mode):
            return "kept"
        fd = os.open(name, DIR_FLAGS | os.O_NOFOLLOW, dir_fd=parent_fd)
    except OSError as error:
        return _outcome(error, reaching=True)
    unlinked = False
    try:
        names = set(os.listdir(fd))
        if names - {checkpoint_dir, _INIT if empty_init else None}:
            return "kept"
        if _INIT in names:
            info = os.stat(_INIT, dir_fd=fd, follow_symlinks=False)
            if not stat.S_ISREG(info.st_mode) or info.st_size:
                return "kept"  # a link, or written to since: not the empty one promote made
            os.unlink(_INIT, dir_fd=fd)
            unlinked = True
        if checkpoint_dir in names:
            os.rmdir(checkpoint_dir, dir_fd=fd)
        os.rmdir(name, dir_fd=parent_fd)
    except OSError as error:
        if unlinked:  # a file came in since the listing: the package stays a regular one
            _put_back_init(fd)
        return _outcome(error, reaching=False)
    finally:
        os.close(fd)
    return "removed"


def _remove_if_empty_by_path(
    os_path: str, checkpoint_dir: str | None, root: str, empty_init: bool = False
) -> str:
    """``_remove_if_empty`` where folders cannot be opened by descriptor (Windows)."""
    if not os.path.lexists(os_path):
        return "missing"
    parent = os.path.relpath(os.path.dirname(os.path.abspath(os_path)), os.path.abspath(root))
    at = os.path.abspath(root)
    for part in [] if parent == os.curdir else parent.split(os.sep):
        at = os.path.join(at, part)
        if os.path.islink(at):  # a link on the way: kept, as the walk by descriptor keeps it
            return "kept"
    if os.path.islink(os_path) or not os.path.isdir(os_path):
        return "kept"
    names = set(os.listdir(os_path))
    if names - {checkpoint_dir, _INIT if empty_init else None}:
        return "kept"
    init = os.path.join(os_path, _INIT)
    checkpoints = os.path.join(os_path, checkpoint_dir) if checkpoint_dir else None
    if not _within(os_path, root) or (checkpoints and not _within(checkpoints, root)):
        return "kept"
    unlinked = False
    try:
        if _INIT in names:
            if os.path.islink(init) or not os.path.isfile(init) or os.path.getsize(init):
                return "kept"
            os.unlink(init)
            unlinked = True
        if checkpoints and os.path.lexists(checkpoints):
            os.rmdir(checkpoints)
        os.rmdir(os_path)
    except OSError as error:
        if unlinked:
            with contextlib.suppress(FileExistsError), open(init, "x"):
                pass
        return _outcome(error, reaching=False)
    return "removed"


def _within(os_path: str, root: str) -> bool:
    """Whether ``os_path``, its symlinked parents resolved, is inside ``root`` (resolved)."""
    real = os.path.realpath(os.path.dirname(os_path))
    real_root = os.path.realpath(root)
    try:
        return os.path.commonpath([real, real_root]) == real_root
    except ValueError:  # on Windows, another drive
        return False


class EmptyFolderHandler(NbcraftHandler):
    """``POST /nbcraft/promote/remove-folder`` ``{"path": P}`` -> ``{"path": P, "removed":
    bool}``: a refused promotion's roll-back (or Undo Promote) removing a folder it made;
    with ``"empty_init": true`` the empty ``__init__.py`` promote made in it goes too, and
    only with the folder (alone it would turn a package others joined into a namespace one). The contents API
    cannot say whether a folder is empty (its listing leaves out hidden names and
    ``hide_globs``) and deletes a folder with what it holds (send2trash, or ``rmtree`` of a
    folder holding only checkpoints), so a ``.gitkeep``, ``.DS_Store`` or checkpoint someone
    wrote into the new folder went with it. Here the folder is removed only when it holds
    nothing (see ``_remove_if_empty``); else it is left as it is and ``removed`` is false.
    Only for a contents manager that keeps files on disk (``_get_os_path``): any other
    answers 501 and the folder is left."""

    auth_resource = AUTH_RESOURCE

    @web.authenticated
    @authorized
    @authorized(action="write", resource="contents")
    async def post(self) -> None:
        try:
            body = json.loads(self.request.body or b"null")
        except (ValueError, RecursionError):  # RecursionError: a body nested too deep
            body = None
        path = body.get("path") if isinstance(body, dict) else None
        empty_init = body.get("empty_init", False) if isinstance(body, dict) else False
        if not isinstance(path, str) or not isinstance(empty_init, bool):
            self.write_problem(
                400,
                'send {"path": "<folder relative to the Jupyter root>"} and, to remove the'
                ' empty __init__.py promote made with it, "empty_init": true',
            )
            return
        why = refusal(path)
        if why is not None:
            self.write_problem(400, f"{why}: {what_to_do(why)}")
            return
        if not PurePosixPath(path).parts:  # ".", "./": the Jupyter root itself
            self.write_problem(400, "the Jupyter root is no folder promote made")
            return
        if any(part != part.rstrip(". ") for part in PurePosixPath(path).parts):
            # Windows drops them: proj/pkg. would be proj/pkg
            self.write_problem(
                400, "a name ending in a dot or a space: Windows drops it, so it is another folder"
            )
            return
        cm = self.contents_manager
        os_path_of = getattr(cm, "_get_os_path", None)
        if os_path_of is None:
            self.write_problem(
                501,
                "this Jupyter server's contents manager keeps no folders on disk, so nothing"
                " can remove a folder only if it is empty; remove it yourself once it is",
            )
            return
        try:
            if not cm.allow_hidden and (
                _has_hidden_name(path)
                or (await ensure_async(cm.exists(path)) and await ensure_async(cm.is_hidden(path)))
            ):
                self.write_problem(400, "the folder is hidden: Jupyter neither reads nor writes it")
                return
            os_path = os_path_of(path)
            if not _within(os_path, cm.root_dir):
                # a symlinked parent leads out: Contents would follow it, this route does not
                self.write_problem(400, "the folder is outside the Jupyter root (through a link)")
                return
            git = await asyncio.to_thread(git_folder_kind, os.path.realpath(os_path))
            if git is not None:
                # git keeps its refs, hooks and config there (a link to .git, a folder
                # git init --separate-git-dir made): refused as _link_refusal refuses writes
                self.write_problem(
                    400,
                    f"the folder is inside {git_folder_shown(git)}: promote removes nothing"
                    " there (git keeps its refs, hooks and config in it)",
                )
                return
            checkpoint_dir = _plain_name(getattr(cm.checkpoints, "checkpoint_dir", None))
            outcome = await asyncio.to_thread(
                _remove_if_empty, os_path, checkpoint_dir, cm.root_dir, empty_init
            )
        except web.HTTPError as error:
            self.write_problem(error.status_code, error.log_message or "refused by Jupyter")
            return
        except OSError as error:
            # said without the server's own path
            self.write_problem(
                403 if error.errno in (errno.EACCES, errno.EPERM) else 500,
                f"the server cannot remove it ({error.strerror or type(error).__name__})",
            )
            return
        # "missing": nothing there, which the lab tells apart from a folder it removed
        self.write_json(
            {"path": path, "removed": outcome == "removed", "missing": outcome == "missing"}
        )
