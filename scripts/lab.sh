#!/usr/bin/env bash
# The main job: JupyterLab with nbcraft on the user's copy of the sample project, the embedded
# MLflow server started by the server extension, and the sample notebook open.
# The copy (scripts/lab-workspace.sh) is made from examples/ on the first run and kept, so the
# nbcraft checkout is never written to; NBCRAFT_LAB_DIR chooses another folder.
# Arguments go to `jupyter lab`: bash scripts/lab.sh --no-browser (or make lab ARGS="--no-browser").
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
bash "$repo/scripts/setup.sh"
workspace="${NBCRAFT_LAB_DIR:-$repo/workspace/diabetes-sample}"
case "$workspace" in /*) ;; *) workspace="$PWD/$workspace" ;; esac
bash "$repo/scripts/lab-workspace.sh" "$workspace"
cd "$workspace"
export PATH="$repo/.venv/bin:$PATH"
# JupyterLab's own settings defaults for this lab (and the UI tests): no news prompt over the sample.
# make-lab/ sets the terminals' shell (non-login $SHELL, keeping .venv/bin on PATH), see its
# jupyter_server_config.py; a config file, so the user's own terminado_settings are kept.
export JUPYTER_CONFIG_PATH="$repo/jupyter-config/make-lab:$repo/jupyter-config/lab-dev${JUPYTER_CONFIG_PATH:+:$JUPYTER_CONFIG_PATH}"
args=(--ServerApp.root_dir="$workspace")
# The sample opens, unless the user renamed or removed it in their copy.
if [ -f sample-training.ipynb ]; then
  args+=(--LabApp.default_url=/lab/tree/sample-training.ipynb)
fi
if [ "$(id -u)" = 0 ]; then args+=(--allow-root); fi
if [ -n "${NBCRAFT_LAB_PORT:-}" ]; then args+=(--port="$NBCRAFT_LAB_PORT"); fi
exec jupyter lab "${args[@]}" "$@"
