"""Shared handler base: every nbcraft route is authenticated, authorized (jupyter_server's
``@authorized`` with an nbcraft resource name, so JupyterHub's RBAC and custom Authorizers
apply) and XSRF-checked on mutating verbs by jupyter_server's APIHandler."""

from __future__ import annotations

import json
from typing import Any

from jupyter_server.base.handlers import APIHandler


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
