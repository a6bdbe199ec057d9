"""``GET /nbcraft/promote/existing?path=A&path=B`` -> ``{"paths": {"A": kind, ...}}``.

What the promote preview cannot learn from the contents API without a 404: whether a path
it would create is taken by something the listings leave out (``ContentsManager.hide_globs``:
a ``test_*`` glob, ``__init__.py``). ``kind`` is ``"file"``, ``"directory"``, ``null``
(nothing there) or ``"hidden"``: a path jupyter_server's hidden-file rules cover (a name
starting with ``.``, a hidden flag) is answered as such without saying whether it exists,
and the lab cannot write there anyway (Contents refuses, 400).

Asked of the contents manager itself, so the answer is confined to the server root exactly
as Contents is (a path outside it is refused), and a user must be allowed to read
``contents`` as well as ``nbcraft-promote`` (``@authorized``). Nothing is read or listed:
the kinds only, which a Contents ``GET`` of each path would tell anyway.
"""

from __future__ import annotations

from jupyter_server.auth.decorator import authorized
from jupyter_server.utils import ensure_async
from tornado import web

from ..handlers import NbcraftHandler

AUTH_RESOURCE = "nbcraft-promote"
# A preview asks for its module, its test file and pytest's config files.
MAX_PATHS = 20


def _bad_path(path: str) -> bool:
    parts = path.split("/")
    return not path or path.startswith("/") or "\\" in path or ".." in parts or "\0" in path


class ExistingPathsHandler(NbcraftHandler):
    auth_resource = AUTH_RESOURCE

    @web.authenticated
    @authorized
    # jupyter_server's own check, which awaits an Authorizer that answers with a coroutine
    @authorized(action="read", resource="contents")
    async def get(self) -> None:
        paths = self.get_query_arguments("path")
        if len(paths) > MAX_PATHS:
            self.write_problem(400, f"ask for at most {MAX_PATHS} paths at once")
            return
        for path in paths:
            if _bad_path(path):
                self.write_problem(
                    400, f"{path!r}: give a path relative to the Jupyter root, without '..'"
                )
                return
        cm = self.contents_manager
        kinds: dict[str, str | None] = {}
        for path in paths:
            try:
                if not cm.allow_hidden and await ensure_async(cm.is_hidden(path)):
                    kinds[path] = "hidden"
                elif await ensure_async(cm.dir_exists(path)):
                    kinds[path] = "directory"
                elif await ensure_async(cm.file_exists(path)):
                    kinds[path] = "file"
                else:
                    kinds[path] = None
            except web.HTTPError as error:
                # the manager's own refusal (a path outside the root through a symlink ...)
                self.write_problem(400, f"{path!r}: {error.log_message or 'refused'}")
                return
        self.write_json({"paths": kinds})
