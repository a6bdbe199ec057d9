"""``GET /nbcraft/promote/existing?path=A&path=B`` -> ``{"paths": {"A": kind, ...},
"refused": {"B": reason}}``.

What the promote preview cannot learn from the contents API without a 404: whether a path
it would create is taken by something the listings leave out (``ContentsManager.hide_globs``:
a ``test_*`` glob, ``__init__.py``). ``kind`` is ``"file"``, ``"directory"``, ``null``
(nothing there), ``"refused"`` (with its reason in ``refused``) or ``"hidden"``: a path jupyter_server's hidden-file rules cover (a name
starting with ``.``, a hidden flag) is answered as such without saying whether it exists,
and the lab cannot write there anyway (Contents refuses, 400).

Asked of the contents manager itself, so it answers for what Contents serves: a path
``relative_path.refusal`` refuses (``..``, absolute, a control character, too long) is
"refused", and a symlink in the root is followed as Contents ``GET`` follows it
(``link/creds.txt`` is "file" when ``link`` points out of the root). A path nothing can be
at (below a file) is ``null``, or "hidden" in a hidden folder; one the server may not look
into is "refused" with a reason that names no folder of the server's. Each path is answered
on its own: one refused path does not hide what is at the others. A user must be allowed to read ``contents`` as well as
``nbcraft-promote`` (``@authorized``, which awaits an async Authorizer). Nothing is read
or listed: the kinds only, which a Contents ``GET`` of each path would tell anyway.
"""

from __future__ import annotations

import errno
from pathlib import PurePosixPath

from jupyter_server.auth.decorator import authorized
from jupyter_server.utils import ensure_async
from tornado import web

from ..handlers import NbcraftHandler
from ..relative_path import refusal, what_to_do

AUTH_RESOURCE = "nbcraft-promote"
# A preview asks for its module, its test file and pytest's config files.
MAX_PATHS = 20


# Nothing can be at such a path (under a file, a name too long): "nothing there".
_NOTHING_THERE = {errno.ENOENT, errno.ENOTDIR, errno.ENAMETOOLONG}


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
            # parts, not split("/"): a "." segment is no hidden name
            hidden_name = any(part.startswith(".") for part in PurePosixPath(path).parts)
            try:
                # a dot-name first: below it, is_hidden's stat could tell what exists there
                if not cm.allow_hidden and (hidden_name or await ensure_async(cm.is_hidden(path))):
                    kinds[path] = "hidden"
                elif await ensure_async(cm.dir_exists(path)):
                    kinds[path] = "directory"
                elif await ensure_async(cm.file_exists(path)):
                    kinds[path] = "file"
                else:
                    kinds[path] = None
            except web.HTTPError as error:
                # the manager's own refusal (not a symlink out of the root: Contents follows it)
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
