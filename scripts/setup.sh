#!/usr/bin/env bash
# Idempotent set-up for a fresh machine of this kind (Debian, Python 3.11, Node 20):
# Chromium, the Python venv with nbcraft in editable mode, the jlpm workspace, the build,
# and the capability-specific steps in scripts/setup.d/. Fast when already set up.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"
step() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }
stamp_ok() { [ -f "$1" ] && [ "$(cat "$1")" = "$2" ]; }

# 1. Debian packages: Chromium for the UI tests, Java 17 for Spark Connect.
need_apt=()
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
command -v java >/dev/null 2>&1 || need_apt+=(openjdk-17-jre-headless)
if [ ${#need_apt[@]} -gt 0 ]; then
  step "apt-get install ${need_apt[*]}"
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
  else
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
  fi
else
  step "Debian packages present (chromium, java)"
fi

# 2. Python venv with nbcraft (editable) and its dev extras, at the versions pinned in
#    requirements/constraints.txt (scripts/update-constraints.sh resolves them on purpose).
if [ ! -x .venv/bin/python ]; then
  step "create .venv"
  python3 -m venv .venv
fi
constraints=requirements/constraints.txt
# nbcraft depends on nbcraft-lint (python/nbcraft-lint, the CLI's wheel): install that one from
# this repository, editable (it runs lint-rules' own build), so pip never looks for it on PyPI.
if [ ! -f .venv/bin/nbcraft-promote-check ]; then
  step "pip install -e python/nbcraft-lint"
  .venv/bin/pip install -q -e python/nbcraft-lint -c "$constraints" >/tmp/nbcraft-lint-pip-install.log 2>&1 \
    || { grep -v '^WARNING: Location' /tmp/nbcraft-lint-pip-install.log | tail -20; exit 1; }
fi
py_hash="$(cat pyproject.toml "$constraints" | sha256sum | cut -c1-16)"
if ! stamp_ok .venv/.nbcraft-deps "$py_hash"; then
  step "pip install -e '.[dev]' -c $constraints (jupyterlab 4.6, mlflow 3, pytest-jupyter, ...)"
  # The JS build runs below through jlpm; skip the hatch hook's own npm build here.
  { .venv/bin/pip install -q -U pip -c "$constraints" &&
    SKIP_JUPYTER_BUILDER=1 .venv/bin/pip install -q -e '.[dev]' -c "$constraints"; } \
    >/tmp/nbcraft-pip-install.log 2>&1 || { grep -v '^WARNING: Location' /tmp/nbcraft-pip-install.log | tail -40; exit 1; }
  echo "$py_hash" > .venv/.nbcraft-deps
else
  step "Python packages up to date"
fi
export PATH="$repo/.venv/bin:$PATH"

# 3. The jlpm workspace.
js_hash="$(cat package.json lint-rules/package.json ui-tests/package.json yarn.lock 2>/dev/null | sha256sum | cut -c1-16)"
if [ ! -d node_modules ] || ! stamp_ok node_modules/.nbcraft-deps "$js_hash"; then
  step "jlpm install"
  jlpm install >/tmp/nbcraft-jlpm-install.log 2>&1 || { tail -40 /tmp/nbcraft-jlpm-install.log; exit 1; }
  js_hash="$(cat package.json lint-rules/package.json ui-tests/package.json yarn.lock 2>/dev/null | sha256sum | cut -c1-16)"
  echo "$js_hash" > node_modules/.nbcraft-deps
else
  step "node_modules up to date"
fi

# 4. Build @nbcraft/lint-rules, the extension, and link it into the venv's JupyterLab;
#    skipped while the build's inputs (sources, configs, installed packages) are unchanged.
build_inputs=(package.json tsconfig.json tsconfig.test.json yarn.lock install.json src style schema
  lint-rules/package.json lint-rules/tsconfig.base.json lint-rules/tsconfig.cli.json
  lint-rules/tsconfig.json lint-rules/src lint-rules/scripts lint-rules/schema)
build_hash() {
  { cat node_modules/.nbcraft-deps
    if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
      git ls-files -z --cached --others --exclude-standard -- "${build_inputs[@]}"
    else
      find "${build_inputs[@]}" -type f -print0 2>/dev/null
    fi | sort -z | xargs -0 -r sha256sum 2>/dev/null || true
  } | sha256sum | cut -c1-16
}
build_stamp=node_modules/.nbcraft-build
build_now="$(build_hash)"
if stamp_ok "$build_stamp" "$build_now" && [ -f nbcraft/labextension/package.json ] &&
   [ -f lib/lint/lint-worker.js ] && [ -d lint-rules/lib ]; then
  step "build up to date (jlpm build skipped)"
else
  step "jlpm build (lint-rules, TypeScript, labextension)"
  jlpm build >/tmp/nbcraft-build.log 2>&1 || { tail -60 /tmp/nbcraft-build.log; exit 1; }
  echo "$build_now" > "$build_stamp"
fi
# The editable install leaves a folder holding only install.json there; JupyterLab must
# see the build instead, through the link that `labextension develop` makes.
if [ "$(readlink -f .venv/share/jupyter/labextensions/nbcraft)" != "$repo/nbcraft/labextension" ]; then
  step "link the labextension into the venv's JupyterLab"
  rm -rf .venv/share/jupyter/labextensions/nbcraft
  jupyter labextension develop --overwrite . >/dev/null
fi
jupyter server extension enable --sys-prefix nbcraft >/dev/null 2>&1

# 5. Capability-specific set-up (servers and environments the tests start).
for script in scripts/setup.d/*.sh; do
  [ -e "$script" ] || continue
  bash "$script"
done
step "done"
