"""What trusting or revoking a project file changes, at once, without a server restart."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any


def apply_trust_change(settings: Mapping[str, Any]) -> None:
    """Let the running capabilities follow the new trust: compute re-reads its targets and
    (re)writes or removes their kernelspecs; tracking resolves its server again."""
    compute = settings.get("nbcraft_compute")
    if compute is not None:
        compute.refresh(force=True, write=True)
    tracking = settings.get("nbcraft_tracking")
    if tracking is not None:
        tracking.refresh()


def remove_project_kernelspecs(root: Path, kernels_dir: Path | None = None) -> list[str]:
    """The kernelspecs made from the project file at ``root`` (when no server is there to
    follow a revoke, e.g. from the CLI)."""
    from ..compute.kernelspecs import default_kernels_dir, remove_generated

    folder = kernels_dir if kernels_dir is not None else default_kernels_dir()
    if not folder.is_dir():
        return []
    return remove_generated(folder, root, project_only=True)
