"""``/nbcraft/trust``: the Jupyter root's project config and its trust.

- ``GET`` -> what the file is and would set (summary.describe), whether it is trusted;
- ``POST {path, sha256}`` -> trust it, only if that is still the file's content (so only
  what the user saw gets trusted); takes effect at once;
- ``DELETE`` -> revoke it; its kernelspecs are removed.
Authenticated, ``@authorized`` on the resource ``nbcraft-trust``, XSRF-checked on POST and
DELETE (APIHandler).
"""

from __future__ import annotations

from pathlib import Path

from jupyter_server.auth.decorator import authorized
from tornado import web

from ..handlers import NbcraftHandler
from ..project_config import read_project_config
from .apply import apply_trust_change, remove_project_kernelspecs
from .store import TrustStore, TrustStoreError, real_path
from .summary import describe

AUTH_RESOURCE = "nbcraft-trust"


class TrustHandler(NbcraftHandler):
    auth_resource = AUTH_RESOURCE

    def initialize(self, root: Path) -> None:
        self.root = root

    @web.authenticated
    @authorized
    async def get(self) -> None:
        self.write_json(describe(read_project_config(self.root)))

    @web.authenticated
    @authorized
    async def post(self) -> None:
        body = self.get_json_body() if self.request.body else None
        if not isinstance(body, dict) or not all(
            isinstance(body.get(k), str) and body.get(k) for k in ("path", "sha256")
        ):
            self.write_problem(
                400, 'expected {"path": "...", "sha256": "..."} from GET /nbcraft/trust'
            )
            return
        config = read_project_config(self.root)
        if config.path is None or config.sha256 is None:
            self.write_problem(404, "there is no project config file at the Jupyter root")
            return
        if config.error is not None:
            self.write_problem(400, f"{config.error}: fix the file before trusting it")
            return
        if real_path(body["path"]) != str(config.path):
            self.write_problem(
                400,
                f"only the Jupyter root's config file ({config.path}) can be trusted here; "
                "for another file run `jupyter nbcraft trust PATH`",
            )
            return
        if config.trust_problem is not None:  # a linked file, or a store others could write
            self.write_problem(409, config.trust_problem, current=describe(config))
            return
        if body["sha256"] != config.sha256:
            self.write_problem(
                409,
                f"{config.source} changed since it was shown: look at it again before trusting it",
                current=describe(config),
            )
            return
        try:
            TrustStore().trust(config.path, config.sha256)
        except (OSError, TrustStoreError) as error:
            self.write_problem(500, f"could not record the trust: {error}")
            return
        self.log.info("nbcraft: the user trusted %s (sha256 %s)", config.path, config.sha256)
        apply_trust_change(self.settings)
        self.write_json(describe(read_project_config(self.root)))

    @web.authenticated
    @authorized
    async def delete(self) -> None:
        config = read_project_config(self.root)
        if config.path is None:
            self.write_problem(404, "there is no project config file at the Jupyter root")
            return
        try:
            TrustStore().revoke(config.path)
        except (OSError, TrustStoreError) as error:
            self.write_problem(500, f"could not revoke the trust: {error}")
            return
        self.log.info("nbcraft: the user revoked the trust in %s", config.path)
        apply_trust_change(self.settings)
        compute = self.settings.get("nbcraft_compute")
        remove_project_kernelspecs(self.root, compute.kernel_dir() if compute is not None else None)
        self.write_json(describe(read_project_config(self.root)))
