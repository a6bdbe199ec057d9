"""`make lab`'s own server config (scripts/lab.sh puts this folder first on JUPYTER_CONFIG_PATH).

The lab's terminals run the user's shell as an interactive, non-login shell, so they keep
make lab's environment (.venv/bin first on PATH: `nbcraft lint`, `jupyter nbcraft ...` of the
README). Left to itself, jupyter_server_terminals starts a login shell when the server's output
is not a terminal (a lab started with its output to a file), and /etc/profile resets PATH.

The command is a list, so a `$SHELL` with a space or a quote in its path is one argument (a
string would be shlex-split). `.update` sets only `shell_command` and keeps the rest of the
user's `terminado_settings` from their own jupyter_server_config.py.
"""

import os

c = get_config()  # noqa: F821 (given by the traitlets config loader)
c.ServerApp.terminado_settings.update({"shell_command": [os.environ.get("SHELL") or "/bin/sh"]})
# The sample's experiment exists from the embedded server's first start: the sample's
# `mlflow.set_experiment("sample-diabetes")` then finds it, silently (creating it logs an INFO
# line that the notebook shows as stderr).
c.NbcraftTracking.embedded_experiments = ["sample-diabetes"]
