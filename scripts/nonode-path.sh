#!/usr/bin/env bash
# Usage: nonode-path.sh DIR. Fills DIR with links to every tool of the system folders except
# Node's (node, npm, npx, corepack, yarn, jlpm): a PATH of DIR is a machine without Node.
# /bin is often a link to /usr/bin, hence one folder of links rather than a filtered PATH.
set -euo pipefail
out="$1"
mkdir -p "$out"
for dir in /usr/local/bin /usr/bin /bin /usr/sbin /sbin; do
  for tool in "$dir"/*; do
    name="$(basename "$tool")"
    case "$name" in node|nodejs|npm|npx|corepack|yarn|yarnpkg|jlpm) continue ;; esac
    [ -e "$out/$name" ] || ln -s "$tool" "$out/$name"
  done
done
