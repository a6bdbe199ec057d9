"""What a job on a gateway target needs of the tracking settings: what its kernel does not get,
with the note why (``nbcraft.compute.gateway``, fail-closed). The service looks the tracking
host up (``this_host.look_up``) before that decision, and only for a gateway target."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from typing import Any


def is_gateway(target: Any) -> bool:
    return target is not None and getattr(target, "kind", None) == "gateway"


def gateway_url(target: Any) -> str | None:
    """The gateway a target's kernel starts on; None for any other target."""
    return target.url if is_gateway(target) else None


def named_gateways(compute: Any, names: Iterable[Any]) -> bool:
    """Whether any of the target names ``names`` is a gateway target of ``compute``."""
    if compute is None:
        return False
    return any(isinstance(n, str) and is_gateway(compute.find(n)) for n in names)


def withheld_from(
    target: Any,
    uri: str | None,
    credentials: Mapping[str, str],
    hold_back: bool,
    environ: Mapping[str, str] | None = None,
) -> tuple[tuple[str, ...], str | None]:
    """What a gateway target's kernel does not get of the tracking settings, and the note why,
    from what its kernel start decides on: this process's environment with the job's tracking
    URI and credentials. Nothing for any other target."""
    if not is_gateway(target):
        return (), None
    from ..compute.gateway import start_decision

    own = {"MLFLOW_TRACKING_URI": uri, **credentials} if uri else {}
    return start_decision(target.url, os.environ if environ is None else environ, own, hold_back)
