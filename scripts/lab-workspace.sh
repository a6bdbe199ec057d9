#!/usr/bin/env bash
# The folder `make lab` serves (scripts/lab.sh): the user's own copy of the sample project in
# examples/, made on the first run and kept from then on, so that autosave, Promote and the
# tracking store write there and never into the nbcraft checkout. It is a git repository with
# one initial commit: provenance records a commit, and what Promote writes shows as a diff.
#
#   bash scripts/lab-workspace.sh DIR   makes DIR when it does not exist; an existing DIR is
#                                       served as it is, never overwritten
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
dir="${1:?usage: lab-workspace.sh DIR}"

if [ -e "$dir" ] || [ -L "$dir" ]; then
  if [ ! -d "$dir" ]; then
    echo "lab: $dir exists and is not a folder; set NBCRAFT_LAB_DIR to another folder" >&2
    exit 2
  fi
  echo "lab: serving $dir (your copy of the sample project, kept between runs;" \
    "to start fresh, remove it: rm -rf '$dir')"
  exit 0
fi

# Made beside its final place and renamed at the end, so an interrupted first run leaves no
# half-made workspace that a later run would keep.
parent="$(dirname "$dir")"
mkdir -p "$parent"
staging="$(mktemp -d "$parent/.$(basename "$dir").new-XXXXXX")"
trap 'rm -rf "$staging"' EXIT
chmod "$(printf '%o' $((0777 & ~$(umask))))" "$staging" # mktemp's 0700, as mkdir would make it

# The sample as the repository holds it: its tracked files, not the outputs, runs or promoted
# modules an older `make lab` (which served examples/ itself) may have left there. Outside a
# git checkout (a source archive), the folder without what the lab writes.
if git -C "$repo" rev-parse --is-inside-work-tree >/dev/null 2>&1 &&
  [ -n "$(git -C "$repo" ls-files -- examples)" ]; then
  while IFS= read -r -d '' file; do
    [ -f "$repo/$file" ] || continue
    rel="${file#examples/}"
    mkdir -p "$staging/$(dirname "$rel")"
    cp -p "$repo/$file" "$staging/$rel"
  done < <(git -C "$repo" ls-files -z -- examples)
else
  cp -R "$repo/examples/." "$staging/"
  rm -rf "$staging/.nbcraft" "$staging/mlruns" "$staging/.ipynb_checkpoints"
fi

git -C "$staging" init -q
git -C "$staging" symbolic-ref HEAD refs/heads/main
# The user's own git identity when git has one; otherwise one for this repository only.
if [ -z "$(git -C "$staging" config user.name || true)" ]; then
  git -C "$staging" config user.name "nbcraft lab"
fi
if [ -z "$(git -C "$staging" config user.email || true)" ]; then
  git -C "$staging" config user.email "lab@nbcraft.invalid"
fi
git -C "$staging" add -A
# No signing prompt and no hooks of the user's for this one generated commit.
git -C "$staging" -c commit.gpgsign=false commit -q --no-verify \
  -m "The nbcraft sample project, as make lab copied it from examples/"

mv "$staging" "$dir"
trap - EXIT
echo "lab: made $dir, your copy of the sample project (a git repository with one commit);" \
  "make lab serves it from now on and never overwrites it. To start fresh, remove it: rm -rf '$dir'"
