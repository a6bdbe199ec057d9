"""The jobs' settings of the user's Jupyter config (``c.NbcraftJobs.*``), read by the server
extension and by ``jupyter nbcraft run``, and how a time-out (the setting or a job's own) reads."""

from __future__ import annotations

import math
from typing import Any

from traitlets import Float, Int, Unicode
from traitlets.config import LoggingConfigurable


class NbcraftJobs(LoggingConfigurable):
    """Notebook jobs (issue 13). Configure in jupyter_server_config.py, e.g.
    ``c.NbcraftJobs.max_concurrent = 4``."""

    max_concurrent = Int(
        2, config=True, help="Jobs that run at the same time; the others wait in the queue."
    )
    timeout = Float(
        0.0,
        config=True,
        help="Seconds a job may run before it is stopped and marked failed; 0 = no limit. "
        "A job's own `timeout` wins.",
    )
    startup_timeout = Float(120.0, config=True, help="Seconds a job's kernel may take to start.")
    databricks_workspace_dir = Unicode(
        "/Shared/nbcraft-jobs",
        config=True,
        help="Workspace folder where jobs on databricks-connect targets import their notebook "
        "(<dir>/<job id>/<notebook name>) before the one-time run.",
    )
    state_dir = Unicode(
        "",
        config=True,
        help="Where jobs.db and the executed notebooks are kept; default <root>/.nbcraft. "
        "nbcraft makes it private (0700) and git-ignored (a .gitignore of *); a link, another "
        "user's folder, or the Jupyter root or a folder holding it is refused.",
    )


def seconds_or_none(value: Any) -> float | None:
    """A timeout as a float of seconds: positive and finite; else None (``c.NbcraftJobs.timeout``
    of 0 or ``inf``: no limit). An integer past a double (``1`` and 400 zeros) is None too."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        seconds = float(value)
    except OverflowError:
        return None
    return seconds if 0 < seconds < math.inf else None
