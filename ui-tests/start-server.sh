#!/usr/bin/env bash
# Start the real JupyterLab the UI tests drive, in a fresh root with the sample
# notebooks copied in, so tests never touch the user's files.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$here")"
root="${NBCRAFT_UI_ROOT:-$(mktemp -d -t nbcraft-ui-XXXXXX)}"
mkdir -p "$root"
cp -r "$repo/examples/." "$root/"
rm -rf "$root/.nbcraft"
export NBCRAFT_UI_ROOT="$root"
export JUPYTERLAB_GALATA_ROOT_DIR="$root"
# Its own Jupyter data folder: nbcraft's trust store and the generated nbcraft-* kernelspecs
# live there, never in the user's (the specs that need a project file trusted trust it
# through the lab's route, as the user's notice does: see tests/helpers/trust.ts).
export JUPYTER_DATA_DIR="${NBCRAFT_UI_DATA_DIR:-$(mktemp -d -t nbcraft-ui-data-XXXXXX)}"
# The same JupyterLab settings defaults as `make lab` (no news prompt over the notebooks).
export JUPYTER_CONFIG_PATH="$repo/jupyter-config/lab-dev${JUPYTER_CONFIG_PATH:+:$JUPYTER_CONFIG_PATH}"
cd "$here"
exec "$repo/.venv/bin/jupyter" lab --config "$here/jupyter_server_test_config.py"
