"""Workspace trust: a project's config file (nbcraft.json / [tool.nbcraft]) sets a tracking
server, compute targets or pipelines only after the user trusted its exact content.

store.py (the trust store), summary.py (what a file asks for), apply.py (what trusting or
revoking changes in a running server), handlers.py (``/nbcraft/trust``), cli.py
(``jupyter nbcraft trust``). The reader that consults the store is nbcraft.project_config.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


def setup(server_app: Any) -> list[tuple]:
    from .handlers import TrustHandler

    return [("trust", TrustHandler, {"root": Path(server_app.root_dir).resolve()})]
