#!/usr/bin/env bash
# Every test layer, after the same set-up as the main job. Each layer runs even if an
# earlier one failed; the last line sums them all up.
set -uo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"
bash scripts/setup.sh || { echo "tests: 0 passed, 1 failed (set-up failed)"; exit 1; }
export PATH="$repo/.venv/bin:$repo/node_modules/.bin:$PATH"
results="$repo/.state/test-results"
rm -rf "$results"; mkdir -p "$results"
failed_layers=()
layer() { printf '\n\033[1m== %s ==\033[0m\n' "$1"; }
run_layer() {
  local name="$1"; shift
  layer "$name"
  local start=$SECONDS
  if "$@"; then
    echo "-- $name: ok ($((SECONDS - start)) s)"
  else
    echo "-- $name: FAILED ($((SECONDS - start)) s)"
    failed_layers+=("$name")
  fi
}

run_layer "typecheck (tsc)" jlpm typecheck
run_layer "lint (eslint, prettier, stylelint)" jlpm lint:check
run_layer "lint: Python (ruff check, ruff format)" bash -c "ruff check nbcraft tests bench python && ruff format --check -q nbcraft tests bench python"
run_layer "jest: extension (src/)" jest --coverage=false --json --outputFile="$results/jest-extension.json"
run_layer "jest: @nbcraft/lint-rules" bash -c "cd lint-rules && jest --json --outputFile='$results/jest-lint-rules.json'"
run_layer "pytest: server extension" bash -c "pytest -q -p no:cacheprovider --junitxml='$results/pytest.xml' tests; rc=\$?; [ \$rc = 5 ] && exit 1; exit \$rc"
run_layer "galata: UI in Chromium" bash -c "cd ui-tests && PLAYWRIGHT_JSON_OUTPUT_NAME='$results/galata.json' playwright test --reporter=list,json"
run_layer "wheel: user install without Node" bash scripts/check-wheel.sh "$results/wheel.json"
run_layer "CLI on Node 22 and the wheel's Node 24 (jest: test/cli)" bash scripts/check-node-lines.sh "$results"
run_layer "nbcraft-lint wheel, npm tarball, pre-commit, CI recipes" bash -c "pytest -q -p no:cacheprovider --junitxml='$results/packaging.xml' python/tests"

python3 scripts/summarize-tests.py "$results" "${failed_layers[@]+"${failed_layers[@]}"}"
