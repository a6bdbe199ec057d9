"""``GET /nbcraft/info``: the server extension's version and the capabilities it serves."""

from __future__ import annotations

import tornado
from jupyter_server.auth.decorator import authorized

from . import __version__
from .handlers import NbcraftHandler


class InfoHandler(NbcraftHandler):
    auth_resource = "nbcraft"

    @tornado.web.authenticated
    @authorized
    def get(self) -> None:
        self.write_json(
            {
                "name": "nbcraft",
                "version": __version__,
                "capabilities": self.settings.get("nbcraft_capabilities", []),
                # capability -> why it could not start (logged at start-up as well)
                "unavailable": self.settings.get("nbcraft_unavailable", {}),
            }
        )
