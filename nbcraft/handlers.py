"""Shared handler base: every nbcraft route is authenticated, authorized (jupyter_server's
``@authorized`` with an nbcraft resource name, so JupyterHub's RBAC and custom Authorizers
apply) and XSRF-checked on mutating verbs by jupyter_server's APIHandler."""

from __future__ import annotations

import json
from http.client import responses
from typing import Any

from jupyter_server.base.handlers import APIHandler
from tornado.web import HTTPError

from . import strict_json

# The ``reason`` of a refusal by Jupyter itself, apart from a tracking server that refused
# nbcraft's credentials (``upstream-auth``). ``jupyter-auth``: no signed-in user (the server
# restarted with another token, the session expired) or the XSRF check failed; signing in
# again (a reload) fixes it, and the lab says so in its own words. ``jupyter-forbidden``: a
# known user refused by the Authorizer (``@authorized``: JupyterHub scopes) or a request for
# a host name Jupyter does not serve; reloading does not help, ``message`` says why.
JUPYTER_REFUSED = "jupyter-auth"
JUPYTER_FORBIDDEN = "jupyter-forbidden"


class NbcraftHandler(APIHandler):
    """Base class for nbcraft routes.

    ``APIHandler`` already refuses unauthenticated requests with 403 on every verb when
    the method is decorated with ``tornado.web.authenticated``; subclasses must decorate
    each verb, and with ``jupyter_server.auth.decorator.authorized`` below it (GET is
    "read", POST/PUT/DELETE "write"), setting ``auth_resource`` to their capability's name.
    It also enforces XSRF on POST/PUT/PATCH/DELETE.
    """

    # The resource an Authorizer is asked about (``nbcraft-tracking``, ``nbcraft-compute``
    # ...); JupyterHub's read-only example scopes it as
    # ``custom:jupyter_server:<action>:<resource>``.
    auth_resource = "nbcraft"

    def write_json(self, payload: Any, status: int = 200) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "application/json; charset=UTF-8")
        self.finish(strict_json.dumps(payload))  # (JSON.parse reads no NaN: see strict_json)

    def write_problem(self, status: int, message: str, **extra: Any) -> None:
        """Answer with a JSON error that says what to check, never a stack trace."""
        body = {"error": True, "status": status, "message": message}
        body.update(extra)
        self.write_json(body, status)

    def check_host(self) -> bool:
        allowed = super().check_host()
        self._nbcraft_host_refused = not allowed
        return allowed

    def check_xsrf_cookie(self) -> None:
        try:
            super().check_xsrf_cookie()
        except HTTPError:
            self._nbcraft_xsrf_refused = True
            raise

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        """Jupyter's own 401/403 (raised by the host check, ``@authenticated``,
        ``@authorized`` or the XSRF check before any nbcraft code ran) say which in
        ``reason``; nbcraft's own problems are written by ``write_problem`` and never come
        here."""
        if status_code not in (401, 403):
            super().write_error(status_code, **kwargs)
            return
        error = (kwargs.get("exc_info") or (None, None, None))[1]
        message = responses.get(status_code, "Forbidden")
        if isinstance(error, HTTPError) and error.log_message:
            try:
                message = error.log_message % error.args
            except (TypeError, ValueError):
                message = error.log_message
        if getattr(self, "_nbcraft_host_refused", False):
            reason = JUPYTER_FORBIDDEN
            message = (
                f"Jupyter does not serve the host name {self.request.host!r}: open the lab "
                "at localhost, or set c.ServerApp.allow_remote_access = True on the server."
            )
        elif getattr(self, "_nbcraft_xsrf_refused", False) or not getattr(
            self, "_jupyter_current_user", None
        ):
            reason = JUPYTER_REFUSED
        else:
            reason = JUPYTER_FORBIDDEN
        self.set_header("Content-Type", "application/json; charset=UTF-8")
        self.finish(
            json.dumps({"error": True, "status": status_code, "message": message, "reason": reason})
        )
