"""Shared handler base: every nbcraft route is authenticated, authorized (jupyter_server's
``@authorized`` with an nbcraft resource name, so JupyterHub's RBAC and custom Authorizers
apply) and XSRF-checked on mutating verbs by jupyter_server's APIHandler."""

from __future__ import annotations

import json
from http.client import responses
from typing import Any

from jupyter_server.base.handlers import APIHandler
from tornado.web import HTTPError

# The ``reason`` of a refusal by Jupyter itself (not logged in, the token changed with a
# restart, not authorized, XSRF): the browser tells the user to sign in again (reload),
# apart from a tracking server that refused nbcraft's credentials (``upstream-auth``).
JUPYTER_REFUSED = "jupyter-auth"


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
        self.finish(json.dumps(payload))

    def write_problem(self, status: int, message: str, **extra: Any) -> None:
        """Answer with a JSON error that says what to check, never a stack trace."""
        body = {"error": True, "status": status, "message": message}
        body.update(extra)
        self.write_json(body, status)

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        """Jupyter's own 401/403 (raised by ``@authenticated``, ``@authorized`` or the XSRF
        check before any nbcraft code ran) say so in ``reason``; nbcraft's own problems are
        written by ``write_problem`` and never come here."""
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
        self.set_header("Content-Type", "application/json; charset=UTF-8")
        self.finish(
            json.dumps(
                {
                    "error": True,
                    "status": status_code,
                    "message": message,
                    "reason": JUPYTER_REFUSED,
                    "hint": "Jupyter refused the request: the server restarted with another "
                    "token, or the session expired. Reload the page to sign in again.",
                }
            )
        )
