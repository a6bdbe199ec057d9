"""Reproducible runs (issue 14). record/ writes each run's provenance (tags and ``nbcraft/``
artifacts); record_reader.py reads it back; summary.py is what the lab shows; reproduce.py
re-runs a run as a job (rebuild.py: its environment from the lock; repository.py: git);
handlers.py (routes), cli.py (``jupyter nbcraft reproduce``)."""

from __future__ import annotations

from typing import Any

_ID = r"([^/]+)"


def setup(server_app: Any) -> list[tuple]:
    from .handlers import (
        CompareHandler,
        GitHandler,
        Provenance,
        ReproduceHandler,
        ReproductionHandler,
        RunHandler,
    )

    provenance = Provenance(
        server_app.root_dir, server_app.web_app.settings, server_app.kernel_manager
    )
    kwargs = {"provenance": provenance}
    return [
        (f"provenance/runs/{_ID}", RunHandler, kwargs),
        (f"provenance/runs/{_ID}/reproduce", ReproduceHandler, kwargs),
        ("provenance/compare", CompareHandler, kwargs),
        (f"provenance/reproductions/{_ID}", ReproductionHandler, kwargs),
        ("provenance/git", GitHandler, kwargs),
    ]
