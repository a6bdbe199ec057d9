"""Routes of the compute capability (under ``<base_url>/nbcraft/``)."""

from __future__ import annotations

from typing import Any

import tornado
from jupyter_server.auth.decorator import authorized

from ..handlers import NbcraftHandler
from .switching import plan_switch


class _ComputeHandler(NbcraftHandler):
    auth_resource = "nbcraft-compute"

    def initialize(self, compute: Any) -> None:
        self.compute = compute

    def refresh_tracking(self) -> None:
        """The kernel a switch starts must get the current tracking URI: let the tracking
        capability notice a changed setting before the picker lists or switches."""
        tracking = self.settings.get("nbcraft_tracking")
        if tracking is not None:
            tracking.refresh()


class TargetsHandler(_ComputeHandler):
    """``GET compute/targets`` -> ``[{name, kind, displayName, reachable, kernelspec, detail,
    source[, error]}]``. Re-reads the config and rewrites the kernelspecs first, so a target
    added to nbcraft.json shows up (and is startable) on the next call."""

    @tornado.web.authenticated
    @authorized
    async def get(self) -> None:
        self.refresh_tracking()
        self.write_json(await self.compute.describe_all())


class TargetHandler(_ComputeHandler):
    """``GET compute/targets/<name>`` -> one entry, freshly checked (the picker's "check
    again"; a GET, as it changes nothing but the generated kernelspecs)."""

    @tornado.web.authenticated
    @authorized
    async def get(self, name: str) -> None:
        self.refresh_tracking()
        self.compute.refresh()
        target = self.compute.find(name)
        if target is None:
            self.write_problem(
                404, f"no compute target named {name!r}; GET /nbcraft/compute/targets lists them"
            )
            return
        self.write_json(await self.compute.describe(target))


class SwitchHandler(_ComputeHandler):
    """``GET compute/targets/<name>/switch?kernel=<current kernelspec name>`` ->
    ``{mode: "rebind"|"change-kernel"|"none", kernelspec, stateLost, reason, code?}``."""

    @tornado.web.authenticated
    @authorized
    async def get(self, name: str) -> None:
        self.refresh_tracking()
        self.compute.refresh()
        target = self.compute.find(name)
        if target is None:
            self.write_problem(404, f"no compute target named {name!r}")
            return
        current = self.get_query_argument("kernel", None) or None
        spec = None
        if current:
            try:
                ksm = self.kernel_spec_manager
                model = ksm.get_kernel_spec(current)
                if hasattr(model, "__await__"):
                    model = await model
                spec = model.to_dict() if hasattr(model, "to_dict") else dict(model)
            except Exception:  # noqa: BLE001 - an unknown kernel just means "change kernel"
                spec = None
        self.write_json(plan_switch(target, current, spec, self.compute.root))
