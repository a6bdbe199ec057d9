#!/usr/bin/env bash
# The user install: a wheel built with `python -m build` installs into a fresh venv
# with no Node on PATH (with the nbcraft-lint wheel it depends on); JupyterLab then lists nbcraft
# as an enabled prebuilt labextension, jupyter_server lists the nbcraft server extension as
# enabled, and the `nbcraft` CLI runs.
# Writes {passed, failed} to $1.
set -uo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
report="${1:-/dev/null}"
work="$(mktemp -d -t nbcraft-wheel-XXXXXX)"
trap 'rm -rf "$work"' EXIT
passed=0; failed=0
check() {  # check DESCRIPTION COMMAND...
  if "${@:2}"; then echo "  ok: $1"; passed=$((passed + 1)); else echo "  FAILED: $1"; failed=$((failed + 1)); fi
}
write_report() { printf '{"passed": %d, "failed": %d}\n' "$passed" "$failed" > "$report"; }

cd "$repo"
echo "building the wheel (python -m build --wheel) ..."
if ! "$repo/.venv/bin/python" -m build --wheel --no-isolation --outdir "$work/dist" . >"$work/build.log" 2>&1; then
  tail -30 "$work/build.log"; failed=1; write_report; exit 1
fi
wheel="$(ls "$work"/dist/nbcraft-*.whl)"
# nbcraft depends on nbcraft-lint (python/nbcraft-lint): its wheel from this checkout, as PyPI has it
if ! "$repo/.venv/bin/python" -m build --wheel --no-isolation --outdir "$work/lint-dist" python/nbcraft-lint >>"$work/build.log" 2>&1; then
  tail -30 "$work/build.log"; failed=1; write_report; exit 1
fi
lint_wheel="$(ls "$work"/lint-dist/nbcraft_lint-*.whl)"
python3 -m zipfile -l "$wheel" > "$work/wheel-files.txt"
check "the wheel carries the prebuilt labextension" grep -q 'share/jupyter/labextensions/nbcraft/package.json' "$work/wheel-files.txt"
check "the wheel carries the server extension's config" grep -q 'etc/jupyter/jupyter_server_config.d/nbcraft.json' "$work/wheel-files.txt"
# the tests (nbcraft/tests, with third-party notebooks) stay in the sdist: pyproject's wheel exclude
# the server's credential names (a copy of lint-rules' file): the wheel's must be the JSON itself,
# not a link's text (a checkout without symlinks once packed the 53 characters of one)
check "the wheel carries the credential names secret_shapes reads, as JSON" python3 -c '
import json, sys, zipfile
names = json.loads(zipfile.ZipFile(sys.argv[1]).read("nbcraft/credential_names.json"))
assert isinstance(names["credentialWords"], list) and isinstance(names["inCodeOnly"], dict)
' "$wheel"
check "the wheel carries none of the tests (nbcraft/tests)" bash -c "! grep -q 'nbcraft/tests/' '$work/wheel-files.txt'"

# A venv whose PATH has no node, npm or jlpm: what a user of the wheel has. /bin is
# often a link to /usr/bin, so PATH gets one folder of links to every tool but those.
python3 -m venv "$work/venv"
bash "$repo/scripts/nonode-path.sh" "$work/nonode"
clean_path="$work/venv/bin:$work/nonode"
# pip's own cache is kept: Node's wheel (60 MB) and JupyterLab are not downloaded again each run
pip_cache="$("$repo/.venv/bin/pip" cache dir 2>/dev/null || echo "$HOME/.cache/pip")"
run_clean() { env -i HOME="$work/home" PATH="$clean_path" LANG=C.UTF-8 PIP_CACHE_DIR="$pip_cache" "$@"; }
mkdir -p "$work/home"
check "no node on the fresh venv's PATH" bash -c "! env -i PATH='$clean_path' bash -c 'command -v node' >/dev/null"
echo "installing the wheel and jupyterlab into a fresh venv ..."
if ! run_clean "$work/venv/bin/pip" install -q "$wheel" "$lint_wheel" 'jupyterlab>=4.6,<4.7' >"$work/install.log" 2>&1; then
  tail -20 "$work/install.log"; failed=$((failed + 1)); write_report; exit 1
fi
labext="$(run_clean "$work/venv/bin/jupyter" labextension list 2>&1)"
check "jupyter labextension list shows nbcraft enabled OK" bash -c "grep -Eq 'nbcraft v[0-9.]+ .*enabled.*OK' <<<'$labext'"
serverext="$(run_clean "$work/venv/bin/jupyter" server extension list 2>&1)"
check "jupyter server extension list shows nbcraft enabled" bash -c "grep -Eq 'nbcraft .*enabled' <<<'$serverext'"
check "the server extension imports and validates" bash -c "grep -Eq 'nbcraft .*OK' <<<'$serverext'"
run_clean "$work/venv/bin/nbcraft" rules --format json >"$work/rules.json" 2>&1
check "the installed secret_shapes loads its credential names" run_clean "$work/venv/bin/python" -c '
from nbcraft.secret_shapes import is_credential_name as credential
assert credential("db_password") and credential("cosmos_primary_key") and not credential("pad_token")
'
check "the nbcraft CLI (from nbcraft-lint) runs with no node on PATH" grep -q '"NB110"' "$work/rules.json"
if [ "$failed" -gt 0 ]; then echo "$labext"; echo "$serverext"; head -5 "$work/rules.json"; fi
write_report
[ "$failed" -eq 0 ]
