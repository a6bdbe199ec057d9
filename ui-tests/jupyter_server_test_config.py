"""JupyterLab server for the UI tests: Galata's test configuration, on our own port.

CI runs as root, hence allow_root.
"""

import os

from jupyterlab.galata import configure_jupyter_server

configure_jupyter_server(c)  # noqa: F821
c.ServerApp.port = int(os.environ.get("NBCRAFT_UI_PORT", "8888"))  # noqa: F821
# The embedded MLflow server's port (0: a free one), fixed where several labs share a machine.
c.NbcraftTracking.embedded_port = int(os.environ.get("NBCRAFT_UI_MLFLOW_PORT", "0"))  # noqa: F821
c.ServerApp.allow_root = True  # noqa: F821
c.ServerApp.jpserver_extensions = {"nbcraft": True}  # noqa: F821
# Keep the UI tests' tracking data out of the user's folders.
c.ServerApp.root_dir = os.environ.get("NBCRAFT_UI_ROOT", c.ServerApp.root_dir)  # noqa: F821
# One job at a time, so the jobs UI test sees a job wait in the queue.
c.NbcraftJobs.max_concurrent = 1  # noqa: F821
# jupyter_server's default hide_globs, and one test file name promote.spec.ts finds anyway
# (the preview asks /nbcraft/promote/existing for what the listings leave out).
c.ContentsManager.hide_globs = [  # noqa: F821
    "__pycache__",
    "*.pyc",
    "*.pyo",
    ".DS_Store",
    "*~",
    "test_hidden_by_globs.py",
]
# As `make lab` (jupyter-config/make-lab): the sample's experiment exists from the start.
c.NbcraftTracking.embedded_experiments = ["sample-diabetes"]  # noqa: F821
