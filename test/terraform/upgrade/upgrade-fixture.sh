#!/usr/bin/env bash
# Synthesizes an app of this folder with the library as it was at an older commit, and
# keeps what terraform reads (manifest.json and each stack's cdk.tf.json) in
# test/terraform/fixtures/<fixture>: our own output, made again by running this script.
#
# usage: test/terraform/upgrade/upgrade-fixture.sh <commit> <app.ts> <fixture>
# e.g.:  test/terraform/upgrade/upgrade-fixture.sh 85bc849~1 proxmox-app.ts proxmox-before-meta-data
set -euo pipefail

if [[ $# -ne 3 ]]; then
  echo "usage: $0 <commit> <app.ts> <fixture>" >&2
  exit 2
fi
commit=$1
app=$2
fixture=$3
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(git -C "$here" rev-parse --show-toplevel)
modules=$(realpath "$repo/node_modules")
work=$(mktemp -d)
worktree="$work/library"
cleanup() {
  git -C "$repo" worktree remove --force "$worktree" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

git -C "$repo" worktree add --quiet --detach "$worktree" "$commit"
ln -s "$modules" "$worktree/node_modules"
# The bindings of the providers without prebuilt packages, as that commit generated them.
(cd "$worktree" && npm run --silent gen >/dev/null)
mkdir -p "$worktree/test/terraform/upgrade"
cp "$here/$app" "$worktree/test/terraform/upgrade/$app"
(cd "$worktree" && npx ts-node --transpile-only "test/terraform/upgrade/$app" "$work/out")

target="$here/../fixtures/$fixture"
rm -rf "$target"
mkdir -p "$target"
cp "$work/out/manifest.json" "$target/"
(cd "$work/out" && find stacks -name cdk.tf.json -exec cp --parents {} "$target/" \;)
if grep -rlF -e "$work" -e "$repo" "$target"; then
  echo "$0: the files above hold a path of this machine; not a fixture" >&2
  exit 1
fi
echo "$commit ($(git -C "$repo" rev-parse --short "$commit")) -> test/terraform/fixtures/$fixture"
