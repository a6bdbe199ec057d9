"""Folder listings that tolerate an entry vanishing while they are made, for every name.

jupyter_server's file managers list a folder by ``lstat`` then ``self.get(child,
content=False)`` of each entry; an entry deleted or renamed between the two (promote's
rename of its temporary item, a roll-back's DELETE, a kernel writing files) raised a 404 out
of ``get``, which answered the whole listing 404: JupyterLab shows "Directory not found" on
the user's own folder. ``tolerate_vanishing_entries`` wraps the manager's public ``get`` only:
while a folder is listed, a child whose ``get`` answers 404 is left out of that listing, as
``_dir_model`` already leaves out one whose ``lstat`` fails. A direct request for a missing
path still answers 404, and nothing is hidden that is there.
"""

from __future__ import annotations

import inspect
from contextvars import ContextVar, Token
from typing import Any

from tornado.web import HTTPError

# The folder being listed in this request (a task's own context: concurrent listings differ).
_listed: ContextVar[str | None] = ContextVar("nbcraft_listed_folder", default=None)
_MARK = "_nbcraft_tolerates_vanishing"


def _entry_being_listed(path: str, content: bool) -> bool:
    """Is this ``get`` a listing's look at one of the entries of the folder it lists?"""
    folder = _listed.get()
    parent, _, name = path.strip("/").rpartition("/")
    return folder is not None and not content and bool(name) and parent == folder


def _start_listing(path: str, content: bool) -> Token[str | None] | None:
    return _listed.set(path.strip("/")) if content else None


def _end_listing(token: Token[str | None] | None, model: Any) -> Any:
    if token is not None:
        _listed.reset(token)
    is_folder = isinstance(model, dict) and model.get("type") == "directory"
    if is_folder and isinstance(model.get("content"), list):
        model["content"] = [entry for entry in model["content"] if entry is not None]
    return model


def tolerate_vanishing_entries(contents_manager: Any) -> None:
    """Wrap ``contents_manager.get`` (once) so a listing skips entries gone mid-listing."""
    get = contents_manager.get
    if getattr(get, _MARK, False):
        return
    log = getattr(contents_manager, "log", None)

    def vanished(path: str, error: HTTPError) -> None:
        if error.status_code != 404:
            raise error
        if log is not None:
            log.debug("nbcraft: %s disappeared while its folder was listed; left out", path)

    if inspect.iscoroutinefunction(get):

        async def tolerant(path: str = "", content: bool = True, *args: Any, **kwargs: Any):
            if _entry_being_listed(path, content):
                try:
                    return await get(path, content, *args, **kwargs)
                except HTTPError as error:
                    return vanished(path, error)
            token = _start_listing(path, content)
            model = None
            try:
                model = await get(path, content, *args, **kwargs)
            finally:
                model = _end_listing(token, model)
            return model

    else:

        def tolerant(path: str = "", content: bool = True, *args: Any, **kwargs: Any):  # type: ignore[misc]
            if _entry_being_listed(path, content):
                try:
                    return get(path, content, *args, **kwargs)
                except HTTPError as error:
                    return vanished(path, error)
            token = _start_listing(path, content)
            model = None
            try:
                model = get(path, content, *args, **kwargs)
            finally:
                model = _end_listing(token, model)
            return model

    setattr(tolerant, _MARK, True)
    tolerant.__doc__ = get.__doc__
    contents_manager.get = tolerant
