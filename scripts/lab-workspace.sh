#!/usr/bin/env bash
# The folder `make lab` serves (scripts/lab.sh): the user's own copy of the sample project in
# examples/, made on the first run and kept from then on, so that autosave, Promote and the
# tracking store write there and never into the nbcraft checkout. It is a git repository with
# one initial commit: provenance records a commit, and what Promote writes shows as a diff.
#
#   bash scripts/lab-workspace.sh DIR   makes DIR when it does not exist or is empty; an
#                                       existing DIR is served as it is, never overwritten;
#                                       DIR inside what git tracks of the checkout: exit 2
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd -P)"
dir="${1:?usage: lab-workspace.sh DIR}"

refuse() {
  echo "lab: $1; set NBCRAFT_LAB_DIR to another folder" >&2
  exit 2
}

# The lab writes into the folder it serves (autosave, Promote, the tracking store), so it is
# never the checkout, a folder holding it, examples/, or any folder of the checkout git tracks
# (workspace/, which git ignores, is where the default copy goes).
real="$(realpath -m -- "$dir" 2>/dev/null || printf '%s' "$dir")"
real="${real%/}"
case "$repo/" in "$real"/*) refuse "$dir is the nbcraft checkout or holds it" ;; esac
case "$real/" in
"$repo/examples/"*) refuse "$dir is the checkout's examples/, the sample the copy is made from" ;;
"$repo/"*)
  if [ -n "$(git -C "$repo" ls-files -- "${real#"$repo"/}" 2>/dev/null | head -n 1)" ]; then
    refuse "$dir is a folder of the nbcraft checkout that git tracks"
  fi
  ;;
esac

if [ -e "$dir" ] || [ -L "$dir" ]; then
  if [ ! -d "$dir" ]; then
    refuse "$dir exists and is not a folder"
  fi
  if [ -n "$(ls -A -- "$dir")" ]; then
    echo "lab: serving $dir (your copy of the sample project, kept between runs;" \
      "to start fresh, remove it: rm -rf $(printf %q "$dir"))"
    exit 0
  fi
  # an empty folder (made for it beforehand): the sample is made there
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
if git -C "$repo" rev-parse -q --verify HEAD >/dev/null 2>&1 &&
  [ -n "$(git -C "$repo" ls-tree --name-only HEAD -- examples)" ]; then
  # as committed (HEAD), not as the working tree has it: edits an older `make lab` left in
  # tracked files are not part of the sample
  git -C "$repo" archive --format=tar HEAD -- examples | tar -x -C "$staging" --strip-components=1
else
  cp -R "$repo/examples/." "$staging/"
  rm -rf "$staging/.nbcraft" "$staging/mlruns" "$staging/.ipynb_checkpoints"
fi

# No template (its hooks would be installed) and none of the user's hooks, global excludes or
# signing for this one generated commit: the sample whole, made the same on every machine.
git -C "$staging" init -q --template=
git -C "$staging" symbolic-ref HEAD refs/heads/main
# The user's own git identity when git has one; otherwise one for this repository only.
if [ -z "$(git -C "$staging" config user.name || true)" ]; then
  git -C "$staging" config user.name "nbcraft lab"
fi
if [ -z "$(git -C "$staging" config user.email || true)" ]; then
  git -C "$staging" config user.email "lab@nbcraft.invalid"
fi
git -C "$staging" -c core.excludesFile=/dev/null add -A
git -C "$staging" -c core.hooksPath=/dev/null -c commit.gpgsign=false commit -q --no-verify \
  -m "The nbcraft sample project, as make lab copied it from examples/"

# -T: never into a folder of that name that appeared meanwhile (an empty one is replaced)
if ! mv -T "$staging" "$dir" 2>/dev/null; then
  refuse "$dir appeared while the copy was made and is not empty; it was left as it is"
fi
trap - EXIT
echo "lab: made $dir, your copy of the sample project (a git repository with one commit);" \
  "make lab serves it from now on and never overwrites it. To start fresh, remove it:" \
  "rm -rf $(printf %q "$dir")"
