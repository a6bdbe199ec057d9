"""Routes of the compute capability (under ``<base_url>/nbcraft/``)."""

from __future__ import annotations

import json
from typing import Any

import tornado

from ..handlers import NbcraftHandler
from .switching import plan_switch


class _ComputeHandler(NbcraftHandler):
    def initialize(self, compute: Any) -> None:
        self.compute = compute


class TargetsHandler(_ComputeHandler):
    """``GET compute/targets`` -> ``[{name, kind, displayName, reachable, kernelspec, detail,
    source[, error]}]``. Re-reads the config and rewrites the kernelspecs first, so a target
    added to nbcraft.json shows up (and is startable) on the next call."""

    @tornado.web.authenticated
    async def get(self) -> None:
        self.write_json(await self.compute.describe_all())


class TargetHandler(_ComputeHandler):
    """``GET compute/targets/<name>`` -> one entry, freshly checked."""

    @tornado.web.authenticated
    async def get(self, name: str) -> None:
        self.compute.refresh()
        target = self.compute.find(name)
        if target is None:
            self.write_problem(404, f"no compute target named {name!r}; "
                                    "GET /nbcraft/compute/targets lists them")
            return
        self.write_json(await self.compute.describe(target))


class CheckHandler(_ComputeHandler):
    """``POST compute/check`` with ``{"name": ...}`` -> the same entry as GET targets/<name>
    (for a "check again" button; XSRF-checked like every POST)."""

    @tornado.web.authenticated
    async def post(self) -> None:
        try:
            body = json.loads(self.request.body or b"{}")
        except ValueError:
            self.write_problem(400, "the body must be JSON: {\"name\": \"<target>\"}")
            return
        name = body.get("name") if isinstance(body, dict) else None
        if not isinstance(name, str):
            self.write_problem(400, "missing `name`: {\"name\": \"<target>\"}")
            return
        self.compute.refresh()
        target = self.compute.find(name)
        if target is None:
            self.write_problem(404, f"no compute target named {name!r}")
            return
        self.write_json(await self.compute.describe(target))


class SwitchHandler(_ComputeHandler):
    """``GET compute/targets/<name>/switch?kernel=<current kernelspec name>`` ->
    ``{mode: "rebind"|"change-kernel"|"none", kernelspec, stateLost, reason, code?}``."""

    @tornado.web.authenticated
    async def get(self, name: str) -> None:
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
