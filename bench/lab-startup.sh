#!/usr/bin/env bash
# Time from `bash scripts/lab.sh` to the first answer of its Jupyter server (GET /api), the
# wait a user has after `make lab`. Set-up included: when nothing changed it is only checks.
#   bash bench/lab-startup.sh            as it is now (a second `make lab`)
#   bash bench/lab-startup.sh --rebuild  with the build stamp removed, as every start used to be
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
if [ "${1:-}" = "--rebuild" ]; then
  rm -f "$repo/node_modules/.nbcraft-build"
fi
port="$("$repo/.venv/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
log="$(mktemp)"
start=$(date +%s.%N)
setsid bash "$repo/scripts/lab.sh" --no-browser --port="$port" >"$log" 2>&1 &
pid=$!
trap 'kill -TERM -- -$pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -f "$log"' EXIT
until curl -fs -o /dev/null "http://127.0.0.1:$port/api"; do
  if ! kill -0 "$pid" 2>/dev/null; then
    tail -20 "$log"; echo "lab-startup: scripts/lab.sh exited before answering" >&2; exit 1
  fi
  sleep 0.1
done
end=$(date +%s.%N)
grep -E '^\S*\[setup\]' "$log" | sed 's/\x1b\[[0-9;]*m//g' || true
printf 'lab-startup: first answer after %.1f s (port %s)\n' "$(echo "$end - $start" | bc)" "$port"
