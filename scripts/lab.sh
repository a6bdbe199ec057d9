#!/usr/bin/env bash
# The main job: JupyterLab with nbcraft on examples/, the embedded MLflow server
# started by the server extension, and the sample notebook open.
# Arguments go to `jupyter lab`: bash scripts/lab.sh --no-browser (or make lab ARGS="--no-browser").
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
bash "$repo/scripts/setup.sh"
cd "$repo/examples"
export PATH="$repo/.venv/bin:$PATH"
# JupyterLab's own settings defaults for this lab (and the UI tests): no news prompt over the sample.
export JUPYTER_CONFIG_PATH="$repo/jupyter-config/lab-dev${JUPYTER_CONFIG_PATH:+:$JUPYTER_CONFIG_PATH}"
args=(--ServerApp.root_dir="$repo/examples" --LabApp.default_url=/lab/tree/sample-training.ipynb)
if [ "$(id -u)" = 0 ]; then args+=(--allow-root); fi
if [ -n "${NBCRAFT_LAB_PORT:-}" ]; then args+=(--port="$NBCRAFT_LAB_PORT"); fi
exec jupyter lab "${args[@]}" "$@"
