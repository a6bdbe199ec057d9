#!/usr/bin/env bash
# The main job: JupyterLab with nbcraft on examples/, the embedded MLflow server
# started by the server extension, and the sample notebook open.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
bash "$repo/scripts/setup.sh"
cd "$repo/examples"
export PATH="$repo/.venv/bin:$PATH"
args=(--ServerApp.root_dir="$repo/examples" --LabApp.default_url=/lab/tree/sample-training.ipynb)
if [ "$(id -u)" = 0 ]; then args+=(--allow-root); fi
if [ -n "${NBCRAFT_LAB_PORT:-}" ]; then args+=(--port="$NBCRAFT_LAB_PORT"); fi
exec jupyter lab "${args[@]}" "$@"
