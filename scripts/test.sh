#!/usr/bin/env bash
# Every test layer, after the same set-up as the main job. Each layer runs even if an
# earlier one failed; the last line sums them all up.
#
# Layers that do not share a resource run side by side, two or three at once, because most of
# them use one core (tsc, eslint, a jest with one worker on a 2-core machine) or spend their
# time waiting (kernels and servers in pytest, pip and npm in the packaging checks). Each side
# writes its own log, printed whole when the group ends, so the output still reads layer by
# layer. Galata runs alone: it is the layer most sensitive to a busy machine.
# NBCRAFT_TEST_SERIAL=1 runs every layer one after the other (for timing a single layer).
set -uo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"
bash scripts/setup.sh || { echo "tests: 0 passed, 1 failed (set-up failed)"; exit 1; }
export PATH="$repo/.venv/bin:$repo/node_modules/.bin:$PATH"
results="$repo/.state/test-results"
logs="$repo/.state/test-logs"
rm -rf "$results" "$logs"; mkdir -p "$results" "$logs"
failed_layers=()
started=$SECONDS

# run_layer NAME COMMAND...: runs now, in the foreground
run_layer() {
  local name="$1"; shift
  printf '\n\033[1m== %s ==\033[0m\n' "$name"
  local start=$SECONDS
  if "$@"; then
    echo "-- $name: ok ($((SECONDS - start)) s)"
  else
    echo "-- $name: FAILED ($((SECONDS - start)) s)"
    failed_layers+=("$name")
  fi
}

# side_by_side "NAME|COMMAND"...: all at once, each logged, then reported in order
side_by_side() {
  if [ -n "${NBCRAFT_TEST_SERIAL:-}" ]; then
    local spec
    for spec in "$@"; do run_layer "${spec%%|*}" bash -c "${spec#*|}"; done
    return
  fi
  local pids=() names=() i=0 spec
  printf '\n\033[1m== side by side: %s ==\033[0m (output follows when all end)\n' "$(printf '%s; ' "${@%%|*}")"
  for spec in "$@"; do
    names+=("${spec%%|*}")
    ( s=$SECONDS; bash -c "${spec#*|}" >"$logs/$i.log" 2>&1; rc=$?; echo "$rc $((SECONDS - s))" >"$logs/$i.rc" ) &
    pids+=($!); i=$((i + 1))
  done
  wait "${pids[@]}"
  for i in "${!names[@]}"; do
    printf '\n\033[1m== %s ==\033[0m\n' "${names[$i]}"
    cat "$logs/$i.log"
    read -r rc secs <"$logs/$i.rc"
    if [ "$rc" = 0 ]; then
      echo "-- ${names[$i]}: ok ($secs s, beside another layer)"
    else
      echo "-- ${names[$i]}: FAILED ($secs s, beside another layer)"
      failed_layers+=("${names[$i]}")
    fi
  done
  rm -f "$logs"/*.log "$logs"/*.rc
}

side_by_side \
  "typecheck (tsc)|jlpm typecheck" \
  "lint (eslint, prettier, stylelint) and Python (ruff check, ruff format)|jlpm lint:check && ruff check nbcraft bench python && ruff format --check -q nbcraft bench python"
side_by_side \
  "jest: extension (src/)|jest --coverage=false --json --outputFile='$results/jest-extension.json'" \
  "jest: @nbcraft/lint-rules|cd lint-rules && jest --json --outputFile='$results/jest-lint-rules.json'"
# pytest in two processes, side by side with the packaging checks: the folders that start
# many kernels (jobs, reproducible runs) in one, every other folder in the other, so a new
# folder lands in the second. The split is by measured time (README): the reproduce CLI's file
# (~80 s of the ~890 s the first part took, against ~710 s for the second) goes to the second so
# that both end together. Each part writes its own report (summarize-tests.py reads
# pytest-*.xml) and fails the run on its own.
pytest_part() {  # pytest_part N ARGS...: one part, "no tests collected" counts as a failure
  local n="$1"; shift
  pytest -q -p no:cacheprovider --junitxml="$results/pytest-$n.xml" "$@"
  local rc=$?; [ $rc = 5 ] && return 1; return $rc
}
export -f pytest_part; export results
kernel_heavy="nbcraft/tests/jobs nbcraft/tests/provenance"
to_second="nbcraft/tests/provenance/test_reproduce_cli.py"
# every folder and test file of nbcraft/tests but the kernel-heavy folders (pytest's --ignore
# would also drop a file named on the command line), then the moved file
every_other="$(for p in nbcraft/tests/*; do
  name="${p##*/}"; case " $kernel_heavy " in *" $p "*) continue ;; esac
  { [ -d "$p" ] && [ "${name#__}" = "$name" ]; } || [[ "$name" == test_*.py ]] && printf '%s ' "$p"
done)$to_second"
side_by_side \
  "pytest 1/2: server extension, jobs and reproducible runs ($kernel_heavy, but $to_second)|pytest_part 1 $kernel_heavy --ignore=$to_second" \
  "pytest 2/2: server extension, every other folder and $to_second|pytest_part 2 $every_other" \
  "packaging: the wheel without Node, the CLI on Node 22 and 24, nbcraft-lint's wheel, npm tarball, pre-commit, CI recipes|bash scripts/check-wheel.sh '$results/wheel.json'; a=\$?; bash scripts/check-node-lines.sh '$results'; b=\$?; pytest -q -p no:cacheprovider --junitxml='$results/packaging.xml' python/tests; c=\$?; [ \$a\$b\$c = 000 ]"
run_layer "galata: UI in Chromium" bash -c "cd ui-tests && PLAYWRIGHT_JSON_OUTPUT_NAME='$results/galata.json' playwright test --reporter=list,json"

echo
echo "all layers: $(( (SECONDS - started) / 60 )) min $(( (SECONDS - started) % 60 )) s after set-up"
python3 scripts/summarize-tests.py "$results" "${failed_layers[@]+"${failed_layers[@]}"}"
