#!/usr/bin/env bash
# The user install: a wheel built with `python -m build` installs into a fresh venv
# with no Node on PATH; JupyterLab then lists nbcraft as an enabled prebuilt
# labextension and jupyter_server lists the nbcraft server extension as enabled.
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
python3 -m zipfile -l "$wheel" > "$work/wheel-files.txt"
check "the wheel carries the prebuilt labextension" grep -q 'share/jupyter/labextensions/nbcraft/package.json' "$work/wheel-files.txt"
check "the wheel carries the server extension's config" grep -q 'etc/jupyter/jupyter_server_config.d/nbcraft.json' "$work/wheel-files.txt"

# A venv whose PATH has no node, npm or jlpm: what a user of the wheel has. /bin is
# often a link to /usr/bin, so PATH gets one folder of links to every tool but those.
python3 -m venv "$work/venv"
mkdir -p "$work/nonode"
for dir in /usr/local/bin /usr/bin /bin /usr/sbin /sbin; do
  for tool in "$dir"/*; do
    name="$(basename "$tool")"
    case "$name" in node|nodejs|npm|npx|corepack|yarn|yarnpkg|jlpm) continue ;; esac
    [ -e "$work/nonode/$name" ] || ln -s "$tool" "$work/nonode/$name"
  done
done
clean_path="$work/venv/bin:$work/nonode"
run_clean() { env -i HOME="$work/home" PATH="$clean_path" LANG=C.UTF-8 "$@"; }
mkdir -p "$work/home"
check "no node on the fresh venv's PATH" bash -c "! env -i PATH='$clean_path' bash -c 'command -v node' >/dev/null"
echo "installing the wheel and jupyterlab into a fresh venv ..."
if ! run_clean "$work/venv/bin/pip" install -q "$wheel" 'jupyterlab>=4.6,<4.7' >"$work/install.log" 2>&1; then
  tail -20 "$work/install.log"; failed=$((failed + 1)); write_report; exit 1
fi
labext="$(run_clean "$work/venv/bin/jupyter" labextension list 2>&1)"
check "jupyter labextension list shows nbcraft enabled OK" bash -c "grep -Eq 'nbcraft v[0-9.]+ .*enabled.*OK' <<<'$labext'"
serverext="$(run_clean "$work/venv/bin/jupyter" server extension list 2>&1)"
check "jupyter server extension list shows nbcraft enabled" bash -c "grep -Eq 'nbcraft .*enabled' <<<'$serverext'"
check "the server extension imports and validates" bash -c "grep -Eq 'nbcraft .*OK' <<<'$serverext'"
if [ "$failed" -gt 0 ]; then echo "$labext"; echo "$serverext"; fi
write_report
[ "$failed" -eq 0 ]
